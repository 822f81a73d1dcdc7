/**
 * The render's idle workers as mastering's helpers: while the master finishes the mix (its gain curve, its
 * peaks and its loudness), they apply the same curve to the stems, which sit in shared memory. Mastering is
 * synchronous, so the job goes out as a message and comes back through a shared counter this thread waits on.
 *
 *   master ─▶ stems' channels, dealt in turn ─▶ idle workers ─▶ applyGainCurve in place ─▶ done[0] += 1 ─▶ master
 */
import { applyGainCurve, type CurveChannel, type CurveHelpers, isShared } from "../../dsp/signal-passes.js";
import { ComposerError } from "../../types.js";
import { acquireIdle, release } from "./pool.js";

export const MASTER_HELPERS_DEFAULTS = {
  /** At most this many workers help (one per core beside the master's own). */
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
    start(channels: readonly CurveChannel[], curve: Float32Array, step: number) {
      if (channels.length === 0 || !channels.every((c) => isShared(c.samples))) return undefined;
      const workers = acquireIdle(Math.min(MASTER_HELPERS_DEFAULTS.maxHelpers, channels.length));
      if (workers.length === 0) return undefined;
      const done = new SharedArrayBuffer(8);
      // channel j to worker j mod n: each gets both channels' worth of every role, so the shares are even
      const jobs = workers.map((_, w) => channels.filter((_, j) => j % workers.length === w));
      // a worker that died idle takes no job: its channels are finished here, once the others are under way
      const unsent = jobs.filter((job, w) => !workers[w]!.post({ type: "curve", channels: job, curve, step, done }));
      const expected = workers.length - unsent.length;
      const samples = channels.reduce((s, c) => s + c.samples.length, 0);
      const deadline =
        performance.now() + MASTER_HELPERS_DEFAULTS.minWaitMs + samples * MASTER_HELPERS_DEFAULTS.waitMsPerSample;
      return () => {
        const flags = new Int32Array(done);
        try {
          for (const job of unsent) {
            for (const c of job) applyGainCurve(c.samples, curve, step, c.offset, 0, c.samples.length);
          }
          for (let seen = Atomics.load(flags, 0); seen < expected; seen = Atomics.load(flags, 0)) {
            const left = deadline - performance.now();
            if (left <= 0 || Atomics.wait(flags, 0, seen, left) === "timed-out") {
              // a helper that may still be at it is never handed out again
              for (const w of workers) w.fail();
              throw failed();
            }
          }
          if (Atomics.load(flags, 1) !== 0) throw failed();
        } finally {
          release(workers, true);
        }
      };
    },
  };
}
