/**
 * Gapless MP3 decoded by ffmpeg: exactly the input's samples at lag 0 (the Info tag's delay and padding), ffprobe
 * counts the same, and a loop file played twice in a row has no gap or click at the join. The old output (the
 * same audio frames without the tag) is run through the same seam check to show the check catches a gap.
 * Skipped with a message when ffmpeg is not installed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFfmpeg } from "../../../../src/engine/dsp/ffmpeg.js";
import { guardedBuffer, peakGuard } from "../../../../src/engine/dsp/peak-guard.js";
import { encodeMp3 } from "../../../../src/engine/encode/lossy.js";
import { parseFrameHeader, readInfoTag } from "../../../../src/engine/encode/mp3-info.js";
import type { StereoBuffer } from "../../../../src/engine/types.js";

const tools = findFfmpeg();
const dir = mkdtempSync(join(tmpdir(), "composer-mp3-gapless-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function decode(bytes: Uint8Array): { left: Float32Array; right: Float32Array } {
  const path = join(dir, `d${files++}.mp3`);
  writeFileSync(path, bytes);
  const out = spawnSync(tools!.ffmpeg, ["-v", "error", "-i", path, "-f", "f32le", "-"], { maxBuffer: 1 << 28 }).stdout;
  const pcm = new Float32Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.length));
  const left = new Float32Array(pcm.length / 2);
  const right = new Float32Array(pcm.length / 2);
  for (let i = 0; i < left.length; i++) {
    left[i] = pcm[2 * i]!;
    right[i] = pcm[2 * i + 1]!;
  }
  return { left, right };
}

/** A Hann-windowed 1 kHz burst of 400 samples at `at`, silence elsewhere. */
function burst(n: number, sampleRate: number, at = 5000): StereoBuffer {
  const left = new Float32Array(n);
  for (let i = at; i < Math.min(n, at + 400); i++) {
    left[i] = 0.5 * Math.sin((2 * Math.PI * 1000 * i) / sampleRate) * Math.sin((Math.PI * (i - at)) / 400);
  }
  return { sampleRate, left, right: left.slice() };
}

/** Where the burst lands in `decoded`, relative to where it was: the cross-correlation's peak in ±1500. */
function lagOf(source: Float32Array, decoded: Float32Array, at = 5000): number {
  let best = Number.NEGATIVE_INFINITY;
  let lag = Number.NaN;
  for (let l = -1500; l <= 1500; l++) {
    let s = 0;
    for (let i = at; i < at + 400; i++) s += source[i]! * (decoded[i + l] ?? 0);
    if (s > best) [best, lag] = [s, l];
  }
  return lag;
}

/** A loop: partials and a level swell with whole cycles over its length, so it repeats seamlessly. */
function loopSignal(n: number, sampleRate: number, gain = 1): StereoBuffer {
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / n;
    const swell = 0.6 + 0.4 * Math.cos(2 * Math.PI * 2 * t); // loudest at the seam: a gap there cannot hide
    const w = 2 * Math.PI * t;
    left[i] = gain * swell * (0.35 * Math.sin(220 * w) + 0.12 * Math.sin(661 * w + 1) + 0.05 * Math.sin(1763 * w + 2));
    right[i] = gain * swell * (0.35 * Math.sin(331 * w + 0.5) + 0.1 * Math.sin(997 * w));
  }
  return { sampleRate, left, right };
}

function twice(x: Float32Array): Float32Array {
  const y = new Float32Array(2 * x.length);
  y.set(x);
  y.set(x, x.length);
  return y;
}

const SEAM = 2048; // samples either side of the join that count as "at the seam"
const WINDOW = 256;

/** The largest sample-to-sample step and the quietest 256-sample RMS within SEAM of the join of x played twice. */
function atJoin(x: Float32Array): { jump: number; quietestRms: number } {
  const y = twice(x);
  const m = x.length;
  let jump = 0;
  for (let i = m - SEAM; i <= m + SEAM; i++) jump = Math.max(jump, Math.abs(y[i]! - y[i - 1]!));
  let quietestRms = Number.POSITIVE_INFINITY;
  for (let s = m - SEAM; s + WINDOW <= m + SEAM; s += 32) {
    let e = 0;
    for (let i = s; i < s + WINDOW; i++) e += y[i]! ** 2;
    quietestRms = Math.min(quietestRms, Math.sqrt(e / WINDOW));
  }
  return { jump, quietestRms };
}

/**
 * Seamless when, at the join, no step is more than 20 % above the source's own largest step there (lossy
 * tolerance; the source's steps are the signal's, not a fault) and no window is below half the source's
 * quietest there (no gap).
 */
function seamless(decoded: { left: Float32Array; right: Float32Array }, source: StereoBuffer): boolean {
  return (["left", "right"] as const).every((ch) => {
    const d = atJoin(decoded[ch]);
    const s = atJoin(source[ch]);
    return d.jump <= 1.2 * s.jump && d.quietestRms >= 0.5 * s.quietestRms;
  });
}

describe.skipIf(!tools)("gapless MP3 through ffmpeg (this block is skipped when ffmpeg is not installed)", () => {
  for (const rate of [44100, 48000]) {
    for (const n of [rate, 46080, 10007]) {
      it(`${rate} Hz, ${n} samples${n % 1152 === 0 ? " (whole frames)" : ""}: decodes to exactly ${n} samples, lag 0`, async () => {
        const source = burst(n, rate);
        const decoded = decode(await encodeMp3(source));
        expect(decoded.left.length).toBe(n);
        expect(lagOf(source.left, decoded.left)).toBe(0);
        expect(lagOf(source.right, decoded.right)).toBe(0);
      });
    }
  }

  it("a loop decodes to exactly its samples at lag 0 too (the wrapped head and tail are cut away)", async () => {
    const source = burst(30000, 44100, 20);
    const decoded = decode(await encodeMp3(source, 256, true));
    expect(decoded.left.length).toBe(30000);
    expect(lagOf(source.left, decoded.left, 20)).toBe(0);
  });

  for (const rate of [44100, 48000]) {
    it(`ffprobe at ${rate} Hz: the decoded frames add up to N samples; the container's duration covers N`, async () => {
      const n = Math.round(1.5 * rate) + 7;
      const bytes = await encodeMp3(burst(n, rate));
      const path = join(dir, `probe${rate}.mp3`);
      writeFileSync(path, bytes);
      const frames = spawnSync(
        tools!.ffprobe,
        ["-v", "error", "-select_streams", "a", "-show_entries", "frame=nb_samples", "-of", "csv=p=0", path],
        { encoding: "utf8" },
      ).stdout;
      const samples = frames
        .trim()
        .split("\n")
        .reduce((sum, line) => sum + Number(line), 0);
      expect(samples).toBe(n);
      expect(Math.abs(samples / rate - n / rate)).toBeLessThan(1 / rate);
      // ffmpeg's demuxer reports the Info tag's frames × 1152 (it leaves delay and padding to the decoder)
      const format = spawnSync(
        tools!.ffprobe,
        ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
        { encoding: "utf8" },
      ).stdout;
      const tag = readInfoTag(bytes)!;
      expect(Number(format)).toBeGreaterThanOrEqual(n / rate - 1e-6);
      expect(Number(format)).toBeLessThanOrEqual((n + tag.delaySamples + tag.paddingSamples) / rate + 1e-6);
    });
  }

  for (const [rate, n, gain] of [
    [44100, 44100, 1],
    [48000, 96000, 1],
    [44100, 44100, 1.9], // loud: the peak guard turns it down (circularly), the wrapped samples too
  ] as const) {
    it(`a loop (${rate} Hz, ${n} samples, gain ${gain}) played twice has no gap or click at the join; the old untagged file had`, async () => {
      const loud = loopSignal(n, rate, gain);
      expect(peakGuard(loud, true) !== undefined).toBe(gain > 1);
      const source = guardedBuffer(loud, true); // what the encoder is fed
      const loop = decode(await encodeMp3(loud, 256, true));
      expect(loop.left.length).toBe(n);
      expect(seamless(loop, source)).toBe(true);

      // against the source looped: the error at the join is of the same size as anywhere else
      const err = (from: number, to: number): number => {
        const d = twice(loop.left);
        const s = twice(source.left);
        let e = 0;
        for (let i = from; i < to; i++) e += (d[i]! - s[i]!) ** 2;
        return Math.sqrt(e / (to - from));
      };
      const atSeam = err(n - 576, n + 576);
      const elsewhere = err(n / 2 - 576, n / 2 + 576);
      expect(atSeam).toBeLessThan(3 * elsewhere + 1e-4);

      // the old output: the same encoder without the tag frame, delay and padding heard as silence
      const plain = await encodeMp3(loud, 256, false);
      const old = decode(plain.subarray(parseFrameHeader(plain)!.frameBytes));
      expect(old.left.length).toBeGreaterThan(n);
      expect(seamless(old, source)).toBe(false);
      // gapless but not wrapped: the first frames were coded from silence, and the join clicks
      expect(seamless(decode(plain), source)).toBe(false);
    });
  }
});
