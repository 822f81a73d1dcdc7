/**
 * The render's idle workers as mastering's helpers: while the master finishes the mix (its gain curve, its
 * peaks and its loudness), they apply the same curve to the stems, which sit in shared memory. The channels are
 * claimed one at a time from a shared counter — by the helpers from the start, and by the master once its own
 * work is done — so no thread waits while another still has channels queued. Mastering is synchronous: the
 * job goes out as a message and comes back through shared counters this thread waits on. Before that, one of
 * them searches the mix's right channel for true peaks while the master searches the left.
 *
 *   master ─▶ every channel + counters ─▶ idle workers ─┐ claim, applyGainCurve in place, done += 1
 *   master: its mix, then claims what is left ─────────┘ ─▶ waits for done = channels ─▶ master
 *   master ─▶ right channel + thresholds + hint ─▶ an idle worker: stepPeaks into a shared array, done = 1
 */
import { availableParallelism } from "node:os";
import {
  CURVE_SYNC,
  type CurveChannel,
  type CurveHelpers,
  claimChannels,
  curvePeaks,
  curveSync,
  isShared,
  type StepPeaksJob,
} from "../../dsp/signal-passes.js";
import { ComposerError } from "../../types.js";
import { acquireIdle, release } from "./pool.js";

export const MASTER_HELPERS_DEFAULTS = {
  /**
   * At most this many workers help, and never more than the cores beside the master's own: on two cores one
   * helper and the master share the channels (a third thread would only take turns with them).
   */
  maxHelpers: 2,
  /**
   * How long the master waits for them (the main thread blocks meanwhile): a fixed margin plus this much per
   * sample they finish — real runs take ~1 ns a sample, so only a worker that died mid-job is ever reported.
   */
  minWaitMs: 2000,
  waitMsPerSample: 5e-5,
} as const;

const failed = () =>
  new ComposerError("INTERNAL", "A render worker failed while mastering the stems; nothing was saved.", {
    hint: "Try the request again.",
  });

/** Helpers over the render workers idle now (none idle: `start` says so, and the master works alone). */
export function masterHelpers(): CurveHelpers {
  return {
    stepPeaks: peaksOnHelper,
    start(channels: readonly CurveChannel[], curve: Float32Array, step: number) {
      if (channels.length === 0 || !channels.every((c) => isShared(c.samples))) return undefined;
      const cores = Math.max(1, availableParallelism() - 1);
      const workers = acquireIdle(Math.min(MASTER_HELPERS_DEFAULTS.maxHelpers, cores, channels.length));
      if (workers.length === 0) return undefined;
      const sync = curveSync(channels.length);
      const shared = sync.buffer as SharedArrayBuffer;
      // a worker that died idle takes no job: the others, and this thread, claim its share
      for (const w of workers) w.post({ type: "curve", channels: [...channels], curve, step, sync: shared });
      const deadline = deadlineFor(channels.reduce((s, c) => s + c.samples.length, 0));
      return () => {
        try {
          claimChannels(channels, curve, step, sync);
          if (!waitFor(sync, CURVE_SYNC.done, channels.length, deadline)) {
            // a helper that may still be at it is never handed out again
            for (const w of workers) w.fail();
            throw failed();
          }
          if (Atomics.load(sync, CURVE_SYNC.failed) !== 0) throw failed();
          return curvePeaks(sync, channels.length);
        } finally {
          release(workers, true);
        }
      };
    },
  };
}

/**
 * One channel's true-peak search on an idle worker while the master searches the other. A worker that fails
 * or overruns costs nothing but time: the master then searches the channel itself.
 */
function peaksOnHelper(job: StepPeaksJob): (() => Float32Array | undefined) | undefined {
  const { samples, step, threshold, hint } = job;
  const arrays = [samples, hint.peaks, ...(hint.curvature ? [hint.curvature] : [])];
  if (typeof threshold !== "number") arrays.push(threshold);
  if (!arrays.every(isShared) || availableParallelism() < 2) return undefined;
  const [worker] = acquireIdle(1);
  if (!worker) return undefined;
  const out = new Float32Array(new SharedArrayBuffer(4 * Math.ceil(samples.length / step)));
  const done = new Int32Array(new SharedArrayBuffer(8));
  const posted = worker.post({
    type: "peaks",
    samples,
    step,
    threshold,
    peaks: hint.peaks,
    curvature: hint.curvature,
    out,
    done: done.buffer as SharedArrayBuffer,
  });
  if (!posted) {
    release([worker], true);
    return undefined;
  }
  const deadline = deadlineFor(samples.length);
  return () => {
    try {
      if (!waitFor(done, 0, 1, deadline)) {
        // still at it, perhaps: never handed out again
        worker.fail();
        return undefined;
      }
      return Atomics.load(done, 1) === 0 ? out : undefined;
    } finally {
      release([worker], true);
    }
  };
}

/** How long the master waits for helpers finishing `samples` samples (see MASTER_HELPERS_DEFAULTS). */
function deadlineFor(samples: number): number {
  return performance.now() + MASTER_HELPERS_DEFAULTS.minWaitMs + samples * MASTER_HELPERS_DEFAULTS.waitMsPerSample;
}

/** Blocks until the helpers have counted sync[at] up to `target` (true), or until `deadline` (false). */
function waitFor(sync: Int32Array, at: number, target: number, deadline: number): boolean {
  for (let seen = Atomics.load(sync, at); seen < target; seen = Atomics.load(sync, at)) {
    const left = deadline - performance.now();
    if (left <= 0 || Atomics.wait(sync, at, seen, left) === "timed-out") return false;
  }
  return true;
}
