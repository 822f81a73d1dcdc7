/**
 * Stem balance by measurement. The arranger sets each part's level by its task (lead, pad, comp…), but voices
 * differ in loudness by 10 dB and more — a plucked lead under a sustained pad, a sub bass over everything in an
 * ambient piece. So before mixing, each role's loudness is estimated from its notes: every stored note's
 * K-weighted energy (measured once, when the note bank synthesised it) times each event's gain², over the
 * time the role sounds. Each role bus then moves toward the style's balance (mixStyle().balance, in LU
 * relative to each other); the parts within a role keep the arranger's proportions, and mix intents ("more
 * bass") apply on top.
 *
 *   notes' energies × event gains² ─▶ role loudness (while it sounds) ─▶ target − measured, centred, clamped
 */
import { dbToGain } from "../../dsp/filters.js";
import { kWeightedEnergy } from "../../dsp/loudness.js";
import type { Role } from "../../types.js";
import { mixStyle } from "../mix/styles.js";
import { type MixScope, roleSetups } from "./mix-setup.js";
import { type Scheduled, scheduleNotes } from "./schedule.js";

export const BALANCE_DEFAULTS = {
  /** Largest move of a role bus, either way: a correction, not a remix. */
  maxCorrectionDb: 12,
  /** A note counts as sounding for its gate plus this much of its release (staccato parts are not diluted). */
  releaseSeconds: 0.4,
  /** Notes measured per part when the bank holds none of its notes (a bank too large to keep). */
  sampleNotes: 8,
} as const;

/** A role's estimated loudness in dB (K-weighted mean square while it sounds, ungated; only differences matter). */
interface Sounding {
  e: Scheduled;
  /** The part's strip gain (linear). */
  gain: number;
  /** The stored note's K-weighted energy. */
  energy: number;
}

function roleLoudnessDb(events: readonly Sounding[], sampleRate: number): number | undefined {
  let energy = 0;
  const spans: [number, number][] = [];
  const release = BALANCE_DEFAULTS.releaseSeconds * sampleRate;
  for (const { e, gain, energy: noteEnergy } of events) {
    const g = e.gain * gain;
    energy += noteEnergy * g * g;
    spans.push([e.start, e.start + e.gateSamples + release]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let sounding = 0;
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const [a, b] of spans) {
    if (a > to) {
      if (to > from) sounding += to - from;
      from = a;
      to = b;
    } else to = Math.max(to, b);
  }
  if (to > from) sounding += to - from;
  if (!(energy > 0) || !(sounding > 0)) return undefined;
  return 10 * Math.log10(energy / sounding);
}

/**
 * Gain in dB for each role bus that sounds, so the roles sit at the style's balance. `energyOf` gives a stored
 * note's K-weighted energy, or undefined when the bank does not hold it: a part's missing notes are then
 * measured from a few of its notes synthesised here.
 */
export function roleBalanceDb(
  scope: MixScope,
  energyOf: (key: string) => number | undefined,
): Partial<Record<Role, number>> {
  const { score, sampleRate: sr } = scope;
  const targets = mixStyle(score.style).balance;
  const ctx = { sampleRate: sr, bpm: score.bpm };
  const measured: { role: Role; db: number }[] = [];
  for (const { role, parts } of roleSetups(scope)) {
    const events: Sounding[] = [];
    for (const p of parts) {
      const scheduled = scheduleNotes(p.part, ctx, p.strip, p.seed, p.soundfont);
      const gain = dbToGain(p.strip.gainDb);
      const energy = partEnergy(scheduled, energyOf, sr);
      for (const e of scheduled) events.push({ e, gain, energy: energy(e) });
    }
    const db = roleLoudnessDb(events, sr);
    if (db !== undefined) measured.push({ role, db });
  }
  if (measured.length < 2) return {};
  const moves = measured.map(({ role, db }) => ({ role, move: targets[role] - db }));
  const mean = moves.reduce((sum, m) => sum + m.move, 0) / moves.length;
  const limit = BALANCE_DEFAULTS.maxCorrectionDb;
  return Object.fromEntries(moves.map(({ role, move }) => [role, Math.max(-limit, Math.min(limit, move - mean))]));
}

/**
 * A part's note energies: from the bank, or — for notes it does not hold — the part's mean energy per note,
 * measured on up to BALANCE_DEFAULTS.sampleNotes of its distinct built-in notes synthesised here.
 */
function partEnergy(
  scheduled: readonly Scheduled[],
  energyOf: (key: string) => number | undefined,
  sampleRate: number,
): (e: Scheduled) => number {
  let fallback: number | undefined;
  const sampled = () => {
    if (fallback !== undefined) return fallback;
    const distinct = [...new Map(scheduled.filter((e) => !e.sampled).map((e) => [e.key, e])).values()];
    const step = Math.max(1, Math.floor(distinct.length / BALANCE_DEFAULTS.sampleNotes));
    let sum = 0;
    let count = 0;
    for (let i = 0; i < distinct.length && count < BALANCE_DEFAULTS.sampleNotes; i += step) {
      sum += kWeightedEnergy(distinct[i]!.render(), sampleRate);
      count++;
    }
    fallback = count > 0 ? sum / count : 0;
    return fallback;
  };
  return (e) => energyOf(e.key) ?? sampled();
}
