/**
 * Shaping around a drop and the opening anacrusis, on finished notes in seconds.
 *
 * Before a drop: a build that is clearly thinner (bass and kick out, cymbals out, the rest softer, a snare roll
 * rising) and a breath of near-silence on the last half beat. At the drop: every layer, kick + crash on the
 * downbeat, a little louder. The anacrusis before the first full bar gets a pickup (drum fill, or a melodic
 * run into the first note) instead of silence.
 */
import { GM_DRUMS } from "../theory/voices.js";
import type { Note, Part, Seconds } from "../types.js";
import type { Grid } from "./model.js";

export const DROP_DEFAULTS = {
  /** Length of the thinned build before a drop. */
  buildSeconds: 4,
  /** Velocity scale for pitched parts in the build. */
  buildVelocity: 0.45,
  /** Velocity scale for everything in the first seconds of the drop. */
  dropBoost: 1.2,
  dropSeconds: 4,
} as const;

const KICKS = new Set<number>([GM_DRUMS.kick, GM_DRUMS.kickAcoustic]);
const CYMBALS = new Set<number>([GM_DRUMS.crash, GM_DRUMS.crash2, GM_DRUMS.ride, GM_DRUMS.china, GM_DRUMS.splash]);

function thinBuild(part: Part, from: Seconds, drop: Seconds, breath: Seconds): void {
  const kept: Note[] = [];
  for (const n of part.notes) {
    const end = n.start + n.duration;
    if (end <= from || n.start >= drop || part.role === "fx") {
      kept.push(n);
      continue;
    }
    if (n.start < from) {
      // A note ringing into the build stops where the build starts.
      kept.push({ ...n, duration: from - n.start });
      continue;
    }
    if (n.start >= drop - breath) continue;
    // Only the harmony (and the fx) carry the build: bass, drums and tunes step out for the roll to fill.
    if (part.role === "bass" || part.role === "melody") continue;
    if (part.isDrum && (KICKS.has(n.pitch) || CYMBALS.has(n.pitch) || n.start >= from)) continue;
    const duration = Math.min(n.duration, drop - breath - n.start);
    kept.push({ ...n, duration, velocity: Math.max(0.05, n.velocity * DROP_DEFAULTS.buildVelocity) });
  }
  part.notes = kept;
}

/** A snare roll through the build: eighths then sixteenths, velocity rising, stopping for the breath. */
function snareRoll(from: Seconds, drop: Seconds, beat: Seconds, breath: Seconds): Note[] {
  const notes: Note[] = [];
  const half = from + (drop - from) / 2;
  let t = from;
  while (t < drop - breath - 1e-6) {
    const step = t < half ? beat / 2 : beat / 4;
    const k = (t - from) / Math.max(0.01, drop - from);
    notes.push({ pitch: GM_DRUMS.snare, start: t, duration: Math.min(step, 0.1), velocity: 0.3 + 0.45 * k });
    t += step;
  }
  return notes;
}

function boostDrop(part: Part, drop: Seconds): void {
  part.notes = part.notes.map((n) =>
    n.start >= drop - 1e-6 && n.start < drop + DROP_DEFAULTS.dropSeconds
      ? { ...n, velocity: Math.min(1, n.velocity * DROP_DEFAULTS.dropBoost) }
      : n,
  );
}

/** The requested drops (on a downbeat) become build → breath → full hit. */
export function shapeDrops(parts: Part[], grid: Grid): void {
  const drops = [...new Set(grid.hits.filter((h) => h.hit.kind === "drop" && h.onDownbeat).map((h) => h.hit.at))];
  for (const drop of drops) {
    const slot = grid.bars.find((b) => Math.abs(b.start - drop) < 1e-3);
    const beat = 60 / (slot?.bpm ?? grid.bpm);
    const from = Math.max(0, drop - DROP_DEFAULTS.buildSeconds);
    if (drop - from < 2 * beat) continue;
    const breath = beat / 2;
    for (const part of parts) thinBuild(part, from, drop, breath);
    const drums = parts.find((p) => p.isDrum);
    if (drums) {
      drums.notes.push(...snareRoll(from, drop, beat, breath));
      drums.notes.push(
        { pitch: GM_DRUMS.kick, start: drop, duration: 0.2, velocity: 1 },
        { pitch: GM_DRUMS.crash, start: drop, duration: 1.5, velocity: 1 },
      );
    }
    for (const part of parts) {
      boostDrop(part, drop);
      part.notes.sort((a, b) => a.start - b.start || a.pitch - b.pitch);
    }
  }
}

/** Fills the anacrusis (the partial bar before the first full one) with a pickup. */
export function fillPickup(parts: Part[], grid: Grid, scale: readonly number[]): void {
  const end = grid.preRoll;
  if (end <= 1e-3) return;
  const beat = 60 / grid.bpm;
  const step = beat / 2;
  const starts: Seconds[] = [];
  // Steps counted back from the downbeat so the last lands a step before it.
  for (let t = end - step; t > -1e-6; t -= step) starts.unshift(Math.max(0, t));
  if (starts.length === 0) starts.push(0);
  const drums = parts.find((p) => p.isDrum);
  if (drums) {
    const toms = [GM_DRUMS.tomHigh, GM_DRUMS.tomHiMid, GM_DRUMS.tomLowMid, GM_DRUMS.tomLow, GM_DRUMS.tomHighFloor];
    starts.forEach((start, i) => {
      const fromEnd = starts.length - 1 - i;
      const pitch = fromEnd < toms.length ? (toms[toms.length - 1 - fromEnd] ?? GM_DRUMS.snare) : GM_DRUMS.snare;
      const velocity = 0.45 + (0.4 * (i + 1)) / starts.length;
      drums.notes.push({ pitch, start, duration: Math.min(step, 0.15), velocity });
    });
    drums.notes.sort((a, b) => a.start - b.start || a.pitch - b.pitch);
    return;
  }
  const lead =
    parts.find((p) => p.role === "melody" && p.notes.length > 0) ??
    parts.find((p) => !p.isDrum && p.role !== "fx" && p.notes.length > 0);
  const target = lead?.notes.find((n) => n.start >= end - 1e-3);
  if (!lead || !target || scale.length === 0) return;
  // A scale run climbing into the first note.
  const pitches: number[] = [];
  let pitch = target.pitch;
  for (let i = 0; i < starts.length; i++) {
    do pitch -= 1;
    while (!scale.includes(((pitch % 12) + 12) % 12) && pitch > target.pitch - 12);
    pitches.unshift(pitch);
  }
  starts.forEach((start, i) => {
    const velocity = Math.min(1, target.velocity * (0.7 + (0.25 * (i + 1)) / starts.length));
    lead.notes.push({ pitch: pitches[i] ?? target.pitch, start, duration: step * 0.9, velocity });
  });
  lead.notes.sort((a, b) => a.start - b.start || a.pitch - b.pitch);
}
