/** The pure-JS MP4/MOV reader on files built box by box here (no ffmpeg needed). */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assertMp4Complete, readMp4Info } from "../../../../src/engine/analyze/video/mp4-boxes.js";

const dir = mkdtempSync(join(tmpdir(), "mp4-boxes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function box(type: string, ...body: Buffer[]): Buffer {
  const content = Buffer.concat(body);
  return Buffer.concat([u32(content.length + 8), Buffer.from(type, "latin1"), content]);
}

/** Version-0 mvhd/mdhd: version+flags, creation, modification, timescale, duration. */
function header(type: "mvhd" | "mdhd", timescale: number, duration: number): Buffer {
  const pad = type === "mvhd" ? Buffer.alloc(80) : Buffer.alloc(4);
  return box(type, u32(0), u32(0), u32(0), u32(timescale), u32(duration), pad);
}

function track(handler: string, timescale: number, duration: number, stts: [number, number][]): Buffer {
  const hdlr = box("hdlr", u32(0), u32(0), Buffer.from(handler, "latin1"), Buffer.alloc(13));
  const sttsBox = box("stts", u32(0), u32(stts.length), ...stts.flatMap(([count, delta]) => [u32(count), u32(delta)]));
  const stbl = box("stbl", sttsBox);
  return box(
    "trak",
    box("tkhd", Buffer.alloc(84)),
    box("mdia", header("mdhd", timescale, duration), hdlr, box("minf", stbl)),
  );
}

function movie(moovFirst: boolean, tracks: Buffer[]): Buffer {
  const ftyp = box("ftyp", Buffer.from("isom", "latin1"), u32(512), Buffer.from("isomiso2mp41", "latin1"));
  const moov = box("moov", header("mvhd", 1000, 4040), ...tracks);
  const mdat = box("mdat", Buffer.alloc(3000, 7));
  return Buffer.concat(moovFirst ? [ftyp, moov, mdat] : [ftyp, mdat, moov]);
}

// 29.97 fps video, 4.004 s: 120 frames of 1001 ticks at 30000; AAC audio 4.04 s at 44100.
const VIDEO = track("vide", 30000, 120 * 1001, [[120, 1001]]);
const AUDIO = track("soun", 44100, Math.round(4.04 * 44100), [[174, 1024]]);

describe("readMp4Info", () => {
  it.each([true, false])("reads duration, frame rate and track kinds (moov first: %s)", async (moovFirst) => {
    const path = join(dir, `movie-${moovFirst}.mp4`);
    writeFileSync(path, movie(moovFirst, [VIDEO, AUDIO]));
    const info = await readMp4Info(path);
    expect(info.durationSeconds).toBeCloseTo(4.04, 6);
    const video = info.tracks.find((t) => t.handler === "vide");
    expect(video?.durationSeconds).toBeCloseTo(4.004, 6);
    expect(video?.frameRate).toBeCloseTo(29.97, 2);
    expect(video?.sampleCount).toBe(120);
    expect(info.tracks.map((t) => t.handler).sort()).toEqual(["soun", "vide"]);
    await expect(assertMp4Complete(path)).resolves.toBeUndefined();
  });

  it("handles variable frame durations by averaging over stts", async () => {
    const path = join(dir, "vfr.mp4");
    writeFileSync(
      path,
      movie(true, [
        track("vide", 90000, 90000 * 2, [
          [30, 3000],
          [15, 6000],
        ]),
      ]),
    );
    const info = await readMp4Info(path);
    expect(info.tracks[0]?.frameRate).toBeCloseTo(22.5, 6);
  });

  it("finds a truncated file: moov missing, or a box that runs past the end", async () => {
    const whole = movie(false, [VIDEO]);
    const cut = join(dir, "cut.mp4");
    writeFileSync(cut, whole.subarray(0, whole.length - 40));
    await expect(readMp4Info(cut)).rejects.toMatchObject({ code: "UNSUPPORTED_FORMAT" });
    await expect(assertMp4Complete(cut)).rejects.toMatchObject({ code: "UNSUPPORTED_FORMAT" });
    const text = join(dir, "text.mp4");
    writeFileSync(text, "not a movie at all, only words\n");
    await expect(readMp4Info(text)).rejects.toMatchObject({ code: "UNSUPPORTED_FORMAT" });
  });
});
