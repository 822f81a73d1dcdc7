/**
 * True peak of composed, rendered, mastered and encoded tracks on varied briefs: ≤ −1 dBTP by our own 4×
 * measure and by ffmpeg's `ebur128=peak=true` on the 16-bit WAV (the independent reading QA uses; it
 * resamples to 192 kHz and reads bright transients higher than a 4× sinc). Loudness stays on target.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compose } from "../../../../src/engine/compose/index.js";
import { findFfmpeg } from "../../../../src/engine/dsp/ffmpeg.js";
import { integratedLoudness } from "../../../../src/engine/dsp/loudness.js";
import { truePeak } from "../../../../src/engine/dsp/true-peak.js";
import { encodeAudio } from "../../../../src/engine/encode/index.js";
import { masterTrack } from "../../../../src/engine/master/index.js";
import { interpret } from "../../../../src/engine/plan/index.js";
import { renderStems } from "../../../../src/engine/synthesize/index.js";

const PROMISE_DBTP = -1;
const ffmpeg = findFfmpeg();
const dir = mkdtempSync(join(tmpdir(), "composer-tp-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** ffmpeg's summary true peak (dBTP) of a file, or undefined when it cannot be read. */
function ffmpegTruePeak(path: string): number | undefined {
  if (!ffmpeg) return undefined;
  const r = spawnSync(
    ffmpeg.ffmpeg,
    ["-nostats", "-hide_banner", "-i", path, "-af", "ebur128=peak=true", "-f", "null", "-"],
    { encoding: "utf8" },
  );
  const summary = r.stderr.split("Summary:")[1] ?? "";
  const m = /True peak:\s*Peak:\s*(-?[\d.]+|-inf)/.exec(summary);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

const BRIEFS: { brief: string; sampleRate?: number }[] = [
  { brief: "Irish jig with tin whistle and bodhran, 6/8, 35 seconds", sampleRate: 48000 },
  { brief: "Cinematic trailer, 140 BPM, 45 seconds, big drums" },
  { brief: "upbeat pop 60 seconds" },
  { brief: "dubstep 140 BPM 40 seconds drop at 0:20" },
];

describe("true peak of composed masters", () => {
  for (const [i, { brief, sampleRate }] of BRIEFS.entries()) {
    it(`${brief}${sampleRate ? ` (WAV at ${sampleRate} Hz)` : ""}: ≤ −1 dBTP, loudness ±0.5 LU`, async () => {
      const { plan } = interpret(brief, { overrides: { seed: 11 + i } });
      const score = compose(plan);
      const stems = await renderStems(score, { sampleRate: 44100 });
      const m = masterTrack(stems, score, { lufs: score.lufs });
      expect(Math.abs(integratedLoudness(m.mix) - score.lufs)).toBeLessThan(0.5);
      expect(truePeak(m.mix)).toBeLessThanOrEqual(PROMISE_DBTP - 0.2);
      expect(m.truePeakDbtp).toBeLessThanOrEqual(PROMISE_DBTP - 0.2);

      const wav = await encodeAudio(m.mix, "wav", { bitDepth: 16, ...(sampleRate ? { sampleRate } : {}) });
      const path = join(dir, `track-${i}.wav`);
      writeFileSync(path, wav);
      const measured = ffmpegTruePeak(path);
      if (ffmpeg) {
        expect(measured).toBeDefined();
        expect(measured!).toBeLessThanOrEqual(PROMISE_DBTP);
      }
    }, 180_000);
  }
});
