/**
 * Key from a chroma profile: Pearson correlation with all 24 rotations of the Krumhansl–Kessler and
 * Temperley profiles (Krumhansl–Schmuckler algorithm), the two correlations averaged.
 */
import type { Key } from "../../types.js";
import {
  KRUMHANSL_MAJOR,
  KRUMHANSL_MINOR,
  MAJOR_TONICS,
  MINOR_TONICS,
  TEMPERLEY_MAJOR,
  TEMPERLEY_MINOR,
} from "./key-profiles.js";

export interface KeyEstimate {
  key: Key;
  /** 0..1: margin of the best correlation over the runner-up, scaled. */
  confidence: number;
  runnerUp: Key;
  correlation: number;
}

function pearson(x: ArrayLike<number>, y: ArrayLike<number>, rotation: number): number {
  let mx = 0;
  let my = 0;
  for (let i = 0; i < 12; i++) {
    mx += x[(i + rotation) % 12]!;
    my += y[i]!;
  }
  mx /= 12;
  my /= 12;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < 12; i++) {
    const dx = x[(i + rotation) % 12]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

export function estimateKey(chroma: Float64Array): KeyEstimate | undefined {
  if (!chroma.some((v) => v > 0)) return undefined;
  const scored: { key: Key; r: number }[] = [];
  for (let tonic = 0; tonic < 12; tonic++) {
    const major = (pearson(chroma, KRUMHANSL_MAJOR, tonic) + pearson(chroma, TEMPERLEY_MAJOR, tonic)) / 2;
    const minor = (pearson(chroma, KRUMHANSL_MINOR, tonic) + pearson(chroma, TEMPERLEY_MINOR, tonic)) / 2;
    scored.push({ key: { tonic: MAJOR_TONICS[tonic]!, mode: "major" }, r: major });
    scored.push({ key: { tonic: MINOR_TONICS[tonic]!, mode: "minor" }, r: minor });
  }
  scored.sort((a, b) => b.r - a.r);
  const [best, second] = scored;
  if (!best || !second || !(best.r > 0)) return undefined;
  const confidence = Math.max(0, Math.min(1, (best.r - second.r) * 5));
  return { key: best.key, runnerUp: second.key, correlation: best.r, confidence: Math.round(confidence * 100) / 100 };
}
