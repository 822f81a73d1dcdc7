/**
 * upload_reference's engine side end to end: media the test makes itself (ffmpeg lavfi videos, pure-TS
 * WAVs), analysis accuracy, bad files and bad URLs (loopback server), and life without ffmpeg.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importReference } from "../../src/engine/analyze/index.js";
import type { StoredReference } from "../../src/engine/analyze/types.js";
import {
  chordProgression,
  clickTrack,
  FFMPEG,
  hasFfmpeg,
  makeColourImage,
  makeColourVideo,
  NO_FFMPEG_MESSAGE,
  transcodeAudio,
  writeWav,
} from "../support/media.js";

const HAS_FFMPEG = hasFfmpeg();
if (!HAS_FFMPEG) process.stderr.write(`references.test.ts: ${NO_FFMPEG_MESSAGE}\n`);
const NO_FFMPEG = "/nonexistent/bin/ffmpeg";

const root = mkdtempSync(join(tmpdir(), "references-test-"));
const media = (name: string) => join(root, name);
let destCounter = 0;
/** A fresh destination folder per import, so "nothing left behind" is checked per case. */
const freshDest = () => join(root, `dest-${++destCounter}`);
const leftIn = (dest: string) => (existsSync(dest) ? readdirSync(dest) : []);
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Cuts at 2.0, 3.6, 6.0 and 7.2 s; 10 s in all; every segment a whole number of 25 fps frames.
const SEGMENTS = [
  { colour: "red", seconds: 2.0 },
  { colour: "white", seconds: 1.6 },
  { colour: "blue", seconds: 2.4 },
  { colour: "black", seconds: 1.2 },
  { colour: "yellow", seconds: 2.8 },
];
const CUTS = [2.0, 3.6, 6.0, 7.2];

beforeAll(() => {
  writeWav(media("click-110.wav"), [clickTrack(110, 16)], 44100, 16);
  const chords = chordProgression("D", "major", 12, 48000);
  writeWav(media("d-major.wav"), [chords, chords], 48000, 24);
  const image = new PNG({ width: 32, height: 32 });
  image.data.fill(255);
  writeFileSync(media("white.png"), PNG.sync.write(image));
  writeFileSync(media("text.mp4"), "this is a text file that pretends to be a video\n".repeat(20));
  writeFileSync(media("empty.wav"), "");
  if (!HAS_FFMPEG) return;
  makeColourVideo(media("cuts.mp4"), SEGMENTS, { withAudio: true });
  makeColourVideo(
    media("silent.mov"),
    [
      { colour: "red", seconds: 1.5 },
      { colour: "blue", seconds: 1.5 },
    ],
    { fps: 30 },
  );
  makeColourVideo(media("cuts.webm"), SEGMENTS.slice(0, 3), {});
  makeColourImage(media("orange.jpg"), "orange");
  makeColourImage(media("navy.webp"), "navy");
  transcodeAudio(media("click-110.wav"), media("click-110.mp3"));
  transcodeAudio(media("d-major.wav"), media("d-major.m4a"));
  copyFileSync(media("cuts.mp4"), media("truncated.mp4"));
  truncateSync(media("truncated.mp4"), Math.floor(statSync(media("cuts.mp4")).size * 0.6));
});

async function importOk(path: string, ffmpeg = FFMPEG): Promise<StoredReference> {
  const dest = freshDest();
  const ref = await importReference({ path }, { destDir: dest, ffmpeg });
  expect(ref.reference_id).toMatch(/^ref_[0-9a-f]{16}$/);
  expect(leftIn(dest)).toEqual([`${ref.reference_id}.${ref.format}`]);
  expect(statSync(ref.path).size).toBe(ref.bytes);
  expect(statSync(path).size).toBe(ref.bytes);
  expect(ref.summary.length).toBeGreaterThan(10);
  return ref;
}

function expectCutsNear(found: number[] | undefined, truth: number[], frameSeconds: number): void {
  expect(found).toHaveLength(truth.length);
  for (const [i, t] of (found ?? []).entries())
    expect(Math.abs(t - truth[i]!)).toBeLessThanOrEqual(frameSeconds + 1e-6);
}

async function importFails(source: { path?: string; url?: string }, code: string, options: object = {}): Promise<void> {
  const dest = freshDest();
  await expect(importReference(source, { destDir: dest, ffmpeg: FFMPEG, ...options })).rejects.toMatchObject({ code });
  expect(leftIn(dest)).toEqual([]);
}

describe("references without ffmpeg-made media", () => {
  it("imports a WAV click track: tempo within 4 %, and the original untouched", async () => {
    const before = statSync(media("click-110.wav")).mtimeMs;
    const ref = await importOk(media("click-110.wav"));
    expect(ref).toMatchObject({ kind: "audio", format: "wav", originalName: "click-110.wav" });
    expect(Math.abs(ref.analysis.bpm! - 110) / 110).toBeLessThanOrEqual(0.04);
    expect(ref.analysis.durationSeconds).toBeCloseTo(16, 2);
    expect(ref.analysis.energyCurve).toHaveLength(16);
    expect(statSync(media("click-110.wav")).mtimeMs).toBe(before);
  });

  it("imports a 24-bit stereo WAV chord progression in D major", async () => {
    const ref = await importOk(media("d-major.wav"));
    expect(ref.analysis.key).toEqual({ tonic: "D", mode: "major" });
    expect(ref.analysis.loudnessLufs!).toBeLessThan(-3);
    expect(ref.analysis.loudnessLufs!).toBeGreaterThan(-30);
  });

  it("works without ffmpeg for WAV and PNG", async () => {
    expect((await importOk(media("d-major.wav"), NO_FFMPEG)).analysis.key?.tonic).toBe("D");
    const png = await importOk(media("white.png"), NO_FFMPEG);
    expect(png).toMatchObject({ kind: "image", format: "png" });
    expect(png.analysis.brightness).toBe(1);
  });

  it("answers bad files with the right code and leaves nothing behind", async () => {
    await importFails({ path: media("text.mp4") }, "UNSUPPORTED_FORMAT");
    await importFails({ path: media("empty.wav") }, "UNSUPPORTED_FORMAT");
    await importFails({ path: media("no-such-file.wav") }, "NOT_FOUND");
    await importFails({ path: root }, "INVALID_ARGUMENT");
    await importFails({}, "INVALID_ARGUMENT");
    await importFails({ path: media("click-110.wav") }, "FILE_TOO_LARGE", { limits: { audioBytes: 1000 } });
  });

  it("names the supported formats when it refuses one", async () => {
    const dest = freshDest();
    const error = await importReference({ path: media("text.mp4") }, { destDir: dest, ffmpeg: FFMPEG }).catch((e) => e);
    expect(String(error.message)).toContain("mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac");
  });
});

describe.skipIf(!HAS_FFMPEG)("references made with ffmpeg (needs ffmpeg)", () => {
  it("finds a video's duration within one frame, its cuts within one frame, and its own sound", async () => {
    const ref = await importOk(media("cuts.mp4"));
    expect(ref).toMatchObject({ kind: "video", format: "mp4" });
    const a = ref.analysis;
    expect(a.frameRate).toBeCloseTo(25, 3);
    expect(Math.abs(a.durationSeconds! - 10)).toBeLessThanOrEqual(1 / 25);
    expectCutsNear(a.sceneCutsSeconds, CUTS, 1 / 25);
    expect(a.hasAudio).toBe(true);
    expect(a.loudnessLufs).toBeDefined();
    expect(ref.details.videoCodec).toBe("mpeg4");
  });

  it("reads a silent 30 fps MOV and a WebM", async () => {
    const mov = await importOk(media("silent.mov"));
    expect(mov.analysis).toMatchObject({ kind: "video", hasAudio: false, sceneCutsSeconds: [1.5] });
    expect(Math.abs(mov.analysis.durationSeconds! - 3)).toBeLessThanOrEqual(1 / 30);
    const webm = await importOk(media("cuts.webm"));
    expect(webm.format).toBe("webm");
    expect(Math.abs(webm.analysis.durationSeconds! - 6)).toBeLessThanOrEqual(1 / 25);
    expectCutsNear(webm.analysis.sceneCutsSeconds, CUTS.slice(0, 2), 1 / 25);
  });

  it("decodes MP3 and M4A through ffmpeg: tempo and key survive the codec", async () => {
    const mp3 = await importOk(media("click-110.mp3"));
    expect(mp3).toMatchObject({ kind: "audio", format: "mp3" });
    expect(Math.abs(mp3.analysis.bpm! - 110) / 110).toBeLessThanOrEqual(0.04);
    const m4a = await importOk(media("d-major.m4a"));
    expect(m4a).toMatchObject({ kind: "audio", format: "m4a" });
    expect(m4a.analysis.key).toEqual({ tonic: "D", mode: "major" });
  });

  it("reads JPEG and WebP colour: orange is upbeat and warm, navy is dark and cool", async () => {
    const orange = await importOk(media("orange.jpg"));
    expect(orange.analysis.moodHints).toContain("upbeat");
    expect(orange.analysis.warmth!).toBeGreaterThan(0.7);
    const navy = await importOk(media("navy.webp"));
    expect(navy.analysis.brightness!).toBeLessThan(0.2);
    expect(navy.analysis.warmth!).toBeLessThan(0.5);
    expect(navy.analysis.moodHints).toContain("calm");
    expect(navy.analysis.energy!).toBeLessThan(orange.analysis.energy!);
  });

  it("refuses a truncated MP4 with UNSUPPORTED_FORMAT and leaves nothing behind", async () => {
    await importFails({ path: media("truncated.mp4") }, "UNSUPPORTED_FORMAT");
  });

  it("without ffmpeg: MP4 still gives duration, frame rate and sound through the box reader; MP3, JPEG and WebM need ffmpeg", async () => {
    const mp4 = await importOk(media("cuts.mp4"), NO_FFMPEG);
    expect(mp4.analysis.sceneCutsSeconds).toBeUndefined();
    expect(mp4.analysis.hasAudio).toBe(true);
    expect(mp4.analysis.frameRate).toBeCloseTo(25, 3);
    expect(Math.abs(mp4.analysis.durationSeconds! - 10)).toBeLessThanOrEqual(1 / 25);
    expect(mp4.details.skipped?.join(" ")).toMatch(/scene cuts need ffmpeg/);
    for (const name of ["click-110.mp3", "orange.jpg", "cuts.webm"]) {
      await importFails({ path: media(name) }, "NEEDS_FFMPEG", { ffmpeg: NO_FFMPEG });
    }
  });
});

describe("a folder that already holds references", () => {
  it("adds new ones beside them without touching the rest", async () => {
    const dest = freshDest();
    mkdirSync(dest);
    writeFileSync(join(dest, "keep.txt"), "x");
    const a = await importReference({ path: media("white.png") }, { destDir: dest, ffmpeg: NO_FFMPEG });
    const b = await importReference({ path: media("white.png") }, { destDir: dest, ffmpeg: NO_FFMPEG });
    expect(a.reference_id).not.toBe(b.reference_id);
    await expect(importReference({ path: media("text.mp4") }, { destDir: dest, ffmpeg: NO_FFMPEG })).rejects.toThrow();
    expect(readdirSync(dest).sort()).toEqual([`${a.reference_id}.png`, `${b.reference_id}.png`, "keep.txt"].sort());
  });
});
