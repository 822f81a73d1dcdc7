/**
 * Swing and humanisation. Swing warps positions inside each swing pair piecewise-linearly, so off-beats move
 * to `swing` of the pair and everything between follows. Humanising adds a few milliseconds of timing spread
 * and a little velocity variation from the seeded generator; nothing moves before 0 or past the end.
 */
import type { Rng } from "../dsp/random.js";
import type { Note, Seconds } from "../types.js";
import type { BeatNote } from "./model.js";

export const HUMANIZE_DEFAULTS = {
  /** Timing spread (standard deviation), seconds, per role. */
  timingSd: { drums: 0.003, bass: 0.004, harmony: 0.006, melody: 0.005, fx: 0 } as Record<string, Seconds>,
  velocitySd: 0.035,
} as const;

/** Position warped by swing (0.5 = straight) acting on `unit`-beat subdivisions. */
export function swingPosition(pos: number, swing: number, unit: number): number {
  if (Math.abs(swing - 0.5) < 1e-6) return pos;
  const pair = 2 * unit;
  const k = Math.floor(pos / pair + 1e-9);
  const frac = pos - k * pair;
  const split = swing * pair;
  const warped = frac <= unit ? (frac / unit) * split : split + ((frac - unit) / unit) * (pair - split);
  return k * pair + warped;
}

export function swingNotes(notes: readonly BeatNote[], swing: number, unit: number): BeatNote[] {
  if (Math.abs(swing - 0.5) < 1e-6) return [...notes];
  return notes.map((n) => {
    const start = swingPosition(n.pos, swing, unit);
    const end = swingPosition(n.pos + n.length, swing, unit);
    return { ...n, pos: start, length: Math.max(0.05, end - start) };
  });
}

export function humanize(notes: readonly Note[], rng: Rng, timingSd: Seconds, end: Seconds): Note[] {
  return notes.map((n) => {
    const shift = n.start === 0 ? 0 : rng.gauss() * timingSd;
    const start = Math.max(0, Math.min(end - 0.01, n.start + shift));
    const velocity = Math.min(1, Math.max(0.05, n.velocity + rng.gauss() * HUMANIZE_DEFAULTS.velocitySd));
    return { ...n, start, duration: Math.max(0.01, Math.min(n.duration, end - start)), velocity };
  });
}
