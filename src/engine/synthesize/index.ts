/**
 * synthesize/: Score → one pre-master stereo buffer per role (or one mix buffer with `stems: false`).
 *
 *   score ─▶ distinct notes (built-in and SoundFont) ─▶ shared out between the workers ─▶ note bank ─▶ workers,
 *            one time window each: parts ─▶ role buses ─▶ shared stem buffers
 *   loops: the tail rendered past the loop end is folded into the loop start, so the file repeats seamlessly.
 */

import { tmpdir } from "node:os";
import { collectGarbage } from "../dsp/gc.js";
import { mergeAnalysers, premixAnalysis } from "../dsp/mix-analysis.js";
import {
  ComposerError,
  type RenderedStems,
  type RenderOptions,
  ROLES,
  type Role,
  type Score,
  type StereoBuffer,
} from "../types.js";
import { mixStyle } from "./mix/styles.js";
import { dropOutputs, recycleOutputs, takeOutput } from "./render/output-pool.js";
import { BLOCK } from "./render/part.js";
import type { SharedStereo, SharedTargets, WindowJobMessage } from "./render/protocol.js";
import { createSpill, readSpill, removeSpill, type SpillLayout } from "./render/spill.js";
import { renderThreads, runWindows, warmWorkers } from "./render/threads.js";
import { prerollSeconds } from "./render/window.js";

export { masterHelpers } from "./render/master-helpers.js";
export { closeRenderWorkers, idleRenderWorkers, renderWorkersStarted } from "./render/threads.js";

import { soundfontParts } from "./soundfont/render.js";

export const DEFAULTS = {
  /** Pieces up to this long leave the render workers warm for the next render; longer ones end them. */
  keepWorkersWarmSeconds: 300,
  /** Pieces longer than this render to a scratch file rather than to memory (see render/spill.ts). */
  spillSeconds: 300,
  /** Extra render past a loop's end, folded into its start. */
  loopTailSeconds: 6,
} as const;

/** Starts the workers a piece of `seconds` will render on, while the caller still composes its score. */
export function prepareRender(seconds: number): void {
  // a long piece renders to disk, and its memory peak must not carry an earlier render's buffers
  if (seconds > DEFAULTS.spillSeconds) dropOutputs();
  warmWorkers(seconds, { fresh: seconds > DEFAULTS.keepWorkersWarmSeconds });
}

/** An output pair from the pool: pages an earlier render mapped, where there are some (see render/output-pool.ts). */
function output(length: number): SharedStereo {
  return { left: takeOutput(length * 4), right: takeOutput(length * 4) };
}

/**
 * Hands a finished render's buffers back for the next render to write into (its pages are then already
 * mapped). Call it once nothing reads the render's audio any more — mastered or not, stems and mix: the next
 * render overwrites them.
 */
export function recycleRender(rendered: Pick<RenderedStems, "stems" | "mix">): void {
  const buffers = [...Object.values(rendered.stems), ...(rendered.mix ? [rendered.mix] : [])];
  recycleOutputs(buffers.flatMap((b) => [b.left.buffer, b.right.buffer]));
}

function loopTailSamples(score: Score, sampleRate: number): number {
  if (!score.loop) return 0;
  const decay = mixStyle(score.style).reverb.decaySeconds;
  return Math.round(Math.min(DEFAULTS.loopTailSeconds + decay, 12) * sampleRate);
}

/**
 * Touches every page of the output buffers. A fresh buffer's pages are mapped on first write, and two workers
 * faulting the same process's pages in contend for it (measured: ~0.35 s for 90 s of five stems); done here
 * while the workers synthesise the note bank, it costs nothing on the critical path.
 */
function prefault(buffers: SharedTargets): void {
  for (const s of [...Object.values(buffers.outputs), ...(buffers.mix ? [buffers.mix] : [])]) {
    for (const b of [s.left, s.right]) {
      // only what the render writes: a pooled buffer's spare room stays unmapped
      const v = new Float32Array(b, 0, buffers.frames);
      for (let i = 0; i < v.length; i += 1024) v[i] = 0;
    }
  }
}

/** Adds samples rendered past the loop end into the loop start (the wrap-around of an infinite repeat). */
function foldLoopTail(
  buf: { left: Float32Array; right: Float32Array },
  score: Score,
  sampleRate: number,
  tail: number,
) {
  if (!score.loop) return;
  const start = Math.round(score.loop.start * sampleRate);
  const end = Math.round(score.loop.end * sampleRate);
  const length = end - start;
  if (length <= 0) return;
  for (const ch of [buf.left, buf.right]) {
    for (let k = 0; k < tail; k++) {
      const from = end + k;
      if (from >= ch.length) break;
      ch[start + (k % length)]! += ch[from]!;
    }
  }
}

export async function renderStems(score: Score, options: RenderOptions): Promise<RenderedStems> {
  const sampleRate = options.sampleRate;
  if (!(sampleRate >= 8000 && sampleRate <= 192000)) {
    throw new ComposerError("INVALID_ARGUMENT", `sampleRate must be 8000..192000 Hz, got: ${sampleRate}`);
  }
  const length = Math.round(score.duration * sampleRate);
  const tail = loopTailSamples(score, sampleRate);
  const total = length + tail;
  const wantStems = options.stems !== false;
  const stopFlag = new SharedArrayBuffer(4);
  let spill: SpillLayout | undefined;
  const onAbort = () => Atomics.store(new Int32Array(stopFlag), 0, 1);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const sf = options.soundfont ? await soundfontParts(score, options.soundfont) : undefined;
    const soundfontIds = sf ? sf.parts.map((p) => p.id) : [];
    const roles = ROLES.filter((r) => score.parts.some((p) => p.role === r));
    // the workers also write the stems' sum, and (unless a loop's tail is folded in afterwards) measure it
    // for mastering as they go
    const long = score.duration > DEFAULTS.keepWorkersWarmSeconds;
    // a long piece's output waits on disk until its note bank is gone (see render/spill.ts)
    spill =
      score.duration > DEFAULTS.spillSeconds
        ? createSpill(options.scratchDir ?? tmpdir(), total, ["mix", ...(wantStems ? roles : [])])
        : undefined;
    if (spill) dropOutputs();
    const buffers: SharedTargets = spill
      ? { outputs: {}, spill }
      : {
          outputs: wantStems
            ? (Object.fromEntries(roles.map((r) => [r, output(total)])) as Partial<Record<Role, SharedStereo>>)
            : {},
          mix: output(total),
          frames: total,
        };
    const analysis = score.loop
      ? undefined
      : { data: premixAnalysis(length, sampleRate, wantStems ? roles : [], true), length };
    const threads = renderThreads(score.duration);
    const jobs: WindowJobMessage[] = [];
    // every window but the first also renders its pre-roll: shift the joins so each does the same work
    const preroll = Math.min(total / threads, prerollSeconds(score) * sampleRate);
    // joins on the block grid: the measures' steps then fall wholly in one window
    const join = (w: number) =>
      w === 0 ? 0 : w === threads ? total : Math.round(((total - preroll) * w) / threads + preroll) & ~(BLOCK - 1);
    for (let w = 0; w < threads; w++) {
      jobs.push({
        score,
        sampleRate,
        start: join(w),
        end: join(w + 1),
        roles: [...roles],
        skipParts: [],
        soundfontParts: soundfontIds,
        buffers,
        stopFlag,
        ...(analysis ? { analysis } : {}),
      });
    }
    const progress = options.onProgress ?? (() => {});
    const { summaries, sampled } = await runWindows(jobs, {
      useWorkers: threads > 1,
      onProgress: (f) => progress(f * 0.98),
      soundfont: sf,
      keepWarm: !long,
      // a long piece's SoundFont notes come from a process of their own (see render/sampler-process.ts); its
      // buffers are then left to fault in as the windows write them, after that process has ended
      ...(long ? { soundfontInProcess: true } : { whileBanking: () => prefault(buffers) }),
    });
    const soundfontUsed = sf && sampled ? sf.file : undefined;
    // a long piece's note bank (the workers have ended) is garbage now: return it before the master allocates
    if (long) collectGarbage();
    if (options.signal?.aborted) throw new ComposerError("CANCELLED", "Rendering was cancelled.");
    const written = spill ? readBack(spill) : (buffers as Written);
    // the file's pages go now, before the master allocates (they would be RAM where /tmp is in memory)
    if (spill) removeSpill(spill);
    const view = (s: SharedStereo): StereoBuffer => {
      const buf = { sampleRate, left: new Float32Array(s.left, 0, total), right: new Float32Array(s.right, 0, total) };
      foldLoopTail(buf, score, sampleRate, tail);
      return { sampleRate, left: buf.left.subarray(0, length), right: buf.right.subarray(0, length) };
    };
    const empty = (): StereoBuffer => ({ sampleRate, left: new Float32Array(0), right: new Float32Array(0) });
    const silent = (): StereoBuffer => {
      // untouched zero pages cost no resident memory (and a recycled buffer is not all zeros)
      return {
        sampleRate,
        left: new Float32Array(new SharedArrayBuffer(length * 4)),
        right: new Float32Array(new SharedArrayBuffer(length * 4)),
      };
    };
    const stems = Object.fromEntries(
      ROLES.map((r) => {
        const s = written.outputs[r];
        return [r, wantStems ? (s ? view(s) : silent()) : empty()];
      }),
    ) as Record<Role, StereoBuffer>;
    progress(1);
    const result: RenderedStems = {
      sampleRate,
      stems,
      engine: soundfontUsed ? "soundfont" : "builtin",
      ...(soundfontUsed ? { soundfont: soundfontUsed } : {}),
    };
    const mix = view(written.mix);
    result.mix = mix;
    if (analysis && summaries.every((s) => s !== undefined)) {
      mergeAnalysers(analysis.data, summaries, mix);
      result.analysis = analysis.data;
    }
    return result;
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    if (spill) removeSpill(spill);
  }
}

/** The render's output: shared buffers by role, and the mix. */
type Written = { outputs: Partial<Record<Role, SharedStereo>>; mix: SharedStereo };

function readBack(spill: SpillLayout): Written {
  const planes = readSpill(spill);
  const outputs: Written["outputs"] = {};
  for (const [output, stereo] of planes) if (output !== "mix") outputs[output] = stereo;
  return { outputs, mix: planes.get("mix")! };
}
