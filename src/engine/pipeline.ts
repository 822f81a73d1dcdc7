/**
 * Brief → Plan → Score → Stems → Master: the one place the stages meet. The stages are passed in as a
 * `Stages` object so tests (and the session store's crash tests) can run the whole flow with stand-ins.
 *
 *   interpret ─▶ compose ─▶ renderStems ─▶ masterTrack ─▶ (encodeAudio | scoreToMidi | muxMusicUnderVideo)
 */
import type { GenerateInput } from "../backend/schemas.js";
import type { ImportOptions, ReferenceSource, StoredReference } from "./analyze/index.js";
import { compose } from "./compose/index.js";
import { collectGarbage } from "./dsp/gc.js";
import type { CurveHelpers } from "./dsp/signal-passes.js";
import { encodeAudio, encodeAudioChunks, prepareEncoders } from "./encode/index.js";
import { scoreToMidi } from "./encode/midi.js";
import { type MuxOptions, type MuxResult, muxMusicUnderVideo } from "./encode/video.js";
import { type MasterOptions, masterTrack } from "./master/index.js";
import { type InterpretOptions, interpret } from "./plan/index.js";
import { masterHelpers, prepareRender, recycleRender, renderStems } from "./synthesize/index.js";
import {
  type AudioFormat,
  ComposerError,
  type EncodeOptions,
  type Interpretation,
  type Lufs,
  type MasteredTrack,
  type Plan,
  type PlanOverrides,
  type RenderedStems,
  type RenderOptions,
  ROLES,
  type Role,
  type Score,
  type StereoBuffer,
} from "./types.js";

export type { ImportOptions, ReferenceSource, StoredReference } from "./analyze/index.js";

export type { MuxOptions, MuxResult } from "./encode/video.js";

export interface Stages {
  interpret(brief: string, options: InterpretOptions): Interpretation;
  compose(plan: Plan): Score;
  renderStems(score: Score, options: RenderOptions): Promise<RenderedStems>;
  masterTrack(stems: RenderedStems, score: Score, options: MasterOptions): MasteredTrack;
  encodeAudio(buffer: StereoBuffer, format: AudioFormat, options: EncodeOptions): Promise<Uint8Array>;
  scoreToMidi(score: Score): Uint8Array;
  importReference(source: ReferenceSource, options: ImportOptions): Promise<StoredReference>;
  muxMusicUnderVideo(options: MuxOptions): Promise<MuxResult>;
  /** Starts what rendering a piece of `seconds` will use, while its score is composed (optional: stand-ins). */
  prepareRender?(seconds: number): void;
  /** Starts what encoding `formats` will use, while the mix is mastered (optional: stand-ins). */
  prepareEncoders?(formats: readonly string[], seconds: number): void;
  /** Threads that help the master finish the stems: the render's idle workers (optional: stand-ins). */
  masterHelpers?(): CurveHelpers;
  /** Takes a render's buffers back once nothing reads them, for the next render (optional: stand-ins). */
  recycleRender?(rendered: RenderedStems): void;
}

export const DEFAULT_STAGES: Stages = {
  interpret,
  compose,
  renderStems,
  masterTrack,
  encodeAudio,
  scoreToMidi,
  // reference analysis is loaded when a reference is first imported (a render need not hold its code)
  importReference: async (source, options) => (await import("./analyze/index.js")).importReference(source, options),
  muxMusicUnderVideo,
  prepareRender,
  prepareEncoders,
  masterHelpers,
  recycleRender,
};

export const DEFAULTS = {
  /** Pieces at least this long collect the garbage of rendering before they are encoded (memory, not speed). */
  collectAfterSeconds: 300,
  /** Render rate; export resamples on request. */
  sampleRate: 44100,
  /** generate_track writes these unless `formats` says otherwise. */
  formats: ["wav", "mp3", "mid"] as const,
};

export function overridesOf(input: GenerateInput): PlanOverrides {
  const o: PlanOverrides = {};
  if (input.duration_seconds !== undefined) o.durationSeconds = input.duration_seconds;
  if (input.bpm !== undefined) o.bpm = input.bpm;
  if (input.key !== undefined) o.key = input.key;
  if (input.time_signature !== undefined) o.timeSignature = input.time_signature;
  if (input.loop !== undefined) o.loop = input.loop;
  if (input.seed !== undefined) o.seed = input.seed;
  if (input.lufs !== undefined) o.lufs = input.lufs;
  return o;
}

export interface RenderRequest {
  sampleRate?: number;
  /** A folder on disk a long render may keep its output in while it renders (see RenderOptions.scratchDir). */
  scratchDir?: string;
  /** Whether the mastered stems are needed; without them only the mix is rendered (less memory). */
  stems: boolean;
  soundfont?: string | undefined;
  lufs: Lufs;
  signal: AbortSignal;
  /** 0..1 across rendering and mastering. */
  onProgress(fraction: number): void;
}

export interface Rendered {
  stems: RenderedStems;
  mastered: MasteredTrack;
  /** The pre-master mix, captured before mastering (which works in place), when asked for. */
  premix?: StereoBuffer;
}

/**
 * Score → stems → master. Rendering is deterministic, so the same score always gives the same master.
 * `keepPremix` returns a copy of the pre-master mix; `beforeMaster` sees the rendered audio before mastering
 * (which works in place) without a copy — e.g. to stream the pre-master mix to disk.
 */
export async function renderScore(
  stages: Stages,
  score: Score,
  request: RenderRequest & { keepPremix?: boolean; beforeMaster?: (rendered: RenderedStems) => Promise<void> },
): Promise<Rendered> {
  throwIfAborted(request.signal);
  const stems = await stages.renderStems(score, {
    sampleRate: request.sampleRate ?? DEFAULTS.sampleRate,
    soundfont: request.soundfont,
    stems: request.stems,
    scratchDir: request.scratchDir,
    signal: request.signal,
    onProgress: (f) => request.onProgress(0.9 * Math.min(1, Math.max(0, f))),
  });
  throwIfAborted(request.signal);
  const premix = request.keepPremix ? preMasterMix(stems) : undefined;
  await request.beforeMaster?.(stems);
  throwIfAborted(request.signal);
  const mastered = stages.masterTrack(stems, score, { lufs: request.lufs, helpers: stages.masterHelpers?.() });
  // a long piece leaves the render's note bank and the master's curves behind: return them before encoding
  if (score.duration >= DEFAULTS.collectAfterSeconds) collectGarbage();
  request.onProgress(1);
  return { stems, mastered, ...(premix ? { premix } : {}) };
}

/** What the pre-master mix is the sum of: the renderer's own mix, or every stem. */
export function preMasterSources(rendered: RenderedStems): StereoBuffer[] {
  return rendered.mix ? [rendered.mix] : ROLES.map((role) => rendered.stems[role]);
}

/** A copy of the mix that mastering starts from: the renderer's own mix, or the sum of the stems. */
export function preMasterMix(rendered: RenderedStems): StereoBuffer {
  if (rendered.mix) {
    return { sampleRate: rendered.mix.sampleRate, left: rendered.mix.left.slice(), right: rendered.mix.right.slice() };
  }
  const length = rendered.stems.drums.left.length;
  const left = new Float32Array(length);
  const right = new Float32Array(length);
  for (const role of ROLES) {
    const stem = rendered.stems[role];
    const n = Math.min(length, stem.left.length);
    for (let i = 0; i < n; i++) {
      left[i] = (left[i] ?? 0) + (stem.left[i] ?? 0);
      right[i] = (right[i] ?? 0) + (stem.right[i] ?? 0);
    }
  }
  return { sampleRate: rendered.sampleRate, left, right };
}

/** Masters a stored pre-master mix again (a new loudness target costs seconds, not a new render). */
export function remaster(stages: Stages, premix: StereoBuffer, score: Score, lufs: Lufs): MasteredTrack {
  const none = { sampleRate: premix.sampleRate, left: new Float32Array(0), right: new Float32Array(0) };
  const stems = Object.fromEntries(ROLES.map((role) => [role, none])) as Record<Role, StereoBuffer>;
  return stages.masterTrack({ sampleRate: premix.sampleRate, stems, engine: "builtin", mix: premix }, score, { lufs });
}

/**
 * The file for `format` as chunks to write in turn, when the built-in encoder can stream it (WAV, FLAC, MP3
 * and Ogg at the buffer's rate: a 10-minute master then never exists twice in memory); undefined otherwise, and always
 * for a stand-in encoder (tests), which is called as given.
 */
export function audioChunks(
  stages: Stages,
  buffer: StereoBuffer,
  format: AudioFormat,
  options: EncodeOptions,
): Iterable<Uint8Array> | AsyncIterable<Uint8Array> | undefined {
  return stages.encodeAudio === encodeAudio ? encodeAudioChunks(buffer, format, options) : undefined;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ComposerError("CANCELLED", "The request was cancelled; nothing was saved.");
}
