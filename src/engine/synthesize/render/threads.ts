/**
 * Runs a render on worker threads, one per core (at most `maxWorkers`): first the note bank, shared out
 * between them, then one time window each; falls back to rendering in this thread when a worker cannot
 * start (no compiled worker file, a loader missing). The workers come from a warm pool (pool.ts).
 */
import { clearAnalysis } from "../../dsp/mix-analysis.js";
import type { SoundfontSelection } from "../soundfont/render.js";
import {
  bankOf,
  energiesOf,
  type NoteBankShare,
  soundfontShare,
  synthesizeShare,
  withoutSampled,
} from "./note-bank.js";
import { acquire, type Outcome, release } from "./pool.js";
import { scopeOf, stopCheck, targetOf, type WindowJobMessage } from "./protocol.js";
import { sampledShareInProcess } from "./sampler-process.js";
import { isSampledKey } from "./schedule.js";
import { renderWindow, type WindowSummary } from "./window.js";

export { closeRenderWorkers, idleRenderWorkers, renderThreads, renderWorkersStarted, warmWorkers } from "./pool.js";

function inThread(
  msg: WindowJobMessage,
  onProgress: (f: number) => void,
  shares: readonly NoteBankShare[] | undefined,
): WindowSummary | undefined {
  return renderWindow(
    {
      ...scopeOf(msg),
      start: msg.start,
      end: msg.end,
      ...(shares ? { bank: bankOf(shares), energies: energiesOf(shares) } : {}),
      analysis: msg.analysis,
      onProgress,
      shouldStop: stopCheck(msg),
    },
    targetOf(msg.buffers),
  );
}

/** Share of the progress bar the note bank takes (it is roughly that share of the work). */
const BANK_PROGRESS = 0.4;

/** How a render's windows run. */
export interface WindowRun {
  /** Workers (false: every job in this thread). */
  useWorkers: boolean;
  onProgress: (fraction: number) => void;
  /** The SoundFont the jobs' `soundfontParts` play: their notes join the bank, shared out like the others. */
  soundfont?: SoundfontSelection | undefined;
  /** Keep the workers warm for the next render (not after long pieces, whose mastering wants the memory). */
  keepWarm?: boolean;
  /** Work for this thread while the workers synthesise the bank (it would otherwise only wait). */
  whileBanking?: () => void;
  /** Synthesise the SoundFont's notes in a process of their own (long pieces: see sampler-process.ts). */
  soundfontInProcess?: boolean;
}

export interface WindowsDone {
  /** What each window's mix analyser kept aside (when the jobs measure the mix), in window order. */
  summaries: (WindowSummary | undefined)[];
  /** Whether the SoundFont's notes were synthesised (false: its parts played built-in). */
  sampled: boolean;
}

/**
 * Runs the window jobs in parallel (workers), or in this thread when workers are unavailable. The distinct
 * notes — the built-in voices' and the SoundFont's — are first synthesised between the workers into a shared
 * bank (see note-bank.ts); a long piece's SoundFont notes come from a process of their own meanwhile (see
 * sampler-process.ts; the workers take them over when no process starts). When a worker cannot load the
 * SoundFont, no SoundFont note is used: its parts play built-in throughout rather than switch sound note by note.
 */
export async function runWindows(jobs: WindowJobMessage[], run: WindowRun): Promise<WindowsDone> {
  const { onProgress, soundfont } = run;
  const fractions = jobs.map(() => 0);
  let base = 0;
  const report = (i: number) => (f: number) => {
    fractions[i] = f;
    onProgress(base + ((1 - base) * fractions.reduce((a, b) => a + b, 0)) / jobs.length);
  };
  const first = jobs[0];
  if (!first) return { summaries: [], sampled: false };
  const stopped = stopCheck(first);
  /** The SoundFont's notes, all of them, on this thread; none when it fails (its parts then play built-in). */
  const sampledHere = async () =>
    soundfont
      ? await soundfontShare({ selection: soundfont, sampleRate: first.sampleRate }, scopeOf(first), stopped).catch(
          () => undefined,
        )
      : undefined;
  if (!run.useWorkers) {
    // the bank here too: the stem balance is measured from it (a bank too large leaves notes to the window)
    const scope = scopeOf(first);
    const sampledShare = await sampledHere();
    const own = synthesizeShare(scope, 0, 1, stopped);
    const shares = [own, sampledShare].filter((s): s is NoteBankShare => s !== undefined);
    const summaries = jobs.map((job, i) => inThread(job, report(i), shares.length > 0 ? shares : undefined));
    return { summaries, sampled: (sampledShare?.keys.length ?? 0) > 0 };
  }
  const keepWarm = run.keepWarm ?? true;
  // a long render (not kept warm after) takes no worker that may still hold an earlier render's note copy
  const workers = acquire(jobs.length, !keepWarm);
  try {
    let shares: NoteBankShare[] | undefined;
    let sampled = false;
    const inProcess = soundfont && run.soundfontInProcess ? soundfont : undefined;
    const processShare = inProcess
      ? sampledShareInProcess(
          {
            score: first.score,
            sampleRate: first.sampleRate,
            roles: first.roles,
            skipParts: first.skipParts,
            soundfontParts: first.soundfontParts,
            selection: inProcess,
          },
          first.stopFlag,
        )
      : undefined;
    const allStarted = workers.every((w) => w !== undefined);
    /** One round of bank requests, a share to each worker: the shares, or undefined when one failed. */
    const bankRound = async (selection: SoundfontSelection | undefined, sampledOnly: boolean) => {
      // two 32-bit counts (see note-bank.ts NoteClaims)
      const claims = new SharedArrayBuffer(8);
      const replies = await Promise.all(
        workers.map((w, share) =>
          w!.request({
            type: "notes",
            score: first.score,
            sampleRate: first.sampleRate,
            roles: first.roles,
            skipParts: first.skipParts,
            soundfontParts: first.soundfontParts,
            share,
            shares: workers.length,
            stopFlag: first.stopFlag,
            claims,
            ...(selection ? { selection } : {}),
            // (a second round, of the SoundFont's notes, keeps the first round's chunks in use)
            ...(sampledOnly ? { sampledOnly } : { firstOfRender: true }),
          }),
        ),
      );
      const got = replies.flatMap((r) => (r.type === "notes" && r.share ? [r] : []));
      if (got.length !== workers.length) return undefined;
      const loaded = selection !== undefined && got.every((r) => r.sampled);
      const list = got.map((r) => (loaded ? r.share! : withoutSampled(r.share!)));
      return { shares: list, sampled: loaded && list.some((s) => s.keys.some(isSampledKey)) };
    };
    if (allStarted) {
      const round = bankRound(inProcess ? undefined : soundfont, false);
      run.whileBanking?.();
      const banked = await round;
      if (banked) {
        shares = banked.shares;
        sampled = banked.sampled;
        base = BANK_PROGRESS;
      }
    }
    if (processShare) {
      const outcome = await processShare;
      if (outcome.share && outcome.share.keys.length > 0) {
        shares = [...(shares ?? []), outcome.share];
        sampled = true;
      } else if (!outcome.started && allStarted && shares && !stopped()) {
        // no process could start (a runtime without one): the workers synthesise the SoundFont's notes after all
        const banked = await bankRound(soundfont, true);
        if (banked?.sampled) {
          shares = [...shares, ...banked.shares];
          sampled = true;
        }
      }
    }
    if (soundfont && !sampled && !allStarted && !stopped()) {
      // no workers to share the SoundFont's notes out to: this thread synthesises them
      const own = await sampledHere();
      if (own && own.keys.length > 0) {
        shares = [...(shares ?? []), own];
        sampled = true;
      }
    }
    if (base > 0) onProgress(base);
    const outcomes = await Promise.all(
      jobs.map((job, i) =>
        workers[i]
          ? workers[i].request({ type: "window", ...job, ...(shares ? { bank: shares } : {}) }, report(i))
          : Promise.resolve<Outcome>({ type: "fallback" }),
      ),
    );
    // A worker that never started leaves its window untouched: render it here.
    const summaries = outcomes.map((o, i) => {
      if (o.type === "done") return o.summary;
      if (o.type !== "fallback") return undefined;
      const job = jobs[i]!;
      // (a scratch file's window is overwritten whole: every sample of a window is written, none added)
      const t = job.buffers.spill ? undefined : targetOf(job.buffers);
      for (const out of t ? [...Object.values(t.outputs), ...(t.mix ? [t.mix] : [])] : []) {
        out.left.fill(0, job.start, job.end);
        out.right.fill(0, job.start, job.end);
      }
      if (job.analysis) clearAnalysis(job.analysis.data, job.start, job.end, job.sampleRate);
      return inThread(job, report(i), shares);
    });
    return { summaries, sampled };
  } finally {
    release(workers, keepWarm);
  }
}
