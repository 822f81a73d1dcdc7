/**
 * Waiting on the session state when the stream cannot tell us more: after a dropped stream (the message
 * is running or done, we cannot see which), after a stream that ended while a second stage (title, mix)
 * still runs, and after a silent answer whose change may land a moment later. Every `statePollMs` until
 * the work settles or the message's 15-minute cap.
 */

import type { Progress } from "../../backend/music-backend.js";
import { ComposerError } from "../../errors.js";
import { DEFAULTS } from "../defaults.js";
import { waitingProgress } from "../sse/run-message.js";
import type { StateSnapshot } from "../state/snapshot.js";
import type { Timing } from "../timing.js";
import { draftsEqual } from "../translate/state-diff.js";

export interface SettleOptions {
  read(): Promise<StateSnapshot>;
  before: StateSnapshot;
  timing: Timing;
  signal: AbortSignal;
  startedAt: number;
  report(progress: Progress): void;
  /** After a dropped stream or a silent answer: without a status word, only a changed draft says the work is done. */
  needChange: boolean;
  /** From this clock time on, an idle unchanged state is the answer rather than a reason to keep polling. */
  acceptUnchangedAt?: number;
}

/** Settled: not busy, and — when a change is needed — changed, failed, or seen busy and now idle. */
function settled(snap: StateSnapshot, before: StateSnapshot, needChange: boolean, sawBusy: boolean): boolean {
  if (snap.busy === true) return false;
  if (!needChange || sawBusy || snap.failed) return true;
  return !draftsEqual(before.draft, snap.draft) || snap.mediaCount > before.mediaCount;
}

export async function waitUntilSettled(opts: SettleOptions): Promise<StateSnapshot> {
  let sawBusy = false;
  for (;;) {
    const snap = await opts.read();
    if (settled(snap, opts.before, opts.needChange, sawBusy)) return snap;
    sawBusy ||= snap.busy === true;
    const now = opts.timing.now();
    if (opts.acceptUnchangedAt !== undefined && now >= opts.acceptUnchangedAt && snap.busy !== true) return snap;
    const elapsed = now - opts.startedAt;
    if (elapsed >= DEFAULTS.messageCapMs) {
      throw new ComposerError("TIMEOUT", "The music agent did not finish within 15 minutes.", {
        hint: "It may still finish: call get_state in a few minutes. Do not send the same request again — it would be charged twice.",
        retryable: true,
      });
    }
    opts.report({ progress: waitingProgress(elapsed), message: "Waiting for the music service to finish" });
    await opts.timing.sleep(DEFAULTS.statePollMs, opts.signal);
  }
}
