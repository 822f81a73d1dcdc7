/**
 * Lossy encoders on every core. LAME and libvorbis run about 45× faster than real time in WebAssembly and
 * cannot use a second core themselves, so a long file is cut into segments, each encoded by a worker from a
 * little before its start to a little after its end, and the streams are joined where both encoders made the
 * same choices (mp3-join.ts, ogg-join.ts; mp3-segments.ts and ogg-segments.ts say where to cut).
 *
 *   stream positions ─▶ segment k: [cut_k − run-in, cut_k+1 + run-out) ─▶ worker k (encoder) ─┐
 *                                                                                           ▼
 *                                               segment 0 up to join_1 · segment 1 up to join_2 · … ─▶ one stream
 *
 * The workers read the buffer where it lies (the render's shared memory; a short buffer that is not shared is
 * copied once). Whenever segments cannot be used — a short file, one core, no worker, a join that will not fit —
 * the caller encodes the whole stream on its own thread instead, with the same result up to the joins'
 * quantisation noise.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { isShared } from "../dsp/signal-passes.js";
import { workerEntry } from "../dsp/worker-entry.js";
import type { StereoBuffer } from "../types.js";

export type Mp3Bitrate = 128 | 192 | 256 | 320;

/** One encode: stream positions [from, to) of `buffer` through the peak guard's `gains`. */
export interface LossyJob {
  buffer: StereoBuffer;
  loop: boolean;
  gains: Float32Array | undefined;
  from: number;
  to: number;
}

export interface Mp3Job extends LossyJob {
  bitrate: Mp3Bitrate;
}

export interface OggJob extends LossyJob {
  vbrQuality: number;
}

export const SEGMENT_DEFAULTS = {
  /** Shorter streams are encoded whole: a worker's start (~0.1 s) would cost about what it saves. */
  minSeconds: 20,
  /** At most this many segments (and workers), one per core. */
  maxSegments: 2,
  /** A buffer outside shared memory is copied for the workers only up to this many bytes. */
  maxCopyBytes: 64 * 1024 * 1024,
  /** Idle workers are ended after this long. */
  idleSeconds: 60,
  /**
   * After a stream longer than this the workers end at once (~25 MB each): a long piece's mastered mix is still
   * in memory, and starting them again costs little beside its encode.
   */
  keepWarmSeconds: 300,
} as const;

/** What a segment's worker is asked (the buffer's channels travel as shared memory). */
export type SegmentRequest = { sampleRate: number; left: Float32Array; right: Float32Array } & (
  | ({ codec: "mp3" } & Omit<Mp3Job, "buffer">)
  | ({ codec: "ogg" } & Omit<OggJob, "buffer">)
);

export type SegmentReply = { type: "done"; bytes: Uint8Array } | { type: "error"; message: string };

/** How many segments a stream of `length` samples is cut into: 0 when it is encoded whole. */
export function segmentCount(job: LossyJob): number {
  const count = Math.min(SEGMENT_DEFAULTS.maxSegments, availableParallelism());
  const length = job.to - job.from;
  return count < 2 || length < SEGMENT_DEFAULTS.minSeconds * job.buffer.sampleRate ? 0 : count;
}

/** The buffer in shared memory (a copy when it is not, and small enough), or undefined. */
function sharedBuffer(buffer: StereoBuffer): StereoBuffer | undefined {
  if (isShared(buffer.left) && isShared(buffer.right)) return buffer;
  const n = buffer.left.length;
  if (n * 8 > SEGMENT_DEFAULTS.maxCopyBytes) return undefined;
  const copy = (a: Float32Array) => {
    const out = new Float32Array(new SharedArrayBuffer(n * 4));
    out.set(a);
    return out;
  };
  return { sampleRate: buffer.sampleRate, left: copy(buffer.left), right: copy(buffer.right) };
}

const idle: Worker[] = [];
let idleTimer: ReturnType<typeof setTimeout> | undefined;
/** Workers encoding now: one set at a time (a second encode meanwhile runs on its caller's thread). */
let busy = 0;

/** Workers that died or failed a request: never used again. */
const broken = new WeakSet<Worker>();

/** Workers started since the module loaded (tests: whether an encode took warm workers or started its own). */
let started = 0;

/** Idle workers that died or failed a request are never handed out again. */
function pruneBroken(): void {
  for (let i = idle.length - 1; i >= 0; i--) if (broken.has(idle[i]!)) idle.splice(i, 1);
}

/** The idle workers end `idleSeconds` from now, unless an encode takes them first. */
function restartIdleTimer(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(closeEncodeWorkers, SEGMENT_DEFAULTS.idleSeconds * 1000);
  idleTimer.unref();
}

function startWorker(): Worker | undefined {
  started++;
  try {
    // a small young generation: the worker allocates little besides the stream it hands back
    const worker = new Worker(workerEntry(import.meta.url, "lossy-worker"), {
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    // an idle worker that fails must not take the process down with an unheard 'error' event
    worker.on("error", () => broken.add(worker));
    worker.on("exit", () => broken.add(worker));
    return worker;
  } catch {
    return undefined;
  }
}

/** Runs one request on a worker; undefined when the worker fails or dies (the caller then encodes whole). */
function encodeOn(worker: Worker, request: SegmentRequest): Promise<Uint8Array | undefined> {
  return new Promise((resolve) => {
    const settle = (bytes: Uint8Array | undefined) => {
      worker.off("message", onMessage);
      worker.off("error", onFailure);
      worker.off("exit", onFailure);
      resolve(bytes);
    };
    const onMessage = (reply: SegmentReply) => settle(reply.type === "done" ? reply.bytes : undefined);
    const onFailure = () => settle(undefined);
    worker.on("message", onMessage);
    worker.once("error", onFailure);
    worker.once("exit", onFailure);
    worker.ref();
    worker.postMessage(request);
  });
}

/**
 * Starts the workers ahead of an encode that will want them (a fresh worker takes ~0.2 s to load its code and
 * compile the codecs): they wait idle and unreferenced, and end after `idleSeconds` if no encode comes.
 */
export function warmEncodeWorkers(): void {
  if (Math.min(SEGMENT_DEFAULTS.maxSegments, availableParallelism()) < 2) return;
  pruneBroken();
  let added = false;
  while (idle.length + busy < SEGMENT_DEFAULTS.maxSegments) {
    const worker = startWorker();
    if (!worker) break;
    worker.unref();
    idle.push(worker);
    added = true;
  }
  // while an encode runs, its end restarts the countdown
  if (added && busy === 0) restartIdleTimer();
}

/** How many encoder workers wait for the next encode. */
export function idleEncodeWorkers(): number {
  return idle.filter((w) => !broken.has(w)).length;
}

/** How many encoder workers have been started (tests). */
export function encodeWorkersStarted(): number {
  return started;
}

/** Ends the idle encoder workers now (tests, shutdown). */
export function closeEncodeWorkers(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  for (const w of idle.splice(0)) void w.terminate();
}

/**
 * Encodes stream positions [from_k, to_k) of the job's buffer on one worker each, in parallel; the streams in
 * order, or undefined when any could not be encoded.
 */
export async function encodeRanges(
  job: LossyJob,
  codec: { codec: "mp3"; bitrate: Mp3Bitrate } | { codec: "ogg"; vbrQuality: number },
  ranges: readonly { from: number; to: number }[],
): Promise<Uint8Array[] | undefined> {
  if (busy + ranges.length > SEGMENT_DEFAULTS.maxSegments) return undefined;
  const buffer = sharedBuffer(job.buffer);
  if (!buffer) return undefined;
  if (idleTimer) clearTimeout(idleTimer);
  busy += ranges.length;
  pruneBroken();
  const workers = ranges.map(() => idle.pop() ?? startWorker());
  const keep = job.to - job.from <= SEGMENT_DEFAULTS.keepWarmSeconds * buffer.sampleRate;
  try {
    if (workers.some((w) => w === undefined)) return undefined;
    const streams = await Promise.all(
      workers.map(async (w, k) => {
        const request = {
          sampleRate: buffer.sampleRate,
          left: buffer.left,
          right: buffer.right,
          loop: job.loop,
          gains: job.gains,
          ...ranges[k]!,
          ...codec,
        } as SegmentRequest;
        const bytes = await encodeOn(w!, request);
        if (!bytes) broken.add(w!);
        return bytes;
      }),
    );
    return streams.every((s) => s !== undefined) ? (streams as Uint8Array[]) : undefined;
  } finally {
    busy -= ranges.length;
    for (const w of workers) {
      if (!w) continue;
      if (broken.has(w) || !keep || idle.length >= SEGMENT_DEFAULTS.maxSegments) {
        void w.terminate();
        continue;
      }
      w.unref();
      idle.push(w);
    }
    restartIdleTimer();
  }
}
