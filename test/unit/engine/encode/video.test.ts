/** muxMusicUnderVideo: streams and duration confirmed by ffprobe, levels and fade measured on the decoded audio. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mixGraph, muxMusicUnderVideo } from "../../../../src/engine/encode/video.js";
import {
  chordProgression,
  FFMPEG,
  ffprobe,
  hasFfmpeg,
  makeColourVideo,
  NO_FFMPEG_MESSAGE,
  writeWav,
} from "../../../support/media.js";

const HAS_FFMPEG = hasFfmpeg();
if (!HAS_FFMPEG) process.stderr.write(`video.test.ts: ${NO_FFMPEG_MESSAGE}\n`);

const dir = mkdtempSync(join(tmpdir(), "mux-test-"));
const at = (name: string) => join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Decoded mono audio of a file at 8 kHz, for level checks. */
function decodeMono(path: string): Float32Array {
  const r = spawnSync(FFMPEG, ["-v", "error", "-i", path, "-vn", "-ac", "1", "-ar", "8000", "-f", "f32le", "-"], {
    maxBuffer: 64 * 1024 * 1024,
  });
  const bytes = r.stdout as Buffer;
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function rms(samples: Float32Array, fromSeconds: number, toSeconds: number): number {
  const a = Math.floor(fromSeconds * 8000);
  const b = Math.min(samples.length, Math.floor(toSeconds * 8000));
  let sum = 0;
  for (let i = a; i < b; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / Math.max(1, b - a));
}

describe("mixGraph", () => {
  it("pads and trims the music to the video, fades it out at the end, and restores unity gain after amix", () => {
    const withSound = mixGraph(10, 0.35, 1.5, true);
    expect(withSound).toContain("volume=0.350");
    expect(withSound).toContain("atrim=0:10.000");
    expect(withSound).toContain("afade=t=out:st=8.500:d=1.500");
    expect(withSound).toContain("amix=inputs=2:duration=first:dropout_transition=0,volume=2[aout]");
    const silent = mixGraph(1, 1, 1.5, false);
    expect(silent).not.toContain("amix");
    expect(silent).toContain("afade=t=out:st=0.000:d=1.000");
  });
});

describe("muxMusicUnderVideo without ffmpeg", () => {
  it("fails with NEEDS_FFMPEG and writes nothing", async () => {
    const out = at("never.mp4");
    await expect(
      muxMusicUnderVideo({ video: at("x.mp4"), music: at("x.wav"), out, ffmpeg: "/nonexistent/ffmpeg" }),
    ).rejects.toMatchObject({ code: "NEEDS_FFMPEG" });
    expect(existsSync(out)).toBe(false);
  });
});

describe.skipIf(!HAS_FFMPEG)("muxMusicUnderVideo (needs ffmpeg)", () => {
  beforeAll(() => {
    makeColourVideo(
      at("talk.mp4"),
      [
        { colour: "red", seconds: 2 },
        { colour: "blue", seconds: 2.2 },
      ],
      { withAudio: true },
    );
    makeColourVideo(at("silent.mp4"), [{ colour: "green", seconds: 3 }], { fps: 30 });
    const music = chordProgression("C", "major", 8, 44100);
    writeWav(at("music.wav"), [music, music], 44100, 16);
    const short = chordProgression("A", "minor", 1.5, 44100);
    writeWav(at("short.wav"), [short, short], 44100, 16);
  });

  it("keeps the picture, mixes the music under the video's sound, and matches the video's duration", async () => {
    const out = at("talk-with-music.mp4");
    const result = await muxMusicUnderVideo({ video: at("talk.mp4"), music: at("music.wav"), out, ffmpeg: FFMPEG });
    expect(result.path).toBe(out);
    expect(result.bytes).toBe(statSync(out).size);
    const probe = ffprobe(out);
    expect(probe.streams.map((s) => s.codec_type).sort()).toEqual(["audio", "video"]);
    expect(probe.streams.find((s) => s.codec_type === "video")?.codec_name).toBe("mpeg4");
    expect(probe.streams.find((s) => s.codec_type === "audio")?.codec_name).toBe("aac");
    expect(Math.abs(probe.durationSeconds - 4.2)).toBeLessThanOrEqual(1 / 25);
    expect(Math.abs(result.durationSeconds - 4.2)).toBeLessThanOrEqual(1 / 25);
    for (const s of probe.streams) expect(Math.abs(Number(s.duration) - 4.2)).toBeLessThanOrEqual(0.05);
  });

  it("plays the music at full level under a silent video and fades it out by the last frame", async () => {
    const out = at("silent-with-music.mp4");
    await muxMusicUnderVideo({ video: at("silent.mp4"), music: at("music.wav"), out, ffmpeg: FFMPEG });
    const audio = decodeMono(out);
    const body = rms(audio, 0.5, 1.2);
    expect(body).toBeGreaterThan(0.05);
    expect(rms(audio, 2.9, 3.0)).toBeLessThan(body * 0.15);
    expect(Math.abs(ffprobe(out).durationSeconds - 3)).toBeLessThanOrEqual(1 / 30);
  });

  it("sets the music level with bgmVolume and pads music shorter than the video with silence", async () => {
    const loud = at("loud.mp4");
    const quiet = at("quiet.mp4");
    await muxMusicUnderVideo({
      video: at("silent.mp4"),
      music: at("music.wav"),
      out: loud,
      bgmVolume: 1,
      ffmpeg: FFMPEG,
    });
    await muxMusicUnderVideo({
      video: at("silent.mp4"),
      music: at("music.wav"),
      out: quiet,
      bgmVolume: 0.25,
      ffmpeg: FFMPEG,
    });
    const ratio = rms(decodeMono(quiet), 0.3, 1.3) / rms(decodeMono(loud), 0.3, 1.3);
    expect(ratio).toBeGreaterThan(0.2);
    expect(ratio).toBeLessThan(0.3);
    const padded = at("padded.mp4");
    await muxMusicUnderVideo({
      video: at("silent.mp4"),
      music: at("short.wav"),
      out: padded,
      fadeOutSeconds: 0.2,
      ffmpeg: FFMPEG,
    });
    expect(Math.abs(ffprobe(padded).durationSeconds - 3)).toBeLessThanOrEqual(1 / 30);
    expect(rms(decodeMono(padded), 2, 2.6)).toBeLessThan(0.001);
  });

  it("never overwrites: an existing output is a CONFLICT and stays as it was", async () => {
    const out = at("taken.mp4");
    writeFileSync(out, "mine");
    await expect(
      muxMusicUnderVideo({ video: at("silent.mp4"), music: at("music.wav"), out, ffmpeg: FFMPEG }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(statSync(out).size).toBe(4);
  });

  it("leaves nothing behind when the inputs are bad", async () => {
    writeFileSync(at("not-video.mp4"), "words");
    const before = readdirSync(dir).length;
    await expect(
      muxMusicUnderVideo({ video: at("not-video.mp4"), music: at("music.wav"), out: at("bad.mp4"), ffmpeg: FFMPEG }),
    ).rejects.toMatchObject({ code: "UNSUPPORTED_FORMAT" });
    await expect(
      muxMusicUnderVideo({ video: at("silent.mp4"), music: at("missing.wav"), out: at("bad.mp4"), ffmpeg: FFMPEG }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(readdirSync(dir).length).toBe(before);
  });
});
