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

/**
 * Writes duck amounts 0..1 for [start, start + n) into out; false when there is nothing to duck. Drawn a stretch
 * at a time between the moments that change it (a dip begins, a kick lands, its recovery ends), each stretch
 * a loop of its own: per sample, the same arithmetic as one loop testing for them all.
 */
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
  // recovery value of the current kick, advanced by multiplication (no exp per sample); written kick − t, as
  // −(t − kick) is −0 on a kick, which threw the optimised code back to the interpreter
  let rec = k >= 0 && start - kicks[k]! < horizon ? Math.exp((kicks[k]! - start) / tau) : 0;
  for (let i = 0; i < n; ) {
    const t = start + i;
    // the next kick's dip starts `attack` samples ahead of it (one kick a sample, however close they fall)
    if (k + 1 < kicks.length && kicks[k + 1]! <= t + attack) {
      k++;
      rec = Math.max(0, Math.exp((kicks[k]! - t) / tau));
    }
    const end = k + 1 < kicks.length ? Math.max(i + 1, Math.min(n, kicks[k + 1]! - attack - start)) : n;
    if (k < 0) {
      out.fill(0, i, end);
      i = end;
      continue;
    }
    const kick = kicks[k]! - start;
    // dipping into this kick while the previous one may still be recovering
    const dipEnd = Math.min(end, Math.max(i, kick));
    if (i < dipEnd) {
      if (dip(out, i, dipEnd, start, kicks, k, attack, tau)) any = true;
      i = dipEnd;
    }
    // recovering, up to the horizon (rec is not read beyond it: the next kick sets it again)
    const recoverEnd = Math.min(end, Math.max(i, kick + horizon));
    if (i < recoverEnd) {
      // min(1, rec) only falls: its first sample says whether the stretch ducks at all
      if (Math.min(1, rec) > 0.001) any = true;
      rec = recover(out, i, recoverEnd, rec, fall);
      i = recoverEnd;
    }
    out.fill(0, i, end);
    i = end;
  }
  return any;
}

/** out[i, end) on the dip into kick k; whether any of it ducks. */
function dip(
  out: Float32Array,
  from: number,
  end: number,
  start: number,
  kicks: Int32Array,
  k: number,
  attack: number,
  tau: number,
): boolean {
  let any = false;
  for (let i = from; i < end; i++) {
    const t = start + i;
    const dt = t - kicks[k]!;
    const prev = k > 0 ? Math.exp((kicks[k - 1]! - t) / tau) : 0;
    const v = Math.max(1 + dt / attack, prev);
    out[i] = v;
    if (v > 0.001) any = true;
  }
  return any;
}

/** out[i, end) on a kick's recovery from `rec`; returns rec advanced past it. */
function recover(out: Float32Array, from: number, end: number, rec: number, fall: number): number {
  for (let i = from; i < end; i++) {
    out[i] = Math.min(1, rec);
    rec *= fall;
  }
  return rec;
}
