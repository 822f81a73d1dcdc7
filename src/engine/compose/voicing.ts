/**
 * Voice leading: close voicings in the middle register that keep common tones and move the other voices by
 * the smallest steps; nothing below ~C3 unless the instrument cannot go higher.
 */
import { mod12 } from "../theory/scales.js";
import type { MidiNote } from "../types.js";

export const VOICING_DEFAULTS = {
  /** Lowest note a chord voicing should use (C3): lower gets muddy. */
  floor: 48,
  /** Preferred centre of a voicing. */
  centre: 62,
  maxVoices: 4,
} as const;

/** Which chord tones to keep when there are more than `size`: drop the fifth first, then the root. */
function chooseTones(pcs: readonly number[], size: number): number[] {
  if (pcs.length <= size) return [...pcs];
  const withoutFifth = pcs.filter((_, i) => i !== 2);
  if (withoutFifth.length <= size) return withoutFifth;
  return withoutFifth.slice(1, size + 1);
}

function closePosition(order: readonly number[], lowest: MidiNote): MidiNote[] {
  const notes: MidiNote[] = [];
  let floor = lowest;
  for (const pc of order) {
    const note = floor + mod12(pc - floor);
    notes.push(note);
    floor = note + 1;
  }
  return notes;
}

function movement(a: readonly MidiNote[], b: readonly MidiNote[]): number {
  // Each new voice is charged its distance to the nearest old voice (sizes may differ).
  return b.reduce((sum, n) => sum + Math.min(...a.map((m) => Math.abs(m - n))), 0);
}

/**
 * A voicing for pitch classes `pcs` (root first) inside [low, high], led smoothly from `previous`.
 * Returns ascending MIDI notes.
 */
export function voiceChord(
  pcs: readonly number[],
  previous: readonly MidiNote[] | undefined,
  range: readonly [MidiNote, MidiNote],
  size: number = VOICING_DEFAULTS.maxVoices,
): MidiNote[] {
  const tones = chooseTones(pcs, size);
  const [rangeLow, rangeHigh] = range;
  const floor = Math.min(Math.max(rangeLow, VOICING_DEFAULTS.floor), rangeHigh - 12);
  const centre = Math.min(Math.max(VOICING_DEFAULTS.centre, floor + 7), rangeHigh - 7);
  let best: MidiNote[] | undefined;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let inversion = 0; inversion < tones.length; inversion++) {
    const order = [...tones.slice(inversion), ...tones.slice(0, inversion)];
    for (let lowest = floor; lowest <= floor + 12; lowest++) {
      if (mod12(lowest) !== order[0]) continue;
      const notes = closePosition(order, lowest);
      const top = notes[notes.length - 1] ?? lowest;
      if (top > rangeHigh) continue;
      const mean = notes.reduce((a, b) => a + b, 0) / notes.length;
      const lead = previous && previous.length > 0 ? movement(previous, notes) : 0;
      const cost = lead + Math.abs(mean - centre) * 0.6 + (inversion === 0 ? 0 : 0.5);
      if (cost < bestCost) {
        bestCost = cost;
        best = notes;
      }
    }
  }
  return best ?? closePosition(tones, floor);
}
