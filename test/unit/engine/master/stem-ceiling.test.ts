/**
 * Stems never clip: the gain curve is computed from the mix, and two stems can partly cancel there (a kick
 * against an 808 in opposite phase), so each stem's own peaks must hold the limiter too.
 */
import { describe, expect, it } from "vitest";
import { limiterCurve } from "../../../../src/engine/dsp/limiter.js";
import { integratedLoudness } from "../../../../src/engine/dsp/loudness.js";
import { type CurveHelpers, claimChannels, curvePeaks, curveSync } from "../../../../src/engine/dsp/signal-passes.js";
import { STEP } from "../../../../src/engine/master/gain-curves.js";
import { DEFAULTS, masterTrack } from "../../../../src/engine/master/index.js";
import { ROLES, type Role, type StereoBuffer } from "../../../../src/engine/types.js";
import { fixtureScore } from "../synthesize/score-fixture.js";

const SR = 44100;

function stereo(fn: (i: number) => number, n: number): StereoBuffer {
  const left = new Float32Array(new SharedArrayBuffer(4 * n));
  for (let i = 0; i < n; i++) left[i] = fn(i);
  const right = new Float32Array(new SharedArrayBuffer(4 * n));
  right.set(left);
  return { sampleRate: SR, left, right };
}

/** Stems that cancel in the mix: a low thump on the drums and nearly the same thump, inverted, on the bass. */
function cancelling(n: number): Record<Role, StereoBuffer> {
  const thump = (i: number) => Math.sin((2 * Math.PI * 55 * i) / SR) * Math.exp(-((i % 22050) / 6000)) * 0.9;
  const lead = (i: number) => 0.05 * Math.sin((2 * Math.PI * 880 * i) / SR);
  const stems = Object.fromEntries(ROLES.map((r) => [r, stereo(() => 0, n)])) as Record<Role, StereoBuffer>;
  stems.drums = stereo(thump, n);
  stems.bass = stereo((i) => -0.85 * thump(i), n);
  stems.melody = stereo(lead, n);
  return stems;
}

/** Helpers that finish the stems on this thread, when the master waits for them (as a worker would). */
const inlineHelpers: CurveHelpers = {
  start(channels, curve, step) {
    const sync = curveSync(channels.length);
    return () => {
      claimChannels(channels, curve, step, sync);
      return curvePeaks(sync, channels.length);
    };
  },
};

describe("stem ceiling", () => {
  it("holds every stem under its ceiling when stems cancel in the mix, and they still sum to it", () => {
    const n = SR * 6;
    const score = fixtureScore({ durationSeconds: 6, lufs: -10 });
    const m = masterTrack({ sampleRate: SR, stems: cancelling(n), engine: "builtin" }, score, { lufs: -10 });
    const ceiling = 10 ** (DEFAULTS.stemCeilingDbfs / 20);
    for (const role of ["drums", "bass", "melody"] as const) {
      let peak = 0;
      for (const x of m.stems[role].left) peak = Math.max(peak, Math.abs(x));
      expect(peak, role).toBeLessThanOrEqual(ceiling + 1e-6);
      expect(peak, role).toBeGreaterThan(0);
    }
    let residual = 0;
    let energy = 0;
    for (let i = 0; i < n; i++) {
      const sum = m.stems.drums.left[i]! + m.stems.bass.left[i]! + m.stems.melody.left[i]!;
      residual += (m.mix.left[i]! - sum) ** 2;
      energy += m.mix.left[i]! ** 2;
    }
    expect(10 * Math.log10(residual / energy + 1e-30)).toBeLessThan(-30);
    expect(Math.abs(m.integratedLufs - integratedLoudness(m.mix))).toBeLessThan(0.01);
  });

  it("with helpers finishing the stems, their peaks come back from the helpers: the same master, sample for sample", () => {
    const n = SR * 6;
    const score = fixtureScore({ durationSeconds: 6, lufs: -10 });
    const alone = masterTrack({ sampleRate: SR, stems: cancelling(n), engine: "builtin" }, score, { lufs: -10 });
    const helped = masterTrack({ sampleRate: SR, stems: cancelling(n), engine: "builtin" }, score, {
      lufs: -10,
      helpers: inlineHelpers,
    });
    for (const role of ["drums", "bass", "melody"] as const) {
      expect(
        helped.stems[role].left.every((x, i) => x === alone.stems[role].left[i]),
        role,
      ).toBe(true);
    }
    expect(helped.mix.left.every((x, i) => x === alone.mix.left[i])).toBe(true);
    // (the ceiling held through a final trim: the helpers' peaks reached the check)
    let peak = 0;
    for (const x of helped.stems.bass.left) peak = Math.max(peak, Math.abs(x));
    expect(peak).toBeLessThanOrEqual(10 ** (DEFAULTS.stemCeilingDbfs / 20) + 1e-6);
  });

  it("the limiter curve stays in (0, 1] and under every need, also when the very first steps need limiting", () => {
    const steps = 4000;
    const peaks = Float32Array.from({ length: steps }, (_, k) =>
      k < 3 ? 0.95 : 0.2 + 0.75 * Math.abs(Math.sin(k / 37)),
    );
    const pre = new Float32Array(steps).fill(1);
    for (const circular of [false, true]) {
      const lim = limiterCurve(peaks, pre, 12, 0.8, SR, circular, STEP);
      for (let k = 0; k < steps; k++) {
        expect(lim[k]!).toBeGreaterThan(0);
        expect(lim[k]!).toBeLessThanOrEqual(1);
        expect(peaks[k]! * 12 * lim[k]!).toBeLessThanOrEqual(0.8 * (1 + 1e-5));
      }
    }
  });
});
