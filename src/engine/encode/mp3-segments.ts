/**
 * MP3 on every core: LAME encodes about 45× faster than real time in WebAssembly and cannot use a second core
 * itself, so a long file is cut into segments on its frame grid, each encoded by a worker from a few frames
 * before its start to a few after its end, and the streams are joined (mp3-join.ts).
 *
 *   stream positions ─▶ segment k: [join_k − run-in, join_k+1 + run-out) ─▶ worker k (LAME) ─┐
 *                                                                                         ▼
 *                                          frames of 0 up to join_1 · frames of 1 up to join_2 · … ─▶ one stream
 *
 * The workers read the buffer where it lies (the render's shared memory; a short buffer that is not shared is
 * copied once). Whenever segments cannot be used — a short file, one core, no worker, a join that will not fit —
 * the caller encodes the whole stream on its own thread instead, with the same result up to the joins'
 * quantisation noise.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { workerEntry } from "../dsp/worker-entry.js";
import type { StereoBuffer } from "../types.js";
import { frameFacts, joinSegments, type Segment } from "./mp3-join.js";

export type Mp3Bitrate = 128 | 192 | 256 | 320;

/** One encode: stream positions [from, to) of `buffer` through the peak guard's `gains`. */
export interface Mp3Job {
  buffer: StereoBuffer;
  bitrate: Mp3Bitrate;
  loop: boolean;
  gains: Float32Array | undefined;
  from: number;
  to: number;
}

export const MP3_SEGMENT_DEFAULTS = {
  /** Shorter streams are encoded whole: a worker's start (~0.1 s) would cost about what it saves. */
  minSeconds: 20,
  /** At most this many segments (and workers), one per core. */
  maxSegments: 2,
  /** Frames each segment's encoder runs before its first kept frame (filter bank, MDCT and psychoacoustic memory). */
  runInFrames: 10,
  /** Frames past its last kept frame (LAME's look-ahead and its final flush stay out of the kept frames). */
  runOutFrames: 6,
  /** Joins tried around each cut, in frames either side (the first that fits is taken). */
  joinReach: 3,
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

const FRAME = 1152;

/** The buffer in shared memory (a copy when it is not, and small enough), or undefined. */
function sharedBuffer(buffer: StereoBuffer): StereoBuffer | undefined {
  const isShared = (a: Float32Array) => a.buffer instanceof SharedArrayBuffer;
  if (isShared(buffer.left) && isShared(buffer.right)) return buffer;
  const n = buffer.left.length;
  if (n * 8 > MP3_SEGMENT_DEFAULTS.maxCopyBytes) return undefined;
  const copy = (a: Float32Array) => {
    const out = new Float32Array(new SharedArrayBuffer(n * 4));
    out.set(a);
    return out;
  };
  return { sampleRate: buffer.sampleRate, left: copy(buffer.left), right: copy(buffer.right) };
}

/** What a segment's worker is asked (the buffer's channels travel as shared memory). */
export interface SegmentRequest {
  sampleRate: number;
  left: Float32Array;
  right: Float32Array;
  bitrate: Mp3Bitrate;
  loop: boolean;
  gains: Float32Array | undefined;
  from: number;
  to: number;
}

export type SegmentReply = { type: "done"; bytes: Uint8Array } | { type: "error"; message: string };

const idle: Worker[] = [];
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** Workers that died or failed a request: never used again. */
const broken = new WeakSet<Worker>();

function startWorker(): Worker | undefined {
  try {
    // a small young generation: the worker allocates little besides the frames it hands back
    const worker = new Worker(workerEntry(import.meta.url, "mp3-worker"), {
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

/** Ends the idle MP3 workers now (tests, shutdown). */
export function closeMp3Workers(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  for (const w of idle.splice(0)) void w.terminate();
}

/** The stream's MP3 frames encoded in segments on workers, or undefined when that cannot be done. */
export async function encodeMp3InSegments(job: Mp3Job): Promise<Uint8Array[] | undefined> {
  const d = MP3_SEGMENT_DEFAULTS;
  const length = job.to - job.from;
  const count = Math.min(d.maxSegments, availableParallelism());
  if (count < 2 || length < d.minSeconds * job.buffer.sampleRate || job.buffer.sampleRate < 32000) return undefined;
  const buffer = sharedBuffer(job.buffer);
  if (!buffer) return undefined;
  // cuts on the frame grid of the stream (position `from` is its sample 0)
  const cuts = Array.from({ length: count + 1 }, (_, k) =>
    k === 0 ? 0 : k === count ? length : Math.round((length * k) / count / FRAME) * FRAME,
  );
  if (idleTimer) clearTimeout(idleTimer);
  for (let i = idle.length - 1; i >= 0; i--) if (broken.has(idle[i]!)) idle.splice(i, 1);
  const workers = Array.from({ length: count }, () => idle.pop() ?? startWorker());
  const keep = length <= d.keepWarmSeconds * job.buffer.sampleRate;
  try {
    if (workers.some((w) => w === undefined)) return undefined;
    const firstFrames = cuts.slice(0, count).map((c, k) => (k === 0 ? 0 : c / FRAME - d.runInFrames));
    const replies = await Promise.all(
      workers.map(async (w, k) => {
        const bytes = await encodeOn(w!, {
          sampleRate: buffer.sampleRate,
          left: buffer.left,
          right: buffer.right,
          bitrate: job.bitrate,
          loop: job.loop,
          gains: job.gains,
          from: job.from + firstFrames[k]! * FRAME,
          to: job.from + (k === count - 1 ? length : Math.min(length, cuts[k + 1]! + d.runOutFrames * FRAME)),
        });
        if (!bytes) broken.add(w!);
        return bytes;
      }),
    );
    return joinAll(replies, firstFrames, cuts);
  } finally {
    for (const w of workers) {
      if (!w) continue;
      // at most one set waits (two encodes at once start a second)
      if (broken.has(w) || !keep || idle.length >= count) {
        void w.terminate();
        continue;
      }
      w.unref();
      idle.push(w);
    }
    idleTimer = setTimeout(closeMp3Workers, d.idleSeconds * 1000);
    idleTimer.unref();
  }
}

/** The segments joined at the first join near each cut that fits. */
function joinAll(replies: (Uint8Array | undefined)[], firstFrames: number[], cuts: number[]): Uint8Array[] | undefined {
  const segments: Segment[] = [];
  for (const [k, bytes] of replies.entries()) {
    const frames = bytes ? frameFacts(bytes) : undefined;
    if (!bytes || !frames) return undefined;
    segments.push({ bytes, frames, firstFrame: firstFrames[k]! });
  }
  const tries = [0];
  for (let r = 1; r <= MP3_SEGMENT_DEFAULTS.joinReach; r++) tries.push(r, -r);
  const candidates = cuts.slice(1, -1).map((c) => tries.map((t) => c / FRAME + t));
  return joinSegments(segments, candidates);
}
