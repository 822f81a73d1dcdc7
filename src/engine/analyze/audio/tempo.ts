/**
 * Tempo from the onset envelope's autocorrelation, scored with a harmonic comb (the beat period and its
 * multiples: Ellis, "Beat Tracking by Dynamic Programming", JNMR 2007, §3.1 uses the same weighted ACF
 * idea) and a log-Gaussian prior around 115 BPM. The double/half reading is reported, not hidden.
 */
import type { OnsetEnvelope } from "./onset.js";

export const TEMPO_DEFAULTS = {
  minBpm: 40,
  maxBpm: 240,
  /** The range a reported tempo is folded into by doubling or halving. */
  preferredMin: 70,
  preferredMax: 180,
  priorCenterBpm: 115,
  priorOctaves: 1,
  fineStepBpm: 0.02,
  /**
   * Below this normalised ACF peak the envelope has no steady beat (noise ≈ 0.1, a sustained tone under
   * AAC ≈ 0.16, the sparsest synthetic ballad ≈ 0.36), and no tempo is reported.
   */
  minStrength: 0.2,
  /**
   * An onset is an envelope peak above this (the envelope is level-normalised: a steady tone stays below
   * 1 after its first frame; synthetic music's 95th percentile is 15–300). Fewer than one onset per
   * `secondsPerOnset` (and at least 4) means there is no beat to measure.
   */
  minOnsetFlux: 10,
  secondsPerOnset: 10,
  /** Longest lag the fine search reads, seconds: more multiples → finer period. */
  fineMaxLagSeconds: 12,
} as const;

export interface TempoEstimate {
  bpm: number;
  /** The half/double readings that also fit, best first. */
  alternatives: number[];
  /** 0..1: the strongest normalised autocorrelation peak at lags of 0.25–3 s (how steady the pulse is). */
  confidence: number;
}

function autocorrelation(values: Float32Array, maxLag: number): Float64Array {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= Math.max(1, values.length);
  const centred = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) centred[i] = values[i]! - mean;
  const acf = new Float64Array(maxLag + 2);
  for (let lag = 0; lag <= maxLag + 1 && lag < centred.length; lag++) {
    let sum = 0;
    for (let i = lag; i < centred.length; i++) sum += centred[i]! * centred[i - lag]!;
    // Unbiased: long lags overlap fewer frames.
    acf[lag] = sum / (centred.length - lag);
  }
  const zero = acf[0]! || 1;
  for (let lag = 0; lag < acf.length; lag++) acf[lag]! /= zero;
  return acf;
}

function at(acf: Float64Array, lag: number): number {
  const i = Math.floor(lag);
  if (i + 1 >= acf.length) return 0;
  const frac = lag - i;
  return acf[i]! * (1 - frac) + acf[i + 1]! * frac;
}

/** Comb salience of a period: the ACF at its multiples, 1/m weighted, as far as the ACF reaches. */
function salience(acf: Float64Array, periodFrames: number, multiples: number, weighted: boolean): number {
  let sum = 0;
  let norm = 0;
  for (let m = 1; m <= multiples && m * periodFrames < acf.length - 1; m++) {
    const w = weighted ? 1 / m : 1;
    sum += w * at(acf, m * periodFrames);
    norm += w;
  }
  return norm > 0 ? sum / norm : 0;
}

/** Vertex offset (−0.5..0.5) of the parabola through three equally spaced points. */
function parabolicOffset(left: number, centre: number, right: number): number {
  const curvature = left - 2 * centre + right;
  return curvature < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (left - right)) / curvature)) : 0;
}

function onsetCount(values: Float32Array): number {
  let count = 0;
  for (let i = 1; i + 1 < values.length; i++) {
    const v = values[i]!;
    if (v > TEMPO_DEFAULTS.minOnsetFlux && v > values[i - 1]! && v >= values[i + 1]!) count++;
  }
  return count;
}

function prior(bpm: number): number {
  const octaves = Math.log2(bpm / TEMPO_DEFAULTS.priorCenterBpm) / TEMPO_DEFAULTS.priorOctaves;
  return Math.exp(-0.5 * octaves * octaves);
}

/**
 * Brings a tempo outside the preferred range into it by a whole multiple or divisor, choosing the one the
 * envelope actually repeats at: a waltz's bar rate folds to ×3, a march's to ×2.
 */
function fold(bpm: number, acf: Float64Array, period: (bpm: number) => number): number {
  const { preferredMin, preferredMax } = TEMPO_DEFAULTS;
  if (bpm >= preferredMin && bpm <= preferredMax) return bpm;
  const factors = bpm < preferredMin ? [2, 3, 4] : [1 / 2, 1 / 3, 1 / 4];
  const inRange = factors.map((f) => bpm * f).filter((b) => b >= preferredMin && b <= preferredMax);
  if (inRange.length === 0) return bpm;
  // The first (duple) reading stands unless another is clearly more periodic: with no evidence, 2 beats a bar.
  const clearlyBetter = (b: number, a: number) => at(acf, period(b)) > Math.max(0.05, at(acf, period(a)) + 0.03);
  return inRange.reduce((a, b) => (clearlyBetter(b, a) ? b : a));
}

export function estimateTempo(envelope: OnsetEnvelope): TempoEstimate | undefined {
  const { values, frameRate } = envelope;
  const maxLag = Math.min(values.length - 2, Math.ceil(TEMPO_DEFAULTS.fineMaxLagSeconds * frameRate));
  if (maxLag < (60 / TEMPO_DEFAULTS.minBpm) * frameRate * 2) return undefined; // needs two slow beats at least
  const acf = autocorrelation(values, maxLag);
  const period = (bpm: number) => (60 / bpm) * frameRate;

  // Candidates are the ACF's own peaks: a period the envelope does not repeat at (an off-beat lag that
  // only scores through its multiples, like 1.5 beats in a waltz) is never chosen.
  if (onsetCount(values) < Math.max(4, values.length / frameRate / TEMPO_DEFAULTS.secondsPerOnset)) return undefined;
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  let strength = 0;
  const minLag = Math.floor(period(TEMPO_DEFAULTS.maxBpm));
  const maxCandidateLag = Math.min(acf.length - 2, Math.ceil(period(TEMPO_DEFAULTS.minBpm)));
  for (let lag = Math.max(1, minLag); lag <= maxCandidateLag; lag++) {
    const here = acf[lag]!;
    if (!(here > 0 && here > acf[lag - 1]! && here >= acf[lag + 1]!)) continue;
    const bpm = (60 * frameRate) / (lag + parabolicOffset(acf[lag - 1]!, here, acf[lag + 1]!));
    if (bpm < TEMPO_DEFAULTS.minBpm || bpm > TEMPO_DEFAULTS.maxBpm) continue;
    const score = salience(acf, period(bpm), 4, true) * prior(bpm);
    if (score > bestScore) [best, bestScore] = [bpm, score];
  }
  // Steadiness: the highest ACF peak up to two slow beats (a slow triple bar lies beyond one).
  for (let lag = Math.max(1, minLag); lag <= Math.min(acf.length - 2, 2 * maxCandidateLag); lag++) {
    if (acf[lag]! > acf[lag - 1]! && acf[lag]! >= acf[lag + 1]!) strength = Math.max(strength, acf[lag]!);
  }
  if (!(bestScore > 0) || strength < TEMPO_DEFAULTS.minStrength) return undefined;
  const chosen = refine(acf, fold(best, acf, period), period);
  const alternatives = [chosen * 2, chosen / 2]
    .filter((b) => b >= TEMPO_DEFAULTS.minBpm && b <= TEMPO_DEFAULTS.maxBpm)
    .sort((a, b) => salience(acf, period(b), 4, true) - salience(acf, period(a), 4, true))
    .map((b) => Math.round(b * 10) / 10);
  return { bpm: Math.round(chosen * 10) / 10, alternatives, confidence: Math.round(Math.min(1, strength) * 100) / 100 };
}

/** Fine search ±3 % with every multiple the ACF holds, equally weighted: long lags pin the period down. */
function refine(acf: Float64Array, bpm: number, period: (bpm: number) => number): number {
  let best = bpm;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let b = bpm * 0.97; b <= bpm * 1.03; b += TEMPO_DEFAULTS.fineStepBpm) {
    const score = salience(acf, period(b), 64, false);
    if (score > bestScore) [best, bestScore] = [b, score];
  }
  return best;
}
