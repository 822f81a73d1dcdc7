/**
 * Runs a render on worker threads, one per core (at most `maxWorkers`): first the note bank, shared out
 * between them, then one time window each; falls back to rendering in this thread when a worker cannot
 * start (no compiled worker file, a loader missing). The worker file is
 * resolved next to this module, so it works from src/ (TypeScript through tsx) and from dist/ (JavaScript).
 * Between renders the workers wait, unreferenced (they never keep a process alive), for POOL_DEFAULTS.idleSeconds.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { clearAnalysis } from "../../dsp/mix-analysis.js";
import { ComposerError } from "../../types.js";
import type { SoundfontSelection } from "../soundfont/render.js";
import {
  bankOf,
  energiesOf,
  type NoteBankShare,
  soundfontShare,
  synthesizeShare,
  withoutSampled,
} from "./note-bank.js";
import {
  scopeOf,
  stopCheck,
  targetOf,
  type WindowJobMessage,
  type WorkerReply,
  type WorkerRequest,
} from "./protocol.js";
import { sampledShareInProcess } from "./sampler-process.js";
import { isSampledKey } from "./schedule.js";
import { renderWindow, type WindowSummary } from "./window.js";

const IS_TS = import.meta.url.endsWith(".ts");
const WORKER_URL = new URL(IS_TS ? "./worker.ts" : "./worker.js", import.meta.url);

/**
 * From TypeScript sources (tests, tsx) the worker needs tsx's loader, which `execArgv` cannot install in a
 * worker on Node 20: a tiny ESM bootstrap registers it, then imports the worker module.
 */
function workerEntry(): URL {
  if (!IS_TS) return WORKER_URL;
  const api = createRequire(import.meta.url)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const code = `import { register } from ${JSON.stringify(pathToFileURL(api).href)}; register(); await import(${JSON.stringify(WORKER_URL.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export function workerCount(maxWorkers = 2): number {
  return Math.max(1, Math.min(maxWorkers, availableParallelism()));
}

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

type Outcome =
  | { type: "done"; summary?: WindowSummary }
  | { type: "notes"; share: NoteBankShare | null; sampled: boolean }
  | { type: "fallback" };

/** One render worker; requests run one at a time. Kept warm between renders (see the pool below). */
class RenderWorker {
  private replied = false;
  /** Set when a request failed or the worker died: it is not reused. */
  broken = false;
  private pending:
    | { resolve: (o: Outcome) => void; reject: (e: Error) => void; progress?: (f: number) => void }
    | undefined;
  private dead = false;

  private constructor(private readonly worker: Worker) {
    worker.on("message", (reply: WorkerReply) => {
      this.replied = true;
      const p = this.pending;
      if (!p) return;
      if (reply.type === "progress") p.progress?.(reply.fraction);
      else if (reply.type === "error") {
        this.broken = true;
        this.settle((q) => q.reject(new ComposerError("INTERNAL", `Render worker failed: ${reply.message}`)));
      } else this.settle((q) => q.resolve(reply));
    });
    worker.on("error", (e) => {
      this.dead = true;
      this.broken = true;
      // failing before any reply means it could not start (no compiled file, a loader missing): fall back
      this.settle((q) =>
        this.replied
          ? q.reject(new ComposerError("INTERNAL", `Render worker failed: ${e.message}`))
          : q.resolve({ type: "fallback" }),
      );
    });
    worker.on("exit", () => {
      this.dead = true;
      this.broken = true;
      // exited without a reply: nothing (or part) was written; the caller re-renders the window here
      this.settle((q) => q.resolve({ type: "fallback" }));
    });
  }

  static start(): RenderWorker | undefined {
    try {
      // a small young generation: the render loops allocate little, and each worker's semi-spaces would otherwise
      // hold tens of megabytes through a long render
      return new RenderWorker(new Worker(workerEntry(), { resourceLimits: { maxYoungGenerationSizeMb: 4 } }));
    } catch {
      return undefined;
    }
  }

  private settle(fn: (p: NonNullable<RenderWorker["pending"]>) => void): void {
    const p = this.pending;
    this.pending = undefined;
    if (p) fn(p);
  }

  request(msg: WorkerRequest, progress?: (f: number) => void): Promise<Outcome> {
    if (this.dead) return Promise.resolve({ type: "fallback" });
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, ...(progress ? { progress } : {}) };
      this.worker.postMessage(msg);
    });
  }

  /** An idle pooled worker must not keep a process alive; a busy one must. */
  hold(busy: boolean): void {
    if (busy) this.worker.ref();
    else this.worker.unref();
  }

  terminate(): void {
    this.dead = true;
    void this.worker.terminate();
  }
}

export const POOL_DEFAULTS = {
  /**
   * Idle workers are kept this long for the next render (their compiled code stays warm: a cold render of 90 s
   * takes about half as long again), then ended. Long enough to listen to a track and ask for a change; an idle
   * worker holds ~15 MB (it collects the render's buffers when its window is done).
   */
  idleSeconds: 300,
} as const;

const idle: RenderWorker[] = [];
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** Idle workers first, new ones for the rest. */
function acquire(count: number): (RenderWorker | undefined)[] {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  for (let i = idle.length - 1; i >= 0; i--) if (idle[i]!.broken) idle.splice(i, 1);
  return Array.from({ length: count }, () => {
    let w = idle.pop();
    w ??= RenderWorker.start();
    w?.hold(true);
    return w;
  });
}

function release(workers: readonly (RenderWorker | undefined)[], keep: boolean): void {
  for (const w of workers) {
    if (!w) continue;
    if (w.broken || !keep) {
      w.terminate();
      continue;
    }
    w.hold(false);
    idle.push(w);
  }
  if (idle.length === 0) return;
  idleTimer = setTimeout(closeRenderWorkers, POOL_DEFAULTS.idleSeconds * 1000);
  idleTimer.unref();
}

/** How many workers wait for the next render. */
export function idleRenderWorkers(): number {
  return idle.filter((w) => !w.broken).length;
}

/** Ends the idle render workers now (tests, shutdown); the next render starts fresh ones. */
export function closeRenderWorkers(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  for (const w of idle.splice(0)) w.terminate();
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
  if (!run.useWorkers) {
    // the bank here too: the stem balance is measured from it (a bank too large leaves notes to the window)
    const scope = scopeOf(first);
    const sampledShare = soundfont
      ? await soundfontShare({ selection: soundfont, sampleRate: first.sampleRate }, scope, stopCheck(first))
      : undefined;
    const own = synthesizeShare(scope, 0, 1, stopCheck(first));
    const shares = [own, sampledShare].filter((s): s is NoteBankShare => s !== undefined);
    const summaries = jobs.map((job, i) => inThread(job, report(i), shares.length > 0 ? shares : undefined));
    return { summaries, sampled: (sampledShare?.keys.length ?? 0) > 0 };
  }
  const keepWarm = run.keepWarm ?? true;
  const workers = acquire(jobs.length);
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
            ...(selection ? { selection } : {}),
            ...(sampledOnly ? { sampledOnly } : {}),
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
      const processed = await processShare;
      if (processed && processed.keys.length > 0) {
        shares = [...(shares ?? []), processed];
        sampled = true;
      } else if (allStarted && shares && !stopCheck(first)()) {
        // no process (a runtime that cannot start one): the workers synthesise the SoundFont's notes after all
        const banked = await bankRound(soundfont, true);
        if (banked?.sampled) {
          shares = [...shares, ...banked.shares];
          sampled = true;
        }
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
      const t = targetOf(job.buffers);
      for (const out of [...Object.values(t.outputs), ...(t.mix ? [t.mix] : [])]) {
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
