/**
 * The two passes over the audio that mastering needs, block by block so each block is still in cache for
 * everything done to it (on long pieces with stems, memory traffic, not arithmetic, is the cost):
 *
 *   analyse:  Σ stems → mix, with each input's sum (DC), the step sample peaks and curvatures (the true-peak
 *             bounds) and the K-weighted step energies
 *   finish:   (signal − DC) · gain curve for the mix and every stem (the stems on helper threads when there
 *             are some), and the finished mix's step sample peaks and K-weighted energies
 */
import { KWeightedSteps } from "../dsp/loudness.js";
import { MixAnalyser, mergeAnalysers, premixAnalysis } from "../dsp/mix-analysis.js";
import { applyGainCurve, type CurveHelpers, largest } from "../dsp/signal-passes.js";
import type { PremixAnalysis, Role, StereoBuffer } from "../types.js";
import { STEP } from "./gain-curves.js";

/** Samples per block: a multiple of STEP; a block of every stem fits in the cache. */
const BLOCK = STEP * 256;

export interface Analysis {
  /** Largest |sample| per step over both channels (the glue detector's input). */
  samplePeaks: Float32Array;
  /** Largest |sample| per step over every stem and channel (empty without stems). */
  stemPeaks: Float32Array;
  /** Largest |Δ²x| centred in each step, over both channels (with samplePeaks, bounds for stepPeaks). */
  curvature: Float32Array;
  loudness: KWeightedSteps;
  /** Mean per channel: of the mix, then of each stem. */
  means: { mix: [number, number]; stems: [number, number][] };
}

/** out[from, to) = Σ inputs — one loop for up to five (the roles), the rest added one by one. */
function sumBlock(out: Float32Array, xs: Float32Array[], from: number, to: number): void {
  const at = (j: number) => xs[j] ?? ZEROS;
  const [a, b, c, d, e] = [at(0), at(1), at(2), at(3), at(4)];
  if (xs.length >= 5) {
    for (let i = from; i < to; i++) out[i] = a[i]! + b[i]! + c[i]! + d[i]! + e[i]!;
  } else {
    out.fill(0, from, to);
    for (const x of xs) for (let i = from; i < to; i++) out[i] = out[i]! + x[i]!;
  }
  for (let j = 5; j < xs.length; j++) {
    const x = xs[j]!;
    for (let i = from; i < to; i++) out[i] = out[i]! + x[i]!;
  }
}

const ZEROS = new Float32Array(0);

const channel = (b: StereoBuffer, c: number) => (c === 0 ? b.left : b.right);

/** Mastering's view of a premix analysis: the loudness meter around its moments, and the means of `roles`' stems. */
export function fromPremix(data: PremixAnalysis, length: number, sampleRate: number, roles: readonly Role[]): Analysis {
  if (data.step !== STEP) throw new Error(`premix analysis step ${data.step} is not the master's ${STEP}`);
  const mean = (j: number) => (length > 0 ? data.sums[j]! / length : 0);
  return {
    samplePeaks: data.samplePeaks,
    stemPeaks: data.stemPeaks,
    curvature: data.curvature,
    loudness: new KWeightedSteps(length, sampleRate, STEP, true, data.loudness),
    means: {
      mix: [mean(0), mean(1)],
      stems: roles.map((r): [number, number] => {
        const j = data.stemRoles.indexOf(r);
        return j < 0 ? [0, 0] : [mean(2 + 2 * j), mean(3 + 2 * j)];
      }),
    },
  };
}

/** Pass one: the mix (summed from `stems` unless there are none) and what mastering measures on it. */
export function analyse(mix: StereoBuffer, stems: StereoBuffer[], roles: Role[], length: number): Analysis {
  const data = premixAnalysis(length, mix.sampleRate, stems.length > 0 ? roles : []);
  const analyser = new MixAnalyser(data, length, mix.sampleRate);
  const pairs = stems.map((s) => [s.left, s.right] as const);
  for (let from = 0; from < length; from += BLOCK) {
    const to = Math.min(length, from + BLOCK);
    if (stems.length > 0) {
      for (let c = 0; c < 2; c++) {
        sumBlock(
          channel(mix, c),
          stems.map((s) => channel(s, c)),
          from,
          to,
        );
      }
    }
    // while the block is still in cache
    analyser.add(mix.left, mix.right, pairs, from, to);
  }
  mergeAnalysers(data, [{ recordFrom: 0, sums: analyser.sums }], mix);
  return fromPremix(data, length, mix.sampleRate, roles);
}

/**
 * Pass two: the mix and every stem become (signal − its offset) · curve — the same gains on signals that
 * sum, with offsets that sum, so the stems still null against the mix (to Float32 rounding). Returns the
 * finished mix's largest |sample| per step (both channels) and its K-weighted energies (the gain curve does not
 * commute with the K filter's memory closely enough to derive the finished loudness from the first pass: fast
 * limiter moves shift it by up to ~0.02 LU), the finished stems' largest |sample| (0 without stems) and the mix's.
 */
export function finish(
  mix: StereoBuffer,
  stems: StereoBuffer[],
  offsets: { mix: [number, number]; stems: [number, number][] },
  curve: Float32Array,
  length: number,
  helpers?: CurveHelpers,
): { peaks: Float32Array; loudness: KWeightedSteps; stemPeak: number; mixPeak: number } {
  const steps = Math.ceil(length / STEP);
  // (shared: the finished true-peak check may hand a channel to a helper thread)
  const peaks = new Float32Array(new SharedArrayBuffer(4 * steps));
  const loudness = new KWeightedSteps(length, mix.sampleRate, STEP, false);
  // the stems on other threads (when they can see them: `start` says), while this one finishes and measures the mix
  const wait = helpers?.start(
    stems.flatMap((s, j) => [
      { samples: s.left, offset: offsets.stems[j]![0] },
      { samples: s.right, offset: offsets.stems[j]![1] },
    ]),
    curve,
    STEP,
  );
  let stemPeak = 0;
  let mixPeak = 0;
  try {
    for (let from = 0; from < length; from += BLOCK) {
      const to = Math.min(length, from + BLOCK);
      for (let c = 0; c < 2; c++) {
        mixPeak = Math.max(mixPeak, applyGainCurve(channel(mix, c), curve, STEP, offsets.mix[c]!, from, to, peaks));
        if (wait) continue;
        // here, the stems as they are finished (only their largest sample counts)
        stems.forEach((s, j) => {
          stemPeak = Math.max(stemPeak, applyGainCurve(channel(s, c), curve, STEP, offsets.stems[j]![c]!, from, to));
        });
      }
      loudness.add(mix.left, mix.right, from, to);
    }
  } finally {
    // (also when the mix's pass failed: the helpers go back to the pool either way)
    const finished = wait?.();
    if (finished) stemPeak = largest(finished);
  }
  return { peaks, loudness, stemPeak, mixPeak };
}
