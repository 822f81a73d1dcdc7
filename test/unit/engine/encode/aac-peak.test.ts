/**
 * AAC's overshoot is caught: decaying square-wave bursts mastered to −1.2 dBTP decode above 0 dBTP from
 * ffmpeg's encoder as it is, and within −1 dBTP from ours (which measures each file and turns a second
 * encode down by the excess); a master that decodes within the limit is left at its level. Skipped with a
 * message when ffmpeg is not installed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFfmpeg } from "../../../../src/engine/dsp/ffmpeg.js";
import { truePeak } from "../../../../src/engine/dsp/true-peak.js";
import { AAC_DEFAULTS, encodeAac } from "../../../../src/engine/encode/ffmpeg-aac.js";
import { encodeWav } from "../../../../src/engine/encode/wav.js";
import type { StereoBuffer } from "../../../../src/engine/types.js";

const SR = 44100;
const tools = findFfmpeg();
const dir = mkdtempSync(join(tmpdir(), "composer-aac-peak-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bursts of `wave` every 0.3 s, decaying, scaled to a true peak of `peakDbtp`. */
function bursts(wave: (phase: number) => number, peakDbtp: number): StereoBuffer {
  const n = SR * 8;
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / SR;
    const since = t % 0.3;
    const hz = [196, 247, 294, 330][Math.floor(t / 0.3) % 4]!;
    left[i] = wave((hz * since) % 1) * Math.exp(-since * 8);
    right[i] = left[i]! * 0.9;
  }
  const buffer = { sampleRate: SR, left, right };
  const gain = 10 ** ((peakDbtp - truePeak(buffer)) / 20);
  for (let i = 0; i < n; i++) {
    left[i]! *= gain;
    right[i]! *= gain;
  }
  return buffer;
}

let files = 0;
/** ffmpeg's EBU R128 true peak of a file (dBTP) and its integrated loudness (LUFS). */
function measure(bytes: Uint8Array, ext: string): { peak: number; lufs: number } {
  const path = join(dir, `m${files++}.${ext}`);
  writeFileSync(path, bytes);
  const args = ["-hide_banner", "-nostats", "-i", path, "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"];
  const log = spawnSync(tools!.ffmpeg, args).stderr.toString();
  const peak = Number(/Peak:\s*(-?[\d.]+)/.exec(log.slice(log.lastIndexOf("True peak:")))?.[1]);
  const lufs = Number(/I:\s*(-?[\d.]+) LUFS/.exec(log.slice(log.lastIndexOf("Integrated loudness:")))?.[1]);
  return { peak, lufs };
}

describe.skipIf(!tools)("AAC true peak", () => {
  const square = bursts((p) => (p < 0.5 ? 1 : -1), -1.2);

  it("overshoots through ffmpeg's encoder as it is (the case this guards against)", () => {
    const wav = join(dir, "square.wav");
    writeFileSync(wav, encodeWav(square, { bitDepth: 32 }));
    const out = join(dir, "plain.m4a");
    const codec = ["-c:a", "aac", "-aac_coder", AAC_DEFAULTS.coder, "-b:a", AAC_DEFAULTS.bitrate];
    spawnSync(tools!.ffmpeg, ["-v", "error", "-y", "-i", wav, ...codec, out]);
    expect(measure(new Uint8Array(readFileSync(out)), "m4a").peak).toBeGreaterThan(AAC_DEFAULTS.maxDbtp);
  });

  for (const container of ["m4a", "aac"] as const) {
    it(`stays within ${AAC_DEFAULTS.maxDbtp} dBTP in .${container}, turned down no more than needed`, async () => {
      const { peak, lufs } = measure(await encodeAac(square, container), container);
      expect(peak).toBeLessThanOrEqual(AAC_DEFAULTS.maxDbtp);
      const wav = measure(encodeWav(square, { bitDepth: 32 }), "wav");
      expect(lufs).toBeGreaterThan(wav.lufs - 2.5);
    });
  }

  it("leaves a master that decodes within the limit at its level", async () => {
    const soft = bursts((p) => Math.sin(2 * Math.PI * p), -3);
    const m4a = measure(await encodeAac(soft, "m4a"), "m4a");
    const wav = measure(encodeWav(soft, { bitDepth: 32 }), "wav");
    expect(m4a.peak).toBeLessThanOrEqual(AAC_DEFAULTS.maxDbtp);
    expect(Math.abs(m4a.lufs - wav.lufs)).toBeLessThan(0.3);
  });
});
