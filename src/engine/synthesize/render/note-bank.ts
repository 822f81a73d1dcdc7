/**
 * The note bank: before the time windows are mixed, the workers synthesise the piece's distinct notes
 * between them — each worker a share, balanced by estimated cost — into shared memory. Both windows then
 * play every note from the bank, so no note is synthesised twice and the costliest stage runs on all cores.
 *
 *   score ─▶ schedule (same in every worker) ─▶ distinct notes ─▶ share k of n ─▶ SharedArrayBuffer ─┐
 *                                                                                                   ▼
 *                                                           windows: key ─▶ Float32Array view into the bank
 */
import { type MixScope, roleSetups } from "./mix-setup.js";
import { type Scheduled, scheduleNotes } from "./schedule.js";

export const NOTE_BANK_DEFAULTS = {
  /** Estimated bank size above which the windows synthesise their own notes (it would cost too much memory). */
  maxBytes: 160 * 1024 * 1024,
  /** Shared chunk size: each note is copied in as soon as it is rendered, so little is held twice. */
  chunkSamples: 1 << 20,
} as const;

/** One worker's part of the bank: notes packed into shared chunks as they are rendered. */
export interface NoteBankShare {
  keys: string[];
  chunkOf: number[];
  offsets: number[];
  lengths: number[];
  chunks: SharedArrayBuffer[];
}

/** Every distinct note of the scope, in a fixed order (first appearance, role by role, part by part). */
export function distinctNotes(scope: MixScope): Scheduled[] {
  const ctx = { sampleRate: scope.sampleRate, bpm: scope.score.bpm };
  const seen = new Map<string, Scheduled>();
  for (const role of roleSetups(scope)) {
    for (const p of role.parts) {
      for (const e of scheduleNotes(p.part, ctx, p.strip, p.seed)) if (!seen.has(e.key)) seen.set(e.key, e);
    }
  }
  return [...seen.values()];
}

/** Which notes share `share` of `shares` synthesises: longest first, each to the least-loaded share. */
export function shareIndices(notes: readonly Scheduled[], share: number, shares: number): number[] {
  const order = notes.map((_, i) => i).sort((a, b) => notes[b]!.cost - notes[a]!.cost || a - b);
  const load = new Array<number>(shares).fill(0);
  const mine: number[] = [];
  for (const i of order) {
    let least = 0;
    for (let k = 1; k < shares; k++) if (load[k]! < load[least]!) least = k;
    load[least]! += notes[i]!.cost;
    if (least === share) mine.push(i);
  }
  return mine.sort((a, b) => a - b);
}

/**
 * Synthesises this worker's share into shared chunks. Returns undefined when the whole bank would
 * be too large (every worker decides alike) or when stopped.
 */
export function synthesizeShare(
  scope: MixScope,
  share: number,
  shares: number,
  shouldStop: () => boolean = () => false,
): NoteBankShare | undefined {
  const notes = distinctNotes(scope);
  const estimate = notes.reduce((sum, n) => sum + n.cost * 4, 0);
  if (estimate > NOTE_BANK_DEFAULTS.maxBytes) return undefined;
  const out: NoteBankShare = { keys: [], chunkOf: [], offsets: [], lengths: [], chunks: [] };
  let chunk: Float32Array | undefined;
  let at = 0;
  for (const i of shareIndices(notes, share, shares)) {
    if (shouldStop()) return undefined;
    const n = notes[i]!;
    const samples = n.render();
    if (!chunk || at + samples.length > chunk.length) {
      const buffer = new SharedArrayBuffer(Math.max(NOTE_BANK_DEFAULTS.chunkSamples, samples.length) * 4);
      out.chunks.push(buffer);
      chunk = new Float32Array(buffer);
      at = 0;
    }
    chunk.set(samples, at);
    out.keys.push(n.key);
    out.chunkOf.push(out.chunks.length - 1);
    out.offsets.push(at);
    out.lengths.push(samples.length);
    at += samples.length;
  }
  return out;
}

/** The shares joined into one lookup of views (no copies). */
export function bankOf(shares: readonly NoteBankShare[]): Map<string, Float32Array> {
  const bank = new Map<string, Float32Array>();
  for (const s of shares) {
    s.keys.forEach((key, i) => {
      bank.set(key, new Float32Array(s.chunks[s.chunkOf[i]!]!, s.offsets[i]! * 4, s.lengths[i]!));
    });
  }
  return bank;
}
