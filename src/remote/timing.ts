/** Time as the client sees it, injectable so tests of 30 s waits and 2-minute heartbeats run at once. */
import { ComposerError } from "../errors.js";

export interface Timing {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function cancelled(signal: AbortSignal): ComposerError {
  return new ComposerError("CANCELLED", "The request was cancelled.", { cause: signal.reason });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled(signal);
}

export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export const REAL_TIMING: Timing = { now: () => Date.now(), sleep: realSleep };
