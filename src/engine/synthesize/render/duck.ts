/**
 * Sidechain pumping without a detector: the kick's note times are known, so the duck envelope is drawn
 * directly — a 4 ms dip into full depth, then an exponential recovery over about a third of a beat.
 */
import { GM_DRUMS } from "../../theory/voices.js";
import type { Score } from "../../types.js";

export function kickTimes(score: Score, sampleRate: number): Int32Array {
  const times: number[] = [];
  for (const part of score.parts) {
    if (!(part.isDrum || part.role === "drums")) continue;
    for (const n of part.notes) {
      if (n.pitch === GM_DRUMS.kick || n.pitch === GM_DRUMS.kickAcoustic) times.push(Math.round(n.start * sampleRate));
    }
  }
  return Int32Array.from(times.sort((a, b) => a - b));
}

/** Writes duck amounts 0..1 for [start, start + n) into out; false when there is nothing to duck. */
export function duckCurve(
  kicks: Int32Array,
  start: number,
  n: number,
  sampleRate: number,
  bpm: number,
  out: Float32Array,
): boolean {
  const attack = Math.round(0.004 * sampleRate);
  const tau = ((60 / bpm) * sampleRate) / 3.2;
  const horizon = Math.round(tau * 6);
  // the last kick at or before the window start
  let lo = 0;
  let hi = kicks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (kicks[mid]! <= start) lo = mid + 1;
    else hi = mid;
  }
  let k = lo - 1;
  let any = false;
  const fall = Math.exp(-1 / tau);
  // recovery value of the current kick, advanced by multiplication (no exp per sample)
  let rec = k >= 0 && start - kicks[k]! < horizon ? Math.exp(-(start - kicks[k]!) / tau) : 0;
  for (let i = 0; i < n; i++) {
    const t = start + i;
    if (k + 1 < kicks.length && kicks[k + 1]! <= t + attack) {
      k++;
      rec = Math.max(0, Math.exp(-(t - kicks[k]!) / tau));
    }
    let v = 0;
    if (k >= 0) {
      const dt = t - kicks[k]!;
      if (dt < 0) {
        // dipping into this kick while the previous one may still be recovering
        const prev = k > 0 ? Math.exp(-(t - kicks[k - 1]!) / tau) : 0;
        v = Math.max(1 + dt / attack, prev);
      } else {
        v = dt < horizon ? Math.min(1, rec) : 0;
        rec *= fall;
      }
    }
    out[i] = v;
    if (v > 0.001) any = true;
  }
  return any;
}
