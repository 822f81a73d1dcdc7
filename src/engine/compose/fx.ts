/**
 * Transitions and beds: risers and reverse cymbals that end exactly on the downbeat they lead into, impacts
 * on drops and on the requested hit points (at the exact second, even off the grid), and continuous beds
 * (vinyl crackle, rain). FX voices play one note per event at pitch 60.
 */
import type { Note, Seconds } from "../types.js";
import { type Grid, type SectionPlan, timeAt } from "./model.js";

export const FX_DEFAULTS = {
  pitch: 60,
  riserBars: 2,
  maxRiserSeconds: 6,
  maxReverseSeconds: 2.5,
  impactSeconds: 2.5,
} as const;

function note(start: Seconds, end: Seconds, velocity: number): Note {
  return { pitch: FX_DEFAULTS.pitch, start, duration: Math.max(0.05, end - start), velocity };
}

/** Section starts that deserve a transition: drops, and any section that jumps up in energy. */
export function liftPoints(sections: readonly SectionPlan[]): SectionPlan[] {
  return sections.filter((s, i) => {
    const previous = sections[i - 1];
    if (!previous) return false;
    return s.kind === "drop" || (s.energy - previous.energy >= 0.15 && (s.kind === "chorus" || s.energy >= 0.6));
  });
}

export function risers(grid: Grid, sections: readonly SectionPlan[]): Note[] {
  const q = grid.quarterBeatsPerBar;
  return liftPoints(sections).map((s) => {
    const end = timeAt(grid, s.startBar * q);
    const bars = Math.min(FX_DEFAULTS.riserBars, sections[s.index - 1]?.bars ?? 1);
    const start = Math.max(timeAt(grid, (s.startBar - bars) * q), end - FX_DEFAULTS.maxRiserSeconds);
    return note(start, end, 0.7);
  });
}

export function reverseCymbals(grid: Grid, sections: readonly SectionPlan[]): Note[] {
  const q = grid.quarterBeatsPerBar;
  return liftPoints(sections).map((s) => {
    const end = timeAt(grid, s.startBar * q);
    const start = Math.max(timeAt(grid, (s.startBar - 1) * q), end - FX_DEFAULTS.maxReverseSeconds);
    return note(start, end, 0.65);
  });
}

/** Impacts on drops and at every hit point (exact seconds). */
export function impacts(grid: Grid, sections: readonly SectionPlan[]): Note[] {
  const q = grid.quarterBeatsPerBar;
  const times = new Set<number>();
  for (const s of sections) if (s.kind === "drop") times.add(timeAt(grid, s.startBar * q));
  for (const h of grid.hits) times.add(h.onDownbeat ? timeAt(grid, h.pos) : h.hit.at);
  return [...times]
    .filter((t) => t < grid.duration - 0.05)
    .sort((a, b) => a - b)
    .map((t) => note(t, Math.min(grid.duration, t + FX_DEFAULTS.impactSeconds), 0.9));
}

/** A bed that runs from `from` to the end. */
export function bed(from: Seconds, to: Seconds, velocity = 0.5): Note[] {
  return to - from > 0.05 ? [note(from, to, velocity)] : [];
}
