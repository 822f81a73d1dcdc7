/**
 * Whole-signal passes through the kernels in chunks: the master's gain curve gives what the curve prescribes,
 * across chunk boundaries.
 */
import { describe, expect, it } from "vitest";
import { STAGING, wasmKernels } from "../../../../src/engine/dsp/kernels.js";
import {
  applyGainCurve,
  CURVE_SYNC,
  claimChannels,
  curvePeaks,
  curveSync,
} from "../../../../src/engine/dsp/signal-passes.js";

/** A decaying two-tone signal with noise-like detail, 2.3 chunks long. */
function note(length = Math.round(STAGING.samples * 2.3)): Float32Array {
  return Float32Array.from(
    { length },
    (_, i) => Math.exp(-i / 4000) * (0.6 * Math.sin(i * 0.05) + 0.3 * Math.sin(i * 0.71 + Math.sin(i * 0.013))),
  );
}

describe.runIf(wasmKernels())("signal passes", () => {
  it("a gain curve ramps between its knots (the last held), removes the offset, and raises the step peaks", () => {
    const step = 32;
    const length = STAGING.samples * 2 + 100;
    const x = note(length);
    const steps = Math.ceil(length / step);
    const gains = Float32Array.from({ length: steps }, (_, k) => 0.5 + 0.4 * Math.sin(k * 0.1));
    const peaks = new Float32Array(steps).fill(0.001);
    const from = 3 * step;
    const out = x.slice();
    const largest = applyGainCurve(out, gains, step, 0.01, from, length, peaks);
    let worst = 0;
    for (let i = 0; i < length; i++) {
      const k = Math.floor(i / step);
      const next = k + 1 < steps ? gains[k + 1]! : gains[k]!;
      const g = gains[k]! + ((next - gains[k]!) * (i - k * step)) / step;
      const want = i < from ? x[i]! : (x[i]! - 0.01) * g;
      worst = Math.max(worst, Math.abs(out[i]! - want));
    }
    expect(worst).toBeLessThan(1e-6);
    for (let k = 0; k < steps; k++) {
      let top = 0.001;
      if (k * step >= from)
        for (let i = k * step; i < Math.min(length, (k + 1) * step); i++) top = Math.max(top, Math.abs(out[i]!));
      expect(peaks[k]).toBeCloseTo(top, 7);
    }
    // it returns the largest sample it wrote (of [from, length) only)
    let top = 0;
    for (let i = from; i < length; i++) top = Math.max(top, Math.abs(out[i]!));
    expect(largest).toBe(top);
    const plain = x.slice();
    expect(applyGainCurve(plain, gains, step, 0.01, from, from + 5 * step)).toBe(
      Math.max(...Array.from(plain.subarray(from, from + 5 * step), Math.abs)),
    );
  });
});

describe("claimChannels", () => {
  it("applies the curve to the channels no other thread claimed, each once, and counts them done", () => {
    const channels = [0, 1, 2, 3].map((j) => ({
      samples: new Float32Array(new SharedArrayBuffer(256 * 4)).fill(1 + j),
      offset: 0.5,
    }));
    const curve = new Float32Array(9).fill(2);
    channels[2]!.samples[77] = -9;
    const sync = curveSync(channels.length);
    // another thread took the first channel already (and has not finished it)
    sync[CURVE_SYNC.claimed] = 1;
    expect(claimChannels(channels, curve, 32, sync)).toBe(3);
    expect(claimChannels(channels, curve, 32, sync)).toBe(0);
    expect(sync[CURVE_SYNC.done]).toBe(3);
    expect(sync[CURVE_SYNC.failed]).toBe(0);
    expect(channels[0]!.samples[0]).toBe(1);
    for (let j = 1; j < 4; j++) {
      expect(channels[j]!.samples.every((x, i) => x === (j === 2 && i === 77 ? -9.5 : 1 + j - 0.5) * 2)).toBe(true);
    }
    // each finished channel's largest |sample|, for the master's stem check (the unclaimed first stays 0)
    expect([...curvePeaks(sync, channels.length)]).toEqual([0, 3, 19, 7]);
  });
});
