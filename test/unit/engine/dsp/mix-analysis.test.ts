/**
 * A mix measured in two windows — each analyser starting early to prime its filters, fed in render-sized
 * blocks, its kept-aside parts merged afterwards — gives what one analyser over the whole signal gives:
 * the same step peaks, curvatures, stem peaks and sums, and the same loudness (to float rounding).
 */
import { describe, expect, it } from "vitest";
import { blockBuffer, inArena, wasmKernels } from "../../../../src/engine/dsp/kernels.js";
import { integratedLoudness, KWeightedSteps } from "../../../../src/engine/dsp/loudness.js";
import {
  MixAnalyser,
  mergeAnalysers,
  premixAnalysis,
  type StemBlock,
} from "../../../../src/engine/dsp/mix-analysis.js";
import type { Role } from "../../../../src/engine/types.js";

const SR = 44100;
const ROLES: Role[] = ["drums", "bass"];

function signal(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, (_, i) => {
    s = (s * 1664525 + 1013904223) >>> 0;
    // a tone, noise, a DC offset and a loud bar every so often: peaks and curvatures that vary by step
    return 0.3 * Math.sin(i * 0.02 * seed) + 0.2 * (s / 2 ** 32 - 0.5) + 0.01 + (i % 10007 < 300 ? 0.5 : 0);
  });
}

describe("MixAnalyser", () => {
  const n = SR * 3 + 777; // a partial last step
  const stems: StemBlock[] = [
    [signal(n, 3), signal(n, 5)],
    [signal(n, 7), signal(n, 11)],
  ];
  const mixL = Float32Array.from({ length: n }, (_, i) => stems[0]![0][i]! + stems[1]![0][i]!);
  const mixR = Float32Array.from({ length: n }, (_, i) => stems[0]![1][i]! + stems[1]![1][i]!);

  const whole = premixAnalysis(n, SR, ROLES);
  const one = new MixAnalyser(whole, n, SR);
  one.add(mixL, mixR, stems, 0, n);
  mergeAnalysers(whole, [{ recordFrom: 0, sums: one.sums }], { left: mixL, right: mixR });

  it("measures the mix like a direct computation", () => {
    const k = 1000;
    let peak = 0;
    let bend = 0;
    for (let i = k * 32; i < (k + 1) * 32; i++) {
      for (const x of [mixL, mixR]) {
        peak = Math.max(peak, Math.abs(x[i]!));
        bend = Math.max(bend, Math.abs(x[i - 1]! - 2 * x[i]! + x[i + 1]!));
      }
    }
    expect(whole.samplePeaks[k]).toBeCloseTo(peak, 6);
    expect(whole.curvature[k]).toBeCloseTo(bend, 6);
    const meter = new KWeightedSteps(n, SR, 32, true, whole.loudness);
    expect(meter.loudness()).toBeCloseTo(integratedLoudness({ sampleRate: SR, left: mixL, right: mixR }), 3);
    const sum = stems[0]![0].reduce((acc, v) => acc + v, 0);
    expect(whole.sums[2]! / sum).toBeCloseTo(1, 6);
  });

  it("two windows, each primed from before its start and fed in blocks, equal one whole measure", () => {
    const split = premixAnalysis(n, SR, ROLES, true);
    const join = 512 * 130; // on the block grid, as the render's windows are
    const preroll = 512 * 40;
    const parts: MixAnalyser[] = [];
    for (const [from, to, recordFrom] of [
      [0, join, 0],
      [join - preroll, n, join],
    ] as const) {
      const a = new MixAnalyser(split, n, SR, recordFrom);
      for (let t = from; t < to; t += 512) {
        const end = Math.min(to, t + 512);
        // each block as its own copy, read at i − t, as a render worker hands them over
        const block = (x: Float32Array) => x.slice(t, end);
        a.add(
          block(mixL),
          block(mixR),
          stems.map(([l, r]) => [block(l), block(r)] as const),
          t,
          end,
          t,
        );
      }
      parts.push(a);
    }
    mergeAnalysers(
      split,
      parts.map((a, w) => ({ recordFrom: w === 0 ? 0 : join, sums: a.sums })),
      { left: mixL, right: mixR },
    );
    expect(Array.from(split.samplePeaks)).toEqual(Array.from(whole.samplePeaks));
    expect(Array.from(split.stemPeaks)).toEqual(Array.from(whole.stemPeaks));
    expect(Array.from(split.curvature)).toEqual(Array.from(whole.curvature));
    for (let j = 0; j < whole.sums.length; j++) expect(split.sums[j]).toBeCloseTo(whole.sums[j]!, 6);
    const a = new KWeightedSteps(n, SR, 32, true, split.loudness);
    const b = new KWeightedSteps(n, SR, 32, true, whole.loudness);
    const gains = Float32Array.from({ length: a.steps }, (_, k) => 0.5 + 0.4 * Math.sin(k / 300));
    expect(a.loudness()).toBeCloseTo(b.loudness(), 6);
    expect(a.loudness(gains)).toBeCloseTo(b.loudness(gains), 6);
    // the step a window join splits from its neighbour still holds the curvature centred on its last sample
    const k = join / 32 - 1;
    expect(split.curvature[k]).toBeGreaterThan(0);
  });
});

describe("MixAnalyser through the kernel", () => {
  it("measures blocks in the arena (a render window's) exactly as the JavaScript measures plain arrays", () => {
    const wasm = wasmKernels();
    if (!wasm) return; // without WebAssembly SIMD only the JavaScript runs (and the suite above covers it)
    const n = SR * 2 + 777; // a partial last block and step
    const x = [signal(n, 13), signal(n, 17)];
    const recordFrom = 4096;
    const measure = (inArenaBlocks: boolean) => {
      const data = premixAnalysis(n, SR, []);
      const analyser = new MixAnalyser(data, n, SR, recordFrom);
      const mark = wasm.arena.mark();
      const l = inArenaBlocks ? blockBuffer(512) : new Float32Array(512);
      const r = inArenaBlocks ? blockBuffer(512) : new Float32Array(512);
      expect(inArena(l)).toBe(inArenaBlocks);
      for (let t = 0; t < n; t += 512) {
        const to = Math.min(n, t + 512);
        l.set(x[0]!.subarray(t, to));
        r.set(x[1]!.subarray(t, to));
        analyser.add(l, r, [], t, to, t);
      }
      wasm.arena.release(mark);
      return { data, sums: Array.from(analyser.sums) };
    };
    wasm.staging.mixStatsStereo.fill(Number.NaN);
    const kernel = measure(true);
    // both channels went through the stereo kernel together
    expect(wasm.staging.mixStatsStereo.some((v) => !Number.isNaN(v))).toBe(true);
    const js = measure(false);
    expect(kernel.data.samplePeaks).toEqual(js.data.samplePeaks);
    expect(kernel.data.curvature).toEqual(js.data.curvature);
    expect(kernel.sums).toEqual(js.sums);
    expect(Math.max(...kernel.data.curvature)).toBeGreaterThan(0);
  });
});
