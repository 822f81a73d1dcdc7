/**
 * Ogg Vorbis in segments on workers, joined at a block boundary both encoders share: the file has exactly the
 * input's samples, pages a parser reads back whole, and decodes like one encode of the same audio (Vorbis VBR
 * has no bit reservoir, so once the second encoder has settled its packets are the first's). The page writer
 * spans packets over pages. Decoding checks are skipped with a message when ffmpeg is not installed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFfmpeg } from "../../../../src/engine/dsp/ffmpeg.js";
import { peakGuard } from "../../../../src/engine/dsp/peak-guard.js";
import { encodeAudio } from "../../../../src/engine/encode/index.js";
import { encodeOggRange } from "../../../../src/engine/encode/lossy.js";
import { modeBlockFlags, vorbisStream } from "../../../../src/engine/encode/ogg-join.js";
import { oggPackets, vorbisPages } from "../../../../src/engine/encode/ogg-pages.js";
import { encodeOggInSegments } from "../../../../src/engine/encode/ogg-segments.js";
import { closeEncodeWorkers, type OggJob } from "../../../../src/engine/encode/segments.js";
import type { StereoBuffer } from "../../../../src/engine/types.js";

const SR = 44100;
const tools = findFfmpeg();
const cores = availableParallelism();
const dir = mkdtempSync(join(tmpdir(), "composer-ogg-segments-"));
afterAll(() => {
  closeEncodeWorkers();
  rmSync(dir, { recursive: true, force: true });
});

/** Two tones and a drum-like hit every 0.4 s (the hits make the encoder switch to short blocks). */
function music(seconds: number, shared = true): StereoBuffer {
  const n = Math.round(seconds * SR);
  const make = () => (shared ? new Float32Array(new SharedArrayBuffer(n * 4)) : new Float32Array(n));
  const left = make();
  const right = make();
  for (let i = 0; i < n; i++) {
    const t = i / SR;
    const since = t % 0.4;
    const hit = since < 0.12 ? Math.sin(2 * Math.PI * 150 * since) * Math.exp(-since * 35) : 0;
    left[i] = 0.2 * Math.sin(2 * Math.PI * 220 * t) + 0.5 * hit;
    right[i] = 0.2 * Math.sin(2 * Math.PI * 277.2 * t) + 0.45 * hit;
  }
  return { sampleRate: SR, left, right };
}

function decode(bytes: Uint8Array): { left: Float32Array; errors: string } {
  const path = join(dir, `d${Math.random().toString(36).slice(2)}.ogg`);
  writeFileSync(path, bytes);
  const r = spawnSync(tools!.ffmpeg, ["-v", "error", "-i", path, "-f", "f32le", "-"], { maxBuffer: 1 << 28 });
  const stereo = new Float32Array(r.stdout.buffer.slice(r.stdout.byteOffset, r.stdout.byteOffset + r.stdout.length));
  return { left: stereo.filter((_, i) => i % 2 === 0), errors: r.stderr.toString() };
}

function snrDb(reference: Float32Array, other: Float32Array): number {
  let s = 0;
  let e = 0;
  for (let i = 0; i < reference.length; i++) {
    s += reference[i]! ** 2;
    e += (reference[i]! - (other[i] ?? 0)) ** 2;
  }
  return 10 * Math.log10(s / Math.max(e, 1e-30));
}

describe("Ogg Vorbis in segments", () => {
  const buffer = music(30);
  const job: OggJob = { buffer, vbrQuality: 5, loop: false, gains: peakGuard(buffer), from: 0, to: buffer.left.length };

  it.runIf(cores >= 2)("reads back as one stream of the input's length, its block boundaries intact", async () => {
    const joined = await encodeOggInSegments(job);
    expect(joined).toBeDefined();
    const stream = vorbisStream(joined!)!;
    expect(stream.length).toBe(buffer.left.length);
    expect(new Set(stream.sizes)).toEqual(new Set([256, 2048]));
    // every page's granule position is the end of its last packet, counted from the block sizes
    const ogg = oggPackets(joined!)!;
    let checked = 0;
    for (let k = 0; k < stream.audio.length - 1; k++) {
      const g = ogg.granules[k + 3]!;
      if (g < 0n) continue;
      expect(Number(g)).toBe(stream.ends[k]);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it.runIf(cores >= 2 && tools !== undefined)("decodes like one encode of the whole", async () => {
    const whole = decode(await encodeOggRange(job));
    const split = decode((await encodeOggInSegments(job))!);
    expect(split.errors).toBe("");
    expect(split.left.length).toBe(buffer.left.length);
    expect(whole.left.length).toBe(buffer.left.length);
    expect(snrDb(whole.left, split.left)).toBeGreaterThan(40);
  });

  it.runIf(cores >= 2 && tools !== undefined)(
    "keeps the length of a mostly silent stem (pages of 255 tiny packets)",
    async () => {
      const n = 25 * SR;
      const left = new Float32Array(new SharedArrayBuffer(n * 4));
      for (let i = 12 * SR; i < 13 * SR; i++) left[i] = 0.3 * Math.sin(i / 20) * Math.exp(-(i - 12 * SR) / 8000);
      const quiet = { sampleRate: SR, left, right: left };
      const joined = await encodeOggInSegments({ ...job, buffer: quiet, gains: undefined, to: n });
      expect(decode(joined!).left.length).toBe(n);
    },
  );

  it.runIf(cores >= 2 && tools !== undefined)("keeps a loop's tags and length through encodeAudio", async () => {
    const loop = music(22, false); // not shared: copied for the workers
    const ogg = await encodeAudio(loop, "ogg", { loop: { start: 0, end: 22 }, title: "t" });
    const comments = new TextDecoder().decode(oggPackets(ogg)!.packets[1]);
    expect(comments).toContain(`LOOPLENGTH=${loop.left.length}`);
    expect(decode(ogg).left.length).toBe(loop.left.length);
  });
});

describe("Vorbis pages", () => {
  it("span a long packet over pages and read back packet for packet", () => {
    const headers = [new Uint8Array([1, 2, 3]), new Uint8Array(300).fill(7), new Uint8Array(70000).fill(9)];
    const packets = [
      { data: new Uint8Array(10).fill(1), size: 2048, end: 0 },
      { data: new Uint8Array(255 * 300).fill(2), size: 2048, end: 1024 },
      { data: new Uint8Array(510).fill(3), size: 2048, end: 2048 },
    ];
    const bytes = Uint8Array.from(vorbisPages(42, headers, packets, 1800).flatMap((p) => [...p]));
    const back = oggPackets(bytes)!;
    expect(back.serial).toBe(42);
    expect(back.packets.map((p) => p.length)).toEqual([3, 300, 70000, 10, 255 * 300, 510]);
    expect(back.packets[4]!.every((v) => v === 2)).toBe(true);
    // the last page carries the stream's length, not the last packet's end
    expect(back.granules[5]).toBe(1800n);
  });

  it("mark a page continued only when the page before ended inside a packet", () => {
    // 600 one-byte packets fill lacing tables exactly (255 a page), then one long packet runs over pages
    const packets = Array.from({ length: 600 }, (_, k) => ({ data: new Uint8Array([k & 0xff]), end: 1024 * k }));
    packets.push({ data: new Uint8Array(255 * 400), end: 1024 * 600 });
    const pages = vorbisPages(7, [new Uint8Array(30), new Uint8Array(20), new Uint8Array(40)], packets, 1024 * 600);
    let previousEndedInside = false;
    let continued = 0;
    for (const page of pages) {
      const laces = page.subarray(27, 27 + page[26]!);
      expect((page[5]! & 1) === 1).toBe(previousEndedInside);
      if (previousEndedInside) continued++;
      previousEndedInside = laces[laces.length - 1] === 255;
    }
    expect(continued).toBeGreaterThan(0);
    expect(oggPackets(Uint8Array.from(pages.flatMap((p) => [...p])))!.packets.length).toBe(3 + 601);
  });

  it("find the modes' block flags at the end of a real setup header", async () => {
    const ogg = oggPackets(await encodeOggRange({ ...jobOf(music(2, false)) }))!;
    expect(modeBlockFlags(ogg.packets[2]!)).toEqual([0, 1]);
  });
});

function jobOf(buffer: StereoBuffer): OggJob {
  return { buffer, vbrQuality: 5, loop: false, gains: undefined, from: 0, to: buffer.left.length };
}
