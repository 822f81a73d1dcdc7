/**
 * The width chorus skips its work over silence once its line holds only zeros: the same samples as running it,
 * through the silence and after the input comes back.
 */
import { describe, expect, it } from "vitest";
import { blockBuffer } from "../../../../src/engine/dsp/kernels.js";
import { WidthChorus } from "../../../../src/engine/synthesize/render/bus-math.js";

describe("width chorus over silence", () => {
  it("gives the samples of the full computation, before, during and after a silence", () => {
    const sr = 44100;
    const skipping = new WidthChorus(sr);
    const running = new WidthChorus(sr);
    const n = 128;
    const x = blockBuffer(n);
    const outs = [0, 1, 2, 3].map(() => blockBuffer(n));
    const [aL, aR, bL, bR] = outs as [Float32Array, Float32Array, Float32Array, Float32Array];
    let differing = 0;
    let nonzero = 0;
    for (let b = 0; b < 120; b++) {
      // sound, then 40 silent blocks (longer than the 30 ms line), then sound again
      const silent = b >= 30 && b < 70;
      for (let i = 0; i < n; i++) x[i] = silent ? 0 : Math.sin((b * n + i) * 0.05) * 0.5;
      for (const o of outs) o.fill(0.25);
      skipping.process(x, n, b * n, aL, aR, silent);
      running.process(x, n, b * n, bL, bR, false);
      for (let i = 0; i < n; i++) {
        if (aL[i] !== bL[i] || aR[i] !== bR[i]) differing++;
        if (aL[i] !== 0.25) nonzero++;
      }
    }
    expect(differing).toBe(0);
    // the chorus did add something, before the silence, into its first blocks and after it
    expect(nonzero).toBeGreaterThan(60 * n);
  });
});
