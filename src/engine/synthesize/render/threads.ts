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
import { bankOf, energiesOf, type NoteBankShare, soundfontShare, synthesizeShare } from "./note-bank.js";
import {
  type SoundfontJobMessage,
  scopeOf,
  stopCheck,
  targetOf,
  type WindowJobMessage,
  type WorkerReply,
  type WorkerRequest,
} from "./protocol.js";
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
  | { type: "notes"; share: NoteBankShare | null }
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

  /** The kind of job it last ran: its compiled code is warm for that kind (the SoundFont's is its own). */
  lastJob: WorkerRequest["type"] | undefined;

  request(msg: WorkerRequest, progress?: (f: number) => void): Promise<Outcome> {
    this.lastJob = msg.type;
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

/** Idle workers first (those last used for `kind` before others), new ones for the rest. */
function acquire(count: number, kind?: WorkerRequest["type"]): (RenderWorker | undefined)[] {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  for (let i = idle.length - 1; i >= 0; i--) if (idle[i]!.broken) idle.splice(i, 1);
  // preferred workers to the end of the list, where they are taken from
  idle.sort((a, b) => Number(a.lastJob === kind) - Number(b.lastJob === kind));
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

/**
 * The SoundFont's notes on a worker of their own: the synthesizer's code, its bank and the garbage of its first
 * run stay off this thread, which holds the mix and the master. The worker joins the warm pool afterwards
 * (ended instead after a long piece, like the others). In this thread when no worker starts.
 */
export async function soundfontNotes(
  msg: SoundfontJobMessage,
  inWorker: boolean,
  keepWarm = true,
): Promise<NoteBankShare | undefined> {
  const workers = inWorker ? acquire(1, "soundfont") : [];
  const worker = workers[0];
  if (worker) {
    try {
      const outcome = await worker.request(msg);
      if (outcome.type === "notes") return outcome.share ?? undefined;
    } finally {
      release(workers, keepWarm);
    }
  }
  return soundfontShare(msg, scopeOf(msg), stopCheck(msg));
}

/** Share of the progress bar the note bank takes (it is roughly that share of the work). */
const BANK_PROGRESS = 0.4;

/**
 * Runs the window jobs in parallel (workers), or in this thread when workers are unavailable. With workers,
 * the distinct notes are first synthesised between them into a shared bank (see note-bank.ts). Returns what
 * each window's mix analyser kept aside (when the jobs measure the mix), in window order.
 */
export async function runWindows(
  jobs: WindowJobMessage[],
  useWorkers: boolean,
  onProgress: (fraction: number) => void,
  /** Notes synthesised on this thread meanwhile (the SoundFont's), joined to the bank. */
  extraShare?: Promise<NoteBankShare | undefined>,
  /** Keep the workers warm for the next render (not after long pieces, whose mastering wants the memory). */
  keepWarm = true,
  /** Work for this thread while the workers synthesise the bank (it would otherwise only wait). */
  whileBanking?: () => void,
): Promise<(WindowSummary | undefined)[]> {
  const fractions = jobs.map(() => 0);
  let base = 0;
  const report = (i: number) => (f: number) => {
    fractions[i] = f;
    onProgress(base + ((1 - base) * fractions.reduce((a, b) => a + b, 0)) / jobs.length);
  };
  if (!useWorkers || jobs.length === 0) {
    const extra = await extraShare;
    // the bank here too: the stem balance is measured from it (a bank too large leaves notes to the window)
    const first = jobs[0];
    const own = first ? synthesizeShare(scopeOf(first), 0, 1, stopCheck(first)) : undefined;
    const shares = [own, extra].filter((s): s is NoteBankShare => s !== undefined);
    return jobs.map((job, i) => inThread(job, report(i), shares.length > 0 ? shares : undefined));
  }
  const workers = acquire(jobs.length, "window");
  try {
    const first = jobs[0]!;
    let shares: NoteBankShare[] | undefined;
    if (workers.every((w) => w !== undefined)) {
      const requests = Promise.all(
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
          }),
        ),
      );
      whileBanking?.();
      const replies = await requests;
      const got = replies.flatMap((r) => (r.type === "notes" && r.share ? [r.share] : []));
      if (got.length === workers.length) {
        shares = got;
        base = BANK_PROGRESS;
      }
    }
    const extra = await extraShare;
    if (extra) shares = [...(shares ?? []), extra];
    if (base > 0) onProgress(base);
    const outcomes = await Promise.all(
      jobs.map((job, i) =>
        workers[i]
          ? workers[i].request({ type: "window", ...job, ...(shares ? { bank: shares } : {}) }, report(i))
          : Promise.resolve<Outcome>({ type: "fallback" }),
      ),
    );
    // A worker that never started leaves its window untouched: render it here.
    return outcomes.map((o, i) => {
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
  } finally {
    release(workers, keepWarm);
  }
}
