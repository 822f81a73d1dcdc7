/**
 * Musical measures of a melody (and of parts), used to judge generated scores: step ratio, bar-level reuse
 * of melodic shapes, scale consistency, pentatonic share, range. Pure functions.
 */
import { mod12 } from "./scales.js";

export interface MeasuredNote {
  pitch: number;
  /** Bar index. */
  bar: number;
  /** Onset inside the bar in sixteenth notes (rounded). */
  step: number;
}

/** Top line of a (possibly polyphonic) line: one note per onset, the highest. */
export function topLine<T extends { pitch: number; bar: number; step: number }>(notes: readonly T[]): T[] {
  const byOnset = new Map<string, T>();
  for (const n of notes) {
    const key = `${n.bar}:${n.step}`;
    const seen = byOnset.get(key);
    if (!seen || n.pitch > seen.pitch) byOnset.set(key, n);
  }
  return [...byOnset.values()].sort((a, b) => a.bar - b.bar || a.step - b.step);
}

/** Share of consecutive intervals of at most two semitones (repeats count as steps). */
export function stepRatio(line: readonly { pitch: number }[]): number {
  if (line.length < 2) return 1;
  let steps = 0;
  for (let i = 1; i < line.length; i++) if (Math.abs((line[i]?.pitch ?? 0) - (line[i - 1]?.pitch ?? 0)) <= 2) steps++;
  return steps / (line.length - 1);
}

/**
 * Share of bars (with two or more notes) whose shape — onsets plus up/down/same contour — already occurred in
 * an earlier bar: how much the melody reuses its own material.
 */
export function shapeReuse(line: readonly MeasuredNote[]): number {
  const bars = new Map<number, MeasuredNote[]>();
  for (const n of line) bars.set(n.bar, [...(bars.get(n.bar) ?? []), n]);
  const seen = new Set<string>();
  let counted = 0;
  let reused = 0;
  for (const bar of [...bars.keys()].sort((a, b) => a - b)) {
    const notes = bars.get(bar) ?? [];
    if (notes.length < 2) continue;
    const contour = notes.slice(1).map((n, i) => Math.sign(n.pitch - (notes[i]?.pitch ?? n.pitch)));
    const shape = `${notes.map((n) => n.step).join(",")}|${contour.join(",")}`;
    counted++;
    if (seen.has(shape)) reused++;
    seen.add(shape);
  }
  return counted === 0 ? 0 : reused / counted;
}

/** Share of notes whose pitch class is in `scale`. */
export function scaleShare(pitches: readonly number[], scale: readonly number[]): number {
  if (pitches.length === 0) return 1;
  return pitches.filter((p) => scale.includes(mod12(p))).length / pitches.length;
}

/** Notes outside [low, high]. */
export function outOfRange(pitches: readonly number[], range: readonly [number, number]): number[] {
  return pitches.filter((p) => p < range[0] || p > range[1]);
}
