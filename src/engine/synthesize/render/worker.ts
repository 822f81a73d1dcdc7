/**
 * Worker entry: synthesises its share of the note bank (built-in and SoundFont notes), then renders one time
 * window of a score into shared per-role buffers, reporting progress; after the render, mastering may hand it
 * stems to finish (master-helpers.ts). The stop flag is a shared Int32 the main
 * thread sets on abort (the render loops are synchronous).
 */
import { parentPort } from "node:worker_threads";
import { collectGarbage } from "../../dsp/gc.js";
import { claimChannels } from "../../dsp/signal-passes.js";
import { stepPeaks } from "../../dsp/true-peak.js";
import { narrowSelection, soundfontVoices } from "../soundfont/render.js";
import {
  bankOf,
  distinctNotes,
  dropBankChunks,
  energiesOf,
  groupOf,
  keepBankChunks,
  reuseBankChunks,
  SampledNoteError,
  sampledGroups,
  synthesizeShare,
} from "./note-bank.js";
import type { CurveJobMessage, NotesJobMessage, PeaksJobMessage, RehearseMessage } from "./protocol.js";
import { scopeOf, stopCheck, targetOf, type WorkerReply, type WorkerRequest } from "./protocol.js";
import { rehearse } from "./rehearsal.js";
import type { SampledVoices } from "./schedule.js";
import { renderWindow } from "./window.js";

export const WORKER_DEFAULTS = {
  /** Idle this long after a window, a worker collects the render's garbage (stem buffers, note bank). */
  collectAfterIdleSeconds: 20,
  /**
   * Pieces at least this long collect the bank's garbage before their window starts: the whole piece's
   * schedules and the voices that rendered it (~10 MB a worker at 10 minutes), which the window's own
   * allocations would otherwise leave in place to its end — the moment the piece's memory peaks.
   */
  collectAfterBankSeconds: 300,
} as const;

let idleCollection: ReturnType<typeof setTimeout> | undefined;

// this worker's renders follow one another: each may write its notes into the last one's bank chunks
if (parentPort) keepBankChunks();

async function notes(msg: NotesJobMessage): Promise<WorkerReply> {
  if (msg.firstOfRender) reuseBankChunks();
  const scope = scopeOf(msg);
  let voices: SampledVoices | undefined;
  if (msg.selection) {
    // only the samples of this share's keys are loaded
    const groups = sampledGroups(distinctNotes(scope), msg.share, msg.shares);
    const selection = narrowSelection(msg.selection, (part, pitch) => groups.has(groupOf(part.id, pitch)));
    voices = await soundfontVoices(selection, msg.sampleRate);
  }
  const stop = stopCheck(msg);
  const claims = msg.claims ? new Int32Array(msg.claims) : undefined;
  try {
    const share = synthesizeShare(scope, msg.share, msg.shares, stop, voices, msg.sampledOnly, claims);
    if (msg.score.duration >= WORKER_DEFAULTS.collectAfterBankSeconds) collectGarbage();
    return { type: "notes", share: share ?? null, sampled: voices !== undefined || !msg.selection };
  } catch (e) {
    // only a SoundFont note's failure is redone built-in (a built-in note's is a fault, reported as one)
    if (!voices || !(e instanceof SampledNoteError)) throw e;
    // the SoundFont failed part-way: this share goes built-in (and with it every part, see runWindows)
    const share = synthesizeShare(scope, msg.share, msg.shares, stop, undefined, msg.sampledOnly, claims);
    return { type: "notes", share: share ?? null, sampled: false };
  }
}

/** The master's gain curve over the channels this worker claims; the master learns of them through `sync`. */
function curve(msg: CurveJobMessage): void {
  try {
    claimChannels(msg.channels, msg.curve, msg.step, new Int32Array(msg.sync));
  } catch {
    // (counted as done and flagged as failed: the master reports it)
  }
}

/** Mastering's true-peak search over one channel; the master learns of it through `done`. */
function peaks(msg: PeaksJobMessage): void {
  const done = new Int32Array(msg.done);
  try {
    const hint = { peaks: msg.peaks, curvature: msg.curvature };
    stepPeaks(msg.samples, msg.step, msg.threshold, msg.out, 0, msg.out.length, hint);
  } catch {
    Atomics.store(done, 1, 1);
  } finally {
    Atomics.store(done, 0, 1);
    Atomics.notify(done, 0);
  }
}

/**
 * Every window's progress goes through this one function: the block loop's optimised code calls it, and a new
 * closure per window would throw that code away (it is compiled for the one it saw).
 */
function reportProgress(fraction: number): void {
  parentPort?.postMessage({ type: "progress", fraction } satisfies WorkerReply);
}

/** The rehearsal bar; whatever stops it, the next request follows (its garbage goes with the render's). */
function rehearsal(msg: RehearseMessage): void {
  try {
    rehearse(msg.share, stopCheck(msg));
  } catch {
    // a rehearsal that fails leaves the code colder, and nothing else: the render reports its own faults
  }
}

parentPort?.on("message", (msg: WorkerRequest) => {
  // (the idle collection after a window still stands: the master's job is over in milliseconds)
  if (msg.type === "curve") return curve(msg);
  if (msg.type === "peaks") return peaks(msg);
  if (msg.type === "rehearse") return rehearsal(msg);
  clearTimeout(idleCollection);
  const port = parentPort!;
  const reply = (r: WorkerReply) => port.postMessage(r);
  try {
    const shouldStop = stopCheck(msg);
    const scope = scopeOf(msg);
    if (msg.type === "notes") {
      // asynchronous (a SoundFont loads from disk): replies when its notes are done
      notes(msg).then(reply, (e: unknown) =>
        reply({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
      );
      return;
    }
    const summary = renderWindow(
      {
        ...scope,
        start: msg.start,
        end: msg.end,
        ...(msg.bank ? { bank: bankOf(msg.bank), energies: energiesOf(msg.bank) } : {}),
        analysis: msg.analysis,
        onProgress: reportProgress,
        shouldStop,
      },
      targetOf(msg.buffers),
    );
    reply(summary ? { type: "done", summary } : { type: "done" });
    // an idle worker allocates nothing, so the render's buffers it saw would stay mapped while it waits warm;
    // but a forced collection also sheds much of its warmed-up code, so it waits to see whether a render follows
    idleCollection = setTimeout(() => {
      dropBankChunks();
      collectGarbage();
    }, WORKER_DEFAULTS.collectAfterIdleSeconds * 1000);
    idleCollection.unref();
  } catch (e) {
    reply({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
