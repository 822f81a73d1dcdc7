/** The bus loops: width stays mono-compatible, sends report the energy they put into the reverb. */
import { describe, expect, it } from "vitest";
import { ANALYSIS_STEP } from "../../../../src/engine/dsp/mix-analysis.js";
import {
  addMono,
  addStereo,
  SILENT_BLOCK,
  WidthChorus,
  writeRole,
} from "../../../../src/engine/synthesize/render/bus-math.js";

const N = 512;
const noise = (seed: number) => Float32Array.from({ length: N }, (_, i) => Math.sin(i * 0.37 + seed) * 0.5);

describe("bus math", () => {
  it("the width chorus adds a side signal only: L + R is untouched, L − R is not", () => {
    const chorus = new WidthChorus(44100);
    const dryL = noise(1);
    const dryR = dryL.slice();
    const sum = dryL.map((x, i) => x + dryR[i]!);
    for (let b = 0; b < 4; b++) chorus.process(noise(b), N, b * N, dryL, dryR);
    let side = 0;
    for (let i = 0; i < N; i++) {
      expect(dryL[i]! + dryR[i]!).toBeCloseTo(sum[i]!, 5);
      side += Math.abs(dryL[i]! - dryR[i]!);
    }
    expect(side).toBeGreaterThan(1);
  });

  it("mono and stereo parts return exactly the energy they send", () => {
    const x = noise(2);
    const z = () => new Float32Array(N);
    const [dl, dr, tl, tr] = [z(), z(), z(), z()];
    const e = addMono(x, N, 0.8, 0.6, 0.5, dl, dr, tl, tr);
    let sent = 0;
    for (let i = 0; i < N; i++) sent += tl[i]! ** 2 + tr[i]! ** 2;
    expect(e).toBeCloseTo(sent, 6);
    expect(dl[10]).toBeCloseTo(x[10]! * 0.8, 6);
    const [sl, sr, ul, ur] = [z(), z(), z(), z()];
    expect(addStereo(x, x, N, 0, sl, sr, ul, ur)).toBe(0);
    expect(ul.every((v) => v === 0)).toBe(true);
  });

  it("a role is written with its share of the reverb, ducked, at its level, and measured as written", () => {
    const dry = Float32Array.from({ length: N }, () => 1);
    const wet = Float32Array.from({ length: N }, () => 1);
    const duck = Float32Array.from({ length: N }, (_, i) => (i < N / 2 ? 1 : 0));
    const outL = new Float32Array(N);
    const outR = new Float32Array(N);
    const mixL = new Float32Array(N).fill(1);
    const stats = { peaks: new Float32Array(N / ANALYSIS_STEP), sums: new Float64Array(2) };
    writeRole(dry, dry, wet, wet, 0.5, 0.5, duck, 0.5, 2, 1, N, outL, outR, mixL, new Float32Array(N), stats);
    expect(outL[0]).toBeCloseTo((1 + 0.5) * 2 * 0.5, 6);
    expect(outL[N - 1]).toBeCloseTo((1 + 0.5) * 2, 6);
    expect(outR[N - 1]).toBeCloseTo(outL[N - 1]!, 6);
    expect(mixL[N - 1]).toBeCloseTo(1 + outL[N - 1]!, 6);
    expect(stats.peaks[0]).toBeCloseTo(1.5, 6);
    expect(stats.peaks[N / ANALYSIS_STEP - 1]).toBeCloseTo(3, 6);
    expect(stats.sums[0]).toBeCloseTo(
      outL.reduce((a, v) => a + v, 0),
      3,
    );
    // a role without reverb or duck: the silent block stands in for both
    writeRole(
      dry,
      dry,
      SILENT_BLOCK,
      SILENT_BLOCK,
      0.5,
      0.5,
      SILENT_BLOCK,
      0,
      2,
      0,
      N,
      outL,
      outR,
      mixL,
      new Float32Array(N),
      stats,
    );
    expect(outL[0]).toBeCloseTo(2, 6);
  });
});
