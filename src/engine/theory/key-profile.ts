/**
 * Key estimation from pitch content: Krumhansl–Schmuckler correlation against the Krumhansl–Kessler probe-tone
 * profiles (Krumhansl 1990, "Cognitive Foundations of Musical Pitch", table 4.1), weights by note duration.
 */
import { mod12 } from "./scales.js";

const MAJOR_PROFILE = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
const MINOR_PROFILE = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

export interface KeyEstimate {
  tonicPc: number;
  mode: "major" | "minor";
  /** Pearson correlation of the best match, -1..1. */
  correlation: number;
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < n; i++) {
    const x = (a[i] ?? 0) - ma;
    const y = (b[i] ?? 0) - mb;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return da === 0 || db === 0 ? 0 : num / Math.sqrt(da * db);
}

/** Duration-weighted pitch-class histogram. */
export function pitchClassWeights(notes: readonly { pitch: number; duration: number }[]): number[] {
  const weights = new Array<number>(12).fill(0);
  for (const n of notes) weights[mod12(n.pitch)] = (weights[mod12(n.pitch)] ?? 0) + n.duration;
  return weights;
}

/** Correlation with all 24 major and minor keys. */
export function keyCorrelations(weights: readonly number[]): KeyEstimate[] {
  const result: KeyEstimate[] = [];
  for (let tonic = 0; tonic < 12; tonic++) {
    for (const [mode, profile] of [
      ["major", MAJOR_PROFILE],
      ["minor", MINOR_PROFILE],
    ] as const) {
      const rotated = profile.map((_, i) => profile[mod12(i - tonic)] ?? 0);
      result.push({ tonicPc: tonic, mode, correlation: pearson(weights, rotated) });
    }
  }
  return result;
}

/** The best-matching major or minor key; undefined when there are no notes. */
export function estimateKey(weights: readonly number[]): KeyEstimate | undefined {
  if (weights.every((w) => w === 0)) return undefined;
  let best: KeyEstimate | undefined;
  for (const k of keyCorrelations(weights)) if (!best || k.correlation > best.correlation) best = k;
  return best;
}

/**
 * How clearly the weights point at one key: its correlation minus the best other key's (positive when it wins).
 */
export function keyMargin(weights: readonly number[], tonicPc: number, minor: boolean): number {
  let own = -1;
  let other = -1;
  for (const k of keyCorrelations(weights)) {
    if (k.tonicPc === tonicPc && (k.mode === "minor") === minor) own = k.correlation;
    else other = Math.max(other, k.correlation);
  }
  return own - other;
}
