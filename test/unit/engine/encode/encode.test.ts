/**
 * Every encoder's output decoded back by ffprobe (and ffmpeg where samples matter): duration, rate and
 * channels right; FLAC bit-exact against WAV; WAV metadata chunks present; Ogg loop tags readable.
 * Skipped with a message when ffprobe is not installed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFfmpeg } from "../../../../src/engine/dsp/ffmpeg.js";
import { evenAdtsBitRate } from "../../../../src/engine/encode/adts-fill.js";
import { encodeAudio, encodeAudioChunks } from "../../../../src/engine/encode/index.js";
import type { AudioFormat, EncodeOptions, StereoBuffer } from "../../../../src/engine/types.js";

const tools = findFfmpeg();
const dir = mkdtempSync(join(tmpdir(), "composer-encode-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tone(seconds: number, sampleRate = 44100): StereoBuffer {
  const n = Math.round(seconds * sampleRate);
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    left[i] =
      0.5 * Math.sin((2 * Math.PI * 440 * i) / sampleRate) + 0.05 * Math.sin((2 * Math.PI * 3100 * i) / sampleRate);
    right[i] = 0.4 * Math.sin((2 * Math.PI * 660 * i) / sampleRate);
  }
  return { sampleRate, left, right };
}

function probe(path: string): { rate: number; channels: number; duration: number; tags: string } {
  const r = spawnSync(
    tools!.ffprobe,
    [
      "-v",
      "error",
      "-show_entries",
      "stream=sample_rate,channels:format=duration:stream_tags:format_tags",
      "-of",
      "json",
      path,
    ],
    { encoding: "utf8" },
  );
  const j = JSON.parse(r.stdout) as {
    streams: { sample_rate: string; channels: number; tags?: Record<string, string> }[];
    format: { duration: string; tags?: Record<string, string> };
  };
  const s = j.streams[0]!;
  return {
    rate: Number(s.sample_rate),
    channels: s.channels,
    duration: Number(j.format.duration),
    tags: JSON.stringify({ ...(s.tags ?? {}), ...(j.format.tags ?? {}) }),
  };
}

function decodePcm(path: string, format: "s16le" | "s32le"): Buffer {
  return spawnSync(tools!.ffmpeg, ["-v", "error", "-i", path, "-f", format, "-"], { maxBuffer: 1 << 28 }).stdout;
}

const cases: [AudioFormat, EncodeOptions, number][] = [
  ["wav", {}, 0.001],
  ["wav", { bitDepth: 24 }, 0.001],
  ["wav", { bitDepth: 32 }, 0.001],
  ["flac", {}, 0.001],
  ["flac", { bitDepth: 24 }, 0.001],
  ["mp3", {}, 0.08],
  ["ogg", {}, 0.001],
  ["m4a", {}, 0.06],
  ["aac", {}, 0.06], // ADTS has no duration field: ffprobe estimates it from the bit rate (evened by fill)
  ["wav", { sampleRate: 48000 }, 0.001],
  ["flac", { sampleRate: 48000 }, 0.001],
  ["mp3", { sampleRate: 48000 }, 0.08],
];

describe.skipIf(!tools)(
  "encodeAudio decodes back in ffprobe (this block is skipped when ffprobe/ffmpeg is not installed)",
  () => {
    for (const [format, options, tolerance] of cases) {
      it(`${format} ${JSON.stringify(options)}: 3.5 s, stereo, right rate`, async () => {
        const bytes = await encodeAudio(tone(3.5), format, { title: "Test tone", ...options });
        const path = join(dir, `t-${format}-${Object.values(options).join("-")}.${format}`);
        writeFileSync(path, bytes);
        const p = probe(path);
        expect(p.channels).toBe(2);
        expect(p.rate).toBe(options.sampleRate ?? 44100);
        expect(Math.abs(p.duration - 3.5)).toBeLessThanOrEqual(tolerance);
      });
    }

    it("raw AAC that opens quietly reports its length (fill evens the bit rate) and decodes to the same samples", async () => {
      // 6 s near silence (few bits a frame), then 14 s of dense noise (many): a bit-rate estimate reads seconds long
      const sr = 44100;
      const b = { sampleRate: sr, left: new Float32Array(20 * sr), right: new Float32Array(20 * sr) };
      let seed = 1;
      for (let i = 0; i < b.left.length; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        const noise = seed / 2 ** 32 - 0.5;
        const v = i < 6 * sr ? 0.001 * Math.sin(i * 0.06) : 0.5 * noise + 0.2 * Math.sin(i * 0.031);
        b.left[i] = v;
        b.right[i] = i < 6 * sr ? v : -v;
      }
      const path = join(dir, "quiet-open.aac");
      writeFileSync(path, await encodeAudio(b, "aac"));
      expect(Math.abs(probe(path).duration - 20)).toBeLessThan(0.06);
      // the same stream without the fill: the estimate is far off, and the samples are the same
      const wav = join(dir, "quiet-open.wav");
      writeFileSync(wav, await encodeAudio(b, "wav", { bitDepth: 32 }));
      const raw = spawnSync(
        tools!.ffmpeg,
        ["-v", "error", "-i", wav, "-c:a", "aac", "-b:a", "192k", "-f", "adts", "-"],
        {
          maxBuffer: 1 << 28,
        },
      ).stdout;
      const rawPath = join(dir, "quiet-open-raw.aac");
      writeFileSync(rawPath, raw);
      expect(Math.abs(probe(rawPath).duration - 20)).toBeGreaterThan(0.5);
      const evened = join(dir, "quiet-open-even.aac");
      writeFileSync(evened, evenAdtsBitRate(new Uint8Array(raw)));
      expect(Math.abs(probe(evened).duration - 20)).toBeLessThan(0.06);
      expect(decodePcm(evened, "s16le").equals(decodePcm(rawPath, "s16le"))).toBe(true);
    });

    it("FLAC is lossless: decodes to the same samples as the 16- and 24-bit WAV", async () => {
      const b = tone(2);
      for (const depth of [16, 24] as const) {
        const wav = join(dir, `ref${depth}.wav`);
        const flac = join(dir, `ref${depth}.flac`);
        writeFileSync(wav, await encodeAudio(b, "wav", { bitDepth: depth }));
        writeFileSync(flac, await encodeAudio(b, "flac", { bitDepth: depth }));
        const fmt = depth === 16 ? "s16le" : "s32le";
        expect(decodePcm(flac, fmt).equals(decodePcm(wav, fmt))).toBe(true);
      }
    });

    it("FLAC stays lossless on full-scale noise and square waves (residuals past 4-bit Rice parameters)", async () => {
      const n = SR_FOR_FLAC;
      let seed = 1;
      const noise = () => {
        seed = (seed * 1103515245 + 12345) >>> 0;
        return (seed / 2 ** 31 - 1) * 0.99;
      };
      const loud = {
        sampleRate: SR_FOR_FLAC,
        left: Float32Array.from({ length: n }, noise),
        right: Float32Array.from({ length: n }, (_, i) => (Math.floor(i / 50) % 2 === 0 ? 0.99 : -0.99)),
      };
      for (const depth of [16, 24] as const) {
        const wav = join(dir, `loud${depth}.wav`);
        const flac = join(dir, `loud${depth}.flac`);
        writeFileSync(wav, await encodeAudio(loud, "wav", { bitDepth: depth }));
        writeFileSync(flac, await encodeAudio(loud, "flac", { bitDepth: depth }));
        const fmt = depth === 16 ? "s16le" : "s32le";
        expect(decodePcm(flac, fmt).equals(decodePcm(wav, fmt))).toBe(true);
      }
    });

    it("Ogg carries TITLE, LOOPSTART and LOOPLENGTH comments", async () => {
      const path = join(dir, "loop.ogg");
      writeFileSync(path, await encodeAudio(tone(3), "ogg", { title: "Loop", loop: { start: 0, end: 3 } }));
      const p = probe(path);
      expect(p.tags).toContain('"LOOPSTART":"0"');
      expect(p.tags).toContain('"LOOPLENGTH":"132300"');
      expect(p.tags).toContain('"TITLE":"Loop"');
      expect(Math.abs(p.duration - 3)).toBeLessThan(0.01);
    });

    it("Ogg encoded in segments streams in page-aligned chunks, its comments in its comment header", async () => {
      // long enough to be encoded in segments on workers, and noisy enough (over a megabyte) to come out in
      // several chunks of pages, never joined whole
      let seed = 3;
      const noise = () => {
        seed = (seed * 1103515245 + 12345) >>> 0;
        return (seed / 2 ** 31 - 1) * 0.3;
      };
      const long = tone(45);
      for (let i = 0; i < long.left.length; i++) {
        long.left[i]! += noise();
        long.right[i]! += noise();
      }
      const options = { title: "Long loop", loop: { start: 1, end: 41 } };
      const chunks = encodeAudioChunks(long, "ogg", options);
      expect(chunks).toBeDefined();
      const parts: Uint8Array[] = [];
      for await (const c of chunks!) parts.push(c.slice());
      const streamed = Buffer.concat(parts);
      // in segments (two cores or more): several chunks, each starting on a page
      if (availableParallelism() >= 2) expect(parts.length).toBeGreaterThan(2);
      for (const part of parts) expect(Buffer.from(part.subarray(0, 4)).toString("latin1")).toBe("OggS");
      expect(Buffer.compare(streamed, Buffer.from(await encodeAudio(long, "ogg", options)))).toBe(0);
      const path = join(dir, "long-loop.ogg");
      writeFileSync(path, streamed);
      const p = probe(path);
      expect(p.tags).toContain('"LOOPSTART":"44100"');
      expect(p.tags).toContain(`"LOOPLENGTH":"${40 * 44100}"`);
      expect(p.tags).toContain('"TITLE":"Long loop"');
      expect(Math.abs(p.duration - 45)).toBeLessThan(0.01);
    });

    it("resampling keeps the tone's pitch (440 Hz stays 440 Hz at 48 kHz)", async () => {
      const path = join(dir, "rs.wav");
      writeFileSync(path, await encodeAudio(tone(1), "wav", { sampleRate: 48000, bitDepth: 32 }));
      const pcm = decodePcm(path, "s32le");
      const left: number[] = [];
      for (let i = 0; i < pcm.length / 8; i++) left.push(pcm.readInt32LE(i * 8) / 2 ** 31);
      let crossings = 0;
      for (let i = 4800; i < 43200; i++) if (left[i - 1]! < 0 && left[i]! >= 0) crossings++;
      expect(Math.abs(crossings / 0.8 - 440)).toBeLessThan(3);
    });
  },
);

describe("WAV metadata", () => {
  it("writes LIST/INFO title, cue points with labels, and a smpl loop", async () => {
    const bytes = await encodeAudio(tone(2), "wav", {
      title: "Sunrise",
      markers: [
        { name: "intro", at: 0 },
        { name: "chorus", at: 1 },
      ],
      loop: { start: 0, end: 2 },
    });
    const text = Buffer.from(bytes).toString("latin1");
    expect(text.slice(0, 4)).toBe("RIFF");
    expect(Buffer.from(bytes).readUInt32LE(4)).toBe(bytes.length - 8);
    expect(text).toContain("INAM");
    expect(text).toContain("Sunrise");
    expect(text).toContain("cue ");
    expect(text).toContain("chorus");
    const smpl = text.indexOf("smpl");
    expect(smpl).toBeGreaterThan(0);
    const view = Buffer.from(bytes);
    // loop end is inclusive: the last sample of the file
    expect(view.readUInt32LE(smpl + 8 + 36 + 8)).toBe(0);
    expect(view.readUInt32LE(smpl + 8 + 36 + 12)).toBe(2 * 44100 - 1);
  });

  it("M4A without ffmpeg fails with NEEDS_FFMPEG", async () => {
    await expect(encodeAudio(tone(0.5), "m4a", { ffmpeg: "/nonexistent/ffmpeg" })).rejects.toMatchObject({
      code: "NEEDS_FFMPEG",
    });
  });
});

const SR_FOR_FLAC = 44100;
