/**
 * The note bank: before the time windows are mixed, the workers synthesise the piece's distinct notes
 * between them — each worker a share, balanced by estimated cost — into shared memory. Both windows then
 * play every note from the bank, so no note is synthesised twice and the costliest stage runs on all cores.
 *
 *   score ─▶ schedule (same in every worker) ─▶ distinct notes ─▶ share k of n ─▶ 16-bit SharedArrayBuffer ─┐
 *                                                                                                         ▼
 *                                                          windows: key ─▶ Int16Array view into the bank × scale
 */
import { kWeightedEnergy } from "../../dsp/loudness.js";
import { type SoundfontSelection, soundfontVoices } from "../soundfont/render.js";
import { type MixScope, roleSetups } from "./mix-setup.js";
import { noteScale, quantiseNote, type StoredNote } from "./rendered-notes.js";
import { type SampledVoices, type Scheduled, scheduleNotes } from "./schedule.js";

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
  /** What each note's 16-bit samples are multiplied by. */
  scales: number[];
  /** Each note's K-weighted energy (what the stem balance is measured from, see balance.ts). */
  energies: number[];
  chunks: SharedArrayBuffer[];
}

/** Every distinct note of the scope, in a fixed order (first appearance, role by role, part by part). */
export function distinctNotes(scope: MixScope, sampled?: SampledVoices): Scheduled[] {
  const ctx = { sampleRate: scope.sampleRate, bpm: scope.score.bpm };
  const seen = new Map<string, Scheduled>();
  for (const role of roleSetups(scope)) {
    for (const p of role.parts) {
      for (const e of scheduleNotes(p.part, ctx, p.strip, p.seed, p.soundfont, sampled)) {
        if (!seen.has(e.key)) seen.set(e.key, e);
      }
    }
  }
  return [...seen.values()];
}

/** Packs rendered notes into shared chunks as they come, so little is ever held twice. */
class SharePacker {
  readonly share: NoteBankShare = {
    keys: [],
    chunkOf: [],
    offsets: [],
    lengths: [],
    scales: [],
    energies: [],
    chunks: [],
  };
  private chunk: Int16Array | undefined;
  private at = 0;

  constructor(private readonly sampleRate: number) {}

  add(key: string, samples: Float32Array): void {
    if (!this.chunk || this.at + samples.length > this.chunk.length) {
      const buffer = new SharedArrayBuffer(Math.max(NOTE_BANK_DEFAULTS.chunkSamples, samples.length) * 2);
      this.share.chunks.push(buffer);
      this.chunk = new Int16Array(buffer);
      this.at = 0;
    }
    const scale = noteScale(samples);
    quantiseNote(samples, scale, this.chunk.subarray(this.at, this.at + samples.length));
    this.share.scales.push(scale);
    this.share.keys.push(key);
    this.share.chunkOf.push(this.share.chunks.length - 1);
    this.share.offsets.push(this.at);
    this.share.lengths.push(samples.length);
    this.share.energies.push(kWeightedEnergy(samples, this.sampleRate));
    this.at += samples.length;
  }
}

/**
 * The SoundFont notes, synthesised on the thread that holds the loaded SoundFont (the main thread, while the
 * workers synthesise the built-in ones). Yields now and then so an abort or a progress message gets through.
 */
export async function synthesizeSampledShare(
  scope: MixScope,
  sampled: SampledVoices,
  shouldStop: () => boolean = () => false,
): Promise<NoteBankShare | undefined> {
  const packer = new SharePacker(scope.sampleRate);
  let since = performance.now();
  for (const n of distinctNotes(scope, sampled)) {
    if (!n.sampled) continue;
    if (shouldStop()) return undefined;
    packer.add(n.key, n.render());
    if (performance.now() - since > 50) {
      await new Promise((r) => setImmediate(r));
      since = performance.now();
    }
  }
  return packer.share;
}

/** The SoundFont's notes for a selection: its voices loaded here, then every sampled note synthesised. */
export async function soundfontShare(
  msg: { selection: SoundfontSelection; sampleRate: number },
  scope: MixScope,
  shouldStop: () => boolean,
): Promise<NoteBankShare | undefined> {
  const voices = await soundfontVoices(msg.selection, msg.sampleRate);
  return voices ? synthesizeSampledShare(scope, voices, shouldStop) : undefined;
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
  const notes = distinctNotes(scope).filter((n) => !n.sampled);
  const estimate = notes.reduce((sum, n) => sum + n.cost * Int16Array.BYTES_PER_ELEMENT, 0);
  if (estimate > NOTE_BANK_DEFAULTS.maxBytes) return undefined;
  const packer = new SharePacker(scope.sampleRate);
  for (const i of shareIndices(notes, share, shares)) {
    if (shouldStop()) return undefined;
    packer.add(notes[i]!.key, notes[i]!.render());
  }
  return packer.share;
}

/** Each banked note's K-weighted energy, by key. */
export function energiesOf(shares: readonly NoteBankShare[]): Map<string, number> {
  const energies = new Map<string, number>();
  for (const s of shares) {
    for (let i = 0; i < s.keys.length; i++) energies.set(s.keys[i]!, s.energies[i] ?? 0);
  }
  return energies;
}

/** The shares joined into one lookup of views (no copies). */
export function bankOf(shares: readonly NoteBankShare[]): Map<string, StoredNote> {
  const bank = new Map<string, StoredNote>();
  for (const s of shares) {
    s.keys.forEach((key, i) => {
      const samples = new Int16Array(s.chunks[s.chunkOf[i]!]!, s.offsets[i]! * 2, s.lengths[i]!);
      bank.set(key, { samples, scale: s.scales[i]! });
    });
  }
  return bank;
}
