/**
 * The loop seam: the end must lead into the start at the same density. The last bar keeps only the layers
 * the first bar has, plays them as strongly, and its last chord/notes sustain right up to the loop point
 * instead of decaying into a gap.
 */
import type { Note, Part, Seconds } from "../types.js";
import type { Grid } from "./model.js";

function sounding(notes: readonly Note[], from: Seconds, to: Seconds): Note[] {
  return notes.filter((n) => n.start < to && n.start + n.duration > from);
}

function meanVelocity(notes: readonly Note[]): number {
  return notes.length === 0 ? 0 : notes.reduce((s, n) => s + n.velocity, 0) / notes.length;
}

export function seamLoop(parts: Part[], grid: Grid, duration: Seconds): void {
  const bar = (grid.quarterBeatsPerBar * 60) / grid.bpm;
  const lastFrom = Math.max(bar, duration - bar);
  if (duration < 2 * bar) return;
  for (const part of parts) {
    const first = part.notes.filter((n) => n.start < bar);
    if (sounding(part.notes, 0, bar).length === 0) {
      // A layer the first bar does not have is out of the last bar too.
      part.notes = part.notes
        .filter((n) => n.start < lastFrom)
        .map((n) => (n.start + n.duration > lastFrom ? { ...n, duration: lastFrom - n.start } : n));
      continue;
    }
    const last = part.notes.filter((n) => n.start >= lastFrom);
    const target = meanVelocity(first);
    const current = meanVelocity(last);
    const gain = current > 0 && target > current ? target / current : 1;
    let latest = Number.NEGATIVE_INFINITY;
    for (const n of last) latest = Math.max(latest, n.start);
    const sustain = !part.isDrum && part.role !== "fx";
    part.notes = part.notes.map((n) => {
      if (n.start < lastFrom) return n;
      const velocity = Math.min(1, n.velocity * gain);
      // The final onsets ring on to the loop point, where the first bar's attack takes over.
      const duration_ = sustain && Math.abs(n.start - latest) < 0.03 ? duration - n.start : n.duration;
      return { ...n, velocity, duration: duration_ };
    });
    // A decaying chord would leave the seam quieter than the downbeat after it: the harmony and bass anticipate
    // the first chord on the last sixteenth (a push into the loop), so the join stays at playing level.
    const push = 15 / grid.bpm;
    if ((part.role === "harmony" || part.role === "bass") && duration - latest > 2 * push) {
      const opening = first.filter((n) => n.start < (first[0]?.start ?? 0) + 0.05);
      const start = duration - push;
      // The ringing chord gives way to the push.
      part.notes = part.notes.map((n) =>
        n.start < start && n.start + n.duration > start ? { ...n, duration: start - n.start } : n,
      );
      for (const n of opening) {
        part.notes.push({ pitch: n.pitch, start, duration: push, velocity: n.velocity * 0.9 });
      }
      part.notes.sort((a, b) => a.start - b.start || a.pitch - b.pitch);
    }
  }
}
