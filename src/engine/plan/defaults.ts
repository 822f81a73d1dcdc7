/**
 * The planner's defaults in one place, and the stable brief → seed hash.
 */
import type { StyleId } from "../theory/voices.js";

export const DEFAULTS = {
  /** Streaming loudness; podcasts −16 and broadcast −23 come from the use-case table. */
  lufs: -14,
  durationSeconds: 60,
  style: "pop" as StyleId,
  /** Points in the energy curve (more when a drop needs a sharp edge). */
  curvePoints: 8,
  dropCurvePoints: 16,
  /** How much named moods outweigh the style's own energy. */
  moodWeight: 0.65,
  /** Intro length for "longer intro" when the previous plan left it to composition. */
  longIntroBars: 8,
  /** Energy step for "more energy" / "calmer". */
  energyStep: 0.15,
} as const;

/** FNV-1a over the trimmed, lower-cased brief: the same brief gives the same seed and so the same music. */
export function briefSeed(brief: string): number {
  const text = brief.trim().toLowerCase().replace(/\s+/g, " ");
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** A new seed derived from an old one and a label (for "another variation"). */
export function nextSeed(seed: number, label: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}
