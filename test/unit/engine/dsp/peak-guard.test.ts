/** The lossy encoders' peak guard: holds the true peak under its ceiling and leaves quiet material alone. */
import { describe, expect, it } from "vitest";
import { guarded, guardedBuffer, PEAK_GUARD_DEFAULTS, peakGuard } from "../../../../src/engine/dsp/peak-guard.js";
import { truePeak } from "../../../../src/engine/dsp/true-peak.js";

const SR = 44100;

function burst(level: number): { sampleRate: number; left: Float32Array; right: Float32Array } {
  const n = SR * 2;
  const left = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    // a quiet bed with loud bright hits every half second
    const hit = i % 22050 < 600 ? level * Math.exp(-(i % 22050) / 200) : 0;
    left[i] = 0.05 * Math.sin((2 * Math.PI * 220 * i) / SR) + hit * Math.sin((2 * Math.PI * 9000 * i) / SR + 0.7);
  }
  return { sampleRate: SR, left, right: left.slice() };
}

describe("peak guard", () => {
  it("holds a loud master under the lossy ceiling and leaves the quiet bed as it was", () => {
    const b = burst(0.8);
    expect(truePeak(b)).toBeGreaterThan(PEAK_GUARD_DEFAULTS.ceilingDbtp + 0.5);
    const g = guardedBuffer(b);
    expect(truePeak(g)).toBeLessThanOrEqual(PEAK_GUARD_DEFAULTS.ceilingDbtp + 0.05);
    // well after a hit's release, the bed is untouched
    const i = 22050 - 100;
    expect(g.left[i]).toBeCloseTo(b.left[i]!, 4);
  });

  it("does nothing to material already under the ceiling", () => {
    const b = burst(0.3);
    expect(peakGuard(b)).toBeUndefined();
    expect(guardedBuffer(b)).toBe(b);
  });

  it("a loop's gains wrap around its end, so the join sees one gain", () => {
    const b = burst(0.8);
    const gains = peakGuard(b, true)!;
    // a hit sits at the very start: the last steps already lead into its gain
    expect(gains.at(-1)!).toBeLessThan(1);
    const open = peakGuard(b, false)!;
    expect(open.at(-1)!).toBeGreaterThan(gains.at(-1)!);
    // and the last step's gain is interpolated toward the first one's across the join
    const n = b.left.length;
    const l = new Float32Array(1);
    const r = new Float32Array(1);
    guarded(b, gains, n - 1, n, l, r, true);
    const f = (n - 1 - (gains.length - 1) * PEAK_GUARD_DEFAULTS.step) / PEAK_GUARD_DEFAULTS.step;
    expect(l[0]).toBeCloseTo(b.left[n - 1]! * (gains.at(-1)! + (gains[0]! - gains.at(-1)!) * f), 6);
  });
});
