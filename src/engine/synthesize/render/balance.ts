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
/** A part as the balance reads it: its whole schedule and its strip gain. */
export interface BalancedPart {
  schedule: readonly Scheduled[];
  gainDb: number;
}

/**
 * A role's estimated loudness in dB: Σ note energy × gain² over the time it sounds (the union of each note's
 * gate plus a little release); K-weighted mean square, ungated; only differences between roles matter.
 */
function roleLoudnessDb(
  parts: readonly BalancedPart[],
  energyOf: (key: string) => number | undefined,
  sampleRate: number,
): number | undefined {
  const release = BALANCE_DEFAULTS.releaseSeconds * sampleRate;
  let energy = 0;
  let count = 0;
  for (const p of parts) count += p.schedule.length;
  const starts = new Float64Array(count);
  const ends = new Float64Array(count);
  let n = 0;
  for (const p of parts) {
    const gain = dbToGain(p.gainDb);
    const fallback = partEnergy(p.schedule, sampleRate);
    for (const e of p.schedule) {
      const g = e.gain * gain;
      energy += (energyOf(e.key) ?? fallback()) * g * g;
      starts[n] = e.start;
      ends[n++] = e.start + e.gateSamples + release;
    }
  }
  // the time sounding: the union of the spans, in start order
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => starts[a]! - starts[b]!);
  let sounding = 0;
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const i of order) {
    if (starts[i]! > to) {
      if (to > from) sounding += to - from;
      from = starts[i]!;
      to = ends[i]!;
    } else to = Math.max(to, ends[i]!);
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
  style: string,
  sampleRate: number,
  roles: readonly { role: Role; parts: readonly BalancedPart[] }[],
  energyOf: (key: string) => number | undefined,
): Partial<Record<Role, number>> {
  const targets = mixStyle(style).balance;
  const measured: { role: Role; db: number }[] = [];
  for (const { role, parts } of roles) {
    const db = roleLoudnessDb(parts, energyOf, sampleRate);
    if (db !== undefined) measured.push({ role, db });
  }
  if (measured.length < 2) return {};
  const moves = measured.map(({ role, db }) => ({ role, move: targets[role] - db }));
  const mean = moves.reduce((sum, m) => sum + m.move, 0) / moves.length;
  const limit = BALANCE_DEFAULTS.maxCorrectionDb;
  return Object.fromEntries(moves.map(({ role, move }) => [role, Math.max(-limit, Math.min(limit, move - mean))]));
}

/** The same, scheduling the scope's parts here (for callers without part renderers at hand). */
export function scopeBalanceDb(
  scope: MixScope,
  energyOf: (key: string) => number | undefined,
): Partial<Record<Role, number>> {
  const { score, sampleRate: sr } = scope;
  const ctx = { sampleRate: sr, bpm: score.bpm };
  const roles = roleSetups(scope).map(({ role, parts }) => ({
    role,
    parts: parts.map((p) => ({
      schedule: scheduleNotes(p.part, ctx, p.strip, p.seed, p.soundfont),
      gainDb: p.strip.gainDb,
    })),
  }));
  return roleBalanceDb(score.style, sr, roles, energyOf);
}

/**
 * A part's mean note energy for notes the bank does not hold, measured (once, when first asked) on up to
 * BALANCE_DEFAULTS.sampleNotes of its distinct built-in notes synthesised here.
 */
function partEnergy(scheduled: readonly Scheduled[], sampleRate: number): () => number {
  let mean: number | undefined;
  return () => {
    if (mean !== undefined) return mean;
    const distinct = [...new Map(scheduled.filter((e) => !e.sampled).map((e) => [e.key, e])).values()];
    const step = Math.max(1, Math.floor(distinct.length / BALANCE_DEFAULTS.sampleNotes));
    let sum = 0;
    let count = 0;
    for (let i = 0; i < distinct.length && count < BALANCE_DEFAULTS.sampleNotes; i += step) {
      sum += kWeightedEnergy(distinct[i]!.render(), sampleRate);
      count++;
    }
    mean = count > 0 ? sum / count : 0;
    return mean;
  };
}
