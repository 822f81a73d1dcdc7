/**
 * Messages between renderStems and its render workers (and its sampler process). A render gives each worker
 * its share of the note bank, then its time window (and, when a long piece's sampler process could not start,
 * a share of the SoundFont's notes between the two). Buffers are SharedArrayBuffers written in place.
 */
import { type PremixAnalysis, ROLES, type Role, type Score } from "../../types.js";
import type { SoundfontSelection } from "../soundfont/render.js";
import type { MixScope } from "./mix-setup.js";
import type { NoteBankShare } from "./note-bank.js";
import { type SpillLayout, SpillWriter } from "./spill.js";
import type { WindowSummary, WindowTarget } from "./window.js";

export interface SharedStereo {
  left: SharedArrayBuffer | ArrayBuffer;
  right: SharedArrayBuffer | ArrayBuffer;
}

export interface SharedTargets {
  outputs: Partial<Record<Role, SharedStereo>>;
  mix?: SharedStereo;
  /** Samples per output (a buffer may be longer: a recycled one, see output-pool.ts); all of it without. */
  frames?: number;
  /** Instead of `outputs` and `mix`: a scratch file every window writes its planes of (see spill.ts). */
  spill?: SpillLayout;
}

export interface WindowJobMessage {
  score: Score;
  sampleRate: number;
  start: number;
  end: number;
  roles: Role[];
  skipParts: string[];
  soundfontParts: string[];
  buffers: SharedTargets;
  stopFlag: SharedArrayBuffer;
  /** The note bank's shares, when the workers synthesised one. */
  bank?: NoteBankShare[];
  /** Measure the mix for mastering into these shared arrays (a piece of `length` samples). */
  analysis?: { data: PremixAnalysis; length: number };
}

export interface NotesJobMessage {
  type: "notes";
  score: Score;
  sampleRate: number;
  roles: Role[];
  skipParts: string[];
  soundfontParts: string[];
  share: number;
  shares: number;
  stopFlag: SharedArrayBuffer;
  /** The SoundFont the `soundfontParts` play: the worker synthesises its share of their notes too. */
  selection?: SoundfontSelection;
  /** Only the SoundFont's notes (the built-in ones are banked already). */
  sampledOnly?: boolean;
  /** An Int32 shared by the round's workers: the next built-in note to claim (see note-bank.ts synthesizeShare). */
  claims?: SharedArrayBuffer;
  /** The render's first notes job: the bank chunks this worker wrote for its renders before are free again. */
  firstOfRender?: boolean;
}

/**
 * Mastering's gain curve over channels in shared memory (see master-helpers.ts). No reply: the worker adds
 * one to `done[0]` per job and wakes the waiting thread, and sets `done[1]` if it failed.
 */
export interface CurveJobMessage {
  type: "curve";
  /** Every channel of the job: the helpers and the master claim them one at a time (master-helpers.ts). */
  channels: { samples: Float32Array; offset: number }[];
  curve: Float32Array;
  step: number;
  /** The claim and completion counters (CURVE_SYNC). */
  sync: SharedArrayBuffer;
}

/**
 * Mastering's true-peak search over one channel (see master-helpers.ts): stepPeaks into `out`, every array in
 * shared memory. No reply: the worker sets `done[0]` and wakes the waiting thread, and sets `done[1]` if it
 * failed.
 */
export interface PeaksJobMessage {
  type: "peaks";
  samples: Float32Array;
  step: number;
  threshold: number | Float32Array;
  peaks: Float32Array;
  curvature?: Float32Array | undefined;
  out: Float32Array;
  done: SharedArrayBuffer;
}

/**
 * Play the rehearsal bar (see rehearsal.ts) as `share` of a render's two. No reply; the worker drops it once
 * `stopFlag` is raised (the pool raises it with the worker's next request).
 */
export interface RehearseMessage {
  type: "rehearse";
  share: number;
  stopFlag: SharedArrayBuffer;
}

export type WorkerRequest =
  | ({ type: "window" } & WindowJobMessage)
  | NotesJobMessage
  | CurveJobMessage
  | PeaksJobMessage
  | RehearseMessage;

/** The sampler process's job (sampler-process.ts): every SoundFont note, written to `file`. */
export interface SamplerRequest
  extends Omit<NotesJobMessage, "type" | "share" | "shares" | "stopFlag" | "selection" | "sampledOnly" | "claims"> {
  selection: SoundfontSelection;
  file: string;
}

export type SamplerReply =
  | { type: "notes"; keys: string[]; lengths: number[]; scales: number[]; energies: number[] }
  | { type: "none" }
  | { type: "error"; message: string };

export type WorkerReply =
  | { type: "progress"; fraction: number }
  | { type: "done"; summary?: WindowSummary }
  /** `sampled`: whether the SoundFont's notes are in the share (false: its voices could not be loaded). */
  | { type: "notes"; share: NoteBankShare | null; sampled: boolean }
  | { type: "error"; message: string };

export function targetOf(buffers: SharedTargets): WindowTarget {
  if (buffers.spill) return { outputs: {}, spill: new SpillWriter(buffers.spill) };
  const { frames } = buffers;
  const view = (s: SharedStereo) => ({
    left: new Float32Array(s.left, 0, frames),
    right: new Float32Array(s.right, 0, frames),
  });
  const outputs: WindowTarget["outputs"] = {};
  for (const [role, s] of Object.entries(buffers.outputs) as [Role, SharedStereo][]) outputs[role] = view(s);
  return buffers.mix ? { outputs, mix: view(buffers.mix) } : { outputs };
}

/** What a job message renders (roles the sender named that this build does not know are left out). */
export function scopeOf(
  msg: Pick<NotesJobMessage, "score" | "sampleRate" | "roles" | "skipParts" | "soundfontParts">,
): MixScope {
  return {
    score: msg.score,
    sampleRate: msg.sampleRate,
    roles: msg.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    skipParts: msg.skipParts,
    soundfontParts: msg.soundfontParts,
  };
}

/** A worker's stop check: the shared flag the main thread raises on abort. */
export function stopCheck(msg: Pick<WindowJobMessage, "stopFlag">): () => boolean {
  const stop = new Int32Array(msg.stopFlag);
  return () => Atomics.load(stop, 0) !== 0;
}
