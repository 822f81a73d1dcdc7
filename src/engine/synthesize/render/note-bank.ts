/**
 * The note bank: before the time windows are mixed, the workers synthesise the piece's distinct notes
 * between them — each drawing notes from its own end of one order until they meet (claims.ts) — into shared
 * memory. Both windows then play every note from the bank, so no note is synthesised twice and the costliest
 * stage runs on all cores.
 *
 *   score ─▶ schedule (same in every worker) ─▶ distinct notes ─▶ next claimed ─▶ 16-bit SharedArrayBuffer ─┐
 *                                                                                                         ▼
 *                                                          windows: key ─▶ Int16Array view into the bank × scale
 */
import type { BlockArena } from "../../dsp/kernels.js";
import { NoteEnergies } from "../../dsp/note-energies.js";
import { type SoundfontSelection, soundfontVoices } from "../soundfont/render.js";
import { claimOrder, NoteClaims } from "./claims.js";
import { type MixScope, roleSetups } from "./mix-setup.js";
import { noteScale, quantiseNote, type StoredNote } from "./rendered-notes.js";
import { isSampledKey, type SampledVoices, type Scheduled, scheduleNotes } from "./schedule.js";

export const NOTE_BANK_DEFAULTS = {
  /** Estimated bank size above which the windows synthesise their own notes (it would cost too much memory). */
  maxBytes: 160 * 1024 * 1024,
  /** Shared chunk size: each note is copied in as soon as it is rendered, so little is held twice. */
  chunkSamples: 1 << 20,
  /** Largest bank a window copies into its thread's arena, where the note kernels can read it. */
  arenaCopyBytes: 24 * 1024 * 1024,
  /** Most a worker keeps of its last render's chunks for the next (see reuseBankChunks). */
  spareBytes: 48 * 1024 * 1024,
} as const;

/**
 * A worker's bank chunks: those its current render wrote, and those free again. Writing a render's notes into
 * the pages the last one mapped saves faulting in the whole bank anew (~20 MB for 90 s of house). Only where a
 * thread's renders follow one another (a worker's; the main thread may run two at once).
 */
const chunks = { reuse: false, inUse: [] as SharedArrayBuffer[], spare: [] as SharedArrayBuffer[] };

/** This thread's packers keep their chunks for reuse (a render worker's, at its start). */
export function keepBankChunks(): void {
  chunks.reuse = true;
}

/**
 * The chunks this thread's renders before wrote are free again: called as a render's first notes job starts (a
 * worker is handed out again only once every window of its last render has finished reading them).
 */
export function reuseBankChunks(): void {
  const free = [...chunks.inUse.splice(0), ...chunks.spare];
  chunks.spare = [];
  let bytes = 0;
  for (const b of free) {
    bytes += b.byteLength;
    if (bytes <= NOTE_BANK_DEFAULTS.spareBytes) chunks.spare.push(b);
  }
}

/** Lets go of every chunk kept (an idle worker returns their memory). */
export function dropBankChunks(): void {
  chunks.inUse.length = 0;
  chunks.spare.length = 0;
}

/** A chunk of at least `bytes`: a spare one where this thread keeps them, else a new one. */
function newChunk(bytes: number): SharedArrayBuffer {
  if (!chunks.reuse) return new SharedArrayBuffer(bytes);
  const i = chunks.spare.findIndex((b) => b.byteLength >= bytes);
  const buffer = i >= 0 ? chunks.spare.splice(i, 1)[0]! : new SharedArrayBuffer(bytes);
  chunks.inUse.push(buffer);
  return buffer;
}

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

/** Packs notes into shared chunks as they come, so little is ever held twice. */
export class SharePacker {
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
  private energies: NoteEnergies | undefined;

  constructor(
    private readonly sampleRate: number,
    /** Whether notes are measured in pairs in the thread's arena (not where the caller yields between notes). */
    private readonly inArena = true,
  ) {}

  /** Rounds a rendered note into the bank and measures its energy (call `done` after the last). */
  add(key: string, samples: Float32Array): void {
    this.energies ??= new NoteEnergies(this.sampleRate, this.share.energies, this.inArena);
    const held = this.energies.hold(samples);
    const scale = noteScale(held);
    const index = this.share.keys.length;
    quantiseNote(held, scale, this.place(key, held.length, scale, 0));
    this.energies.measure(index, held);
  }

  /** Measures what is left to measure and lets go of the arena (after the last note, or on a stop). */
  done(): void {
    this.energies?.finish();
    this.energies = undefined;
  }

  /** Room in the bank for a note already stored (16-bit at `scale`): the caller fills the slot. */
  place(key: string, length: number, scale: number, energy: number): Int16Array {
    if (!this.chunk || this.at + length > this.chunk.length) {
      const buffer = newChunk(Math.max(NOTE_BANK_DEFAULTS.chunkSamples, length) * 2);
      this.share.chunks.push(buffer);
      this.chunk = new Int16Array(buffer);
      this.at = 0;
    }
    const slot = this.chunk.subarray(this.at, this.at + length);
    this.share.keys.push(key);
    this.share.chunkOf.push(this.share.chunks.length - 1);
    this.share.offsets.push(this.at);
    this.share.lengths.push(length);
    this.share.scales.push(scale);
    this.share.energies.push(energy);
    this.at += length;
    return slot;
  }
}

/**
 * The SoundFont notes, all of them, on this thread (when no worker, nor the sampler process, can). Yields now and then so an abort or
 * a progress message gets through.
 */
export async function synthesizeSampledShare(
  scope: MixScope,
  sampled: SampledVoices,
  shouldStop: () => boolean = () => false,
): Promise<NoteBankShare | undefined> {
  // (it yields between notes: another render on this thread could take from the arena meanwhile)
  const packer = new SharePacker(scope.sampleRate, false);
  let since = performance.now();
  try {
    for (const n of distinctNotes(scope, sampled)) {
      if (!n.sampled) continue;
      if (shouldStop()) return undefined;
      packer.add(n.key, n.render());
      if (performance.now() - since > 50) {
        await new Promise((r) => setImmediate(r));
        since = performance.now();
      }
    }
  } finally {
    packer.done();
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
 * Which (part, key) groups of the SoundFont's notes share `share` of `shares` synthesises: whole groups, so each
 * key's samples are loaded by one worker only (together they load the subset once), largest first, each to the
 * least-loaded share.
 */
export function sampledGroups(notes: readonly Scheduled[], share: number, shares: number): Set<string> {
  const costs = new Map<string, number>();
  for (const n of notes) {
    if (n.sampled) costs.set(groupOf(n.partId, n.pitch), (costs.get(groupOf(n.partId, n.pitch)) ?? 0) + n.cost);
  }
  const load = new Array<number>(shares).fill(0);
  const mine = new Set<string>();
  for (const [group, cost] of [...costs].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
    let least = 0;
    for (let k = 1; k < shares; k++) if (load[k]! < load[least]!) least = k;
    load[least]! += cost;
    if (least === share) mine.add(group);
  }
  return mine;
}

export const groupOf = (partId: string, pitch: number) => `${partId}|${pitch}`;

/**
 * Synthesises this worker's share into shared chunks: its part of the built-in notes (none when the whole bank
 * would be too large — the windows then synthesise their own, every worker deciding alike) and, given the
 * SoundFont's voices, its groups of the sampled notes. With `claims` (a counter shared by the workers) the
 * built-in notes are drawn one by one after the sampled ones, so a share that finished early takes more;
 * without, each share takes its fixed part. Undefined when stopped.
 */
export function synthesizeShare(
  scope: MixScope,
  share: number,
  shares: number,
  shouldStop: () => boolean = () => false,
  sampled?: SampledVoices,
  /** Only the sampled notes (the built-in ones were banked before). */
  sampledOnly = false,
  claims?: Int32Array,
): NoteBankShare | undefined {
  const notes = distinctNotes(scope, sampled);
  const builtIn = notes.filter((n) => !n.sampled);
  const estimate = builtIn.reduce((sum, n) => sum + n.cost * Int16Array.BYTES_PER_ELEMENT, 0);
  const banksBuiltIn = !sampledOnly && estimate <= NOTE_BANK_DEFAULTS.maxBytes;
  const groups = sampled ? sampledGroups(notes, share, shares) : undefined;
  const fixed = [
    ...(banksBuiltIn && !claims ? shareIndices(builtIn, share, shares).map((i) => builtIn[i]!) : []),
    ...(groups ? notes.filter((n) => n.sampled && groups.has(groupOf(n.partId, n.pitch))) : []),
  ];
  const packer = new SharePacker(scope.sampleRate);
  try {
    for (const note of fixed) {
      if (shouldStop()) return undefined;
      packer.add(note.key, renderTagged(note));
    }
    if (banksBuiltIn && claims) {
      const order = claimOrder(builtIn, shares);
      const drawn = new NoteClaims(claims, share, shares, order.length);
      for (let i = drawn.next(); i >= 0; i = drawn.next()) {
        if (shouldStop()) return undefined;
        const note = order[i]!;
        packer.add(note.key, note.render());
      }
    }
  } finally {
    packer.done();
  }
  return packer.share;
}

/**
 * A SoundFont note that failed to synthesise (its samples could not be read, say): the worker may then redo
 * its share built-in. Thrown only before the share claims any built-in note, so a redo draws what is left.
 */
export class SampledNoteError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

function renderTagged(note: Scheduled): Float32Array {
  if (!note.sampled) return note.render();
  try {
    return note.render();
  } catch (e) {
    throw new SampledNoteError(e);
  }
}

/** The share without its SoundFont notes (another worker could not load the SoundFont: every part plays built-in). */
export function withoutSampled(share: NoteBankShare): NoteBankShare {
  const keep = share.keys.flatMap((key, i) => (isSampledKey(key) ? [] : [i]));
  const pick = <T>(list: T[]) => keep.map((i) => list[i]!);
  return {
    keys: pick(share.keys),
    chunkOf: pick(share.chunkOf),
    offsets: pick(share.offsets),
    lengths: pick(share.lengths),
    scales: pick(share.scales),
    energies: pick(share.energies),
    chunks: share.chunks,
  };
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

/**
 * The bank copied into the thread's arena, where the note kernels read it (shared chunks are out of their
 * reach): each chunk once, up to its last note. Undefined when it would not fit (the notes then play from the
 * shared chunks, in JavaScript).
 */
export function bankInArena(
  bank: ReadonlyMap<string, StoredNote>,
  arena: BlockArena,
  maxBytes: number = NOTE_BANK_DEFAULTS.arenaCopyBytes,
): Map<string, StoredNote> | undefined {
  const ends = new Map<ArrayBufferLike, number>();
  for (const { samples } of bank.values()) {
    const end = samples.byteOffset + samples.byteLength;
    ends.set(samples.buffer, Math.max(ends.get(samples.buffer) ?? 0, end));
  }
  let bytes = 0;
  for (const end of ends.values()) bytes += end;
  // (each copy is aligned to 16 bytes)
  if (bytes > maxBytes || bytes + 16 * ends.size > arena.room()) return undefined;
  const copies = new Map<ArrayBufferLike, Int16Array>();
  for (const [chunk, end] of ends) {
    const copy = arena.i16(end / 2, false);
    if (copy.buffer !== arena.memory) return undefined;
    copy.set(new Int16Array(chunk, 0, end / 2));
    copies.set(chunk, copy);
  }
  const copied = new Map<string, StoredNote>();
  for (const [key, { samples, scale }] of bank) {
    const from = samples.byteOffset / 2;
    copied.set(key, { samples: copies.get(samples.buffer)!.subarray(from, from + samples.length), scale });
  }
  return copied;
}
