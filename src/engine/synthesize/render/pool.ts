/**
 * The render workers' pool: a worker per core, kept warm between renders (their compiled code is then warm
 * for the next one) and ended after POOL_DEFAULTS.idleSeconds. Idle workers are unreferenced: they never keep
 * a process alive. The worker file is resolved next to this module, so it works from src/ (TypeScript through
 * tsx) and from dist/ (JavaScript).
 */
import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import { workerEntry } from "../../dsp/worker-entry.js";
import { ComposerError } from "../../types.js";
import type { NoteBankShare } from "./note-bank.js";
import type { WorkerReply, WorkerRequest } from "./protocol.js";
import type { WindowSummary } from "./window.js";

export type Outcome =
  | { type: "done"; summary?: WindowSummary }
  | { type: "notes"; share: NoteBankShare | null; sampled: boolean }
  | { type: "fallback" };

/** One render worker; requests run one at a time. Kept warm between renders (see the pool below). */
export class RenderWorker {
  private replied = false;
  /** Set when a request failed or the worker died: it is not reused. */
  broken = false;
  /**
   * Set once it rendered a window: its arena may hold a note bank's copy (tens of MB its memory never returns;
   * see note-bank.ts bankInArena), which a long render's workers must not carry.
   */
  rendered = false;
  private pending:
    | { resolve: (o: Outcome) => void; reject: (e: Error) => void; progress?: (f: number) => void }
    | undefined;
  private dead = false;
  /** Raised to cut its rehearsal short (see rehearse): set with every request that follows. */
  private rehearsalStop: Int32Array | undefined;
  /** Its place in start order: a render hands out shares by it, so a warm worker keeps its engines. */
  readonly serial: number;

  private constructor(private readonly worker: Worker) {
    this.serial = RenderWorker.started;
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

  /** Workers started since the module loaded (tests: whether a render took warm workers or started its own). */
  static started = 0;

  static start(): RenderWorker | undefined {
    if (RenderWorker.started === 0) compileOnTheirOwnThreads();
    RenderWorker.started++;
    try {
      // a small young generation: the render loops allocate little, and each worker's semi-spaces would otherwise
      // hold tens of megabytes through a long render
      return new RenderWorker(
        new Worker(workerEntry(import.meta.url, "worker"), { resourceLimits: { maxYoungGenerationSizeMb: 4 } }),
      );
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
    if (msg.type === "window") this.rendered = true;
    this.stopRehearsal();
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject, ...(progress ? { progress } : {}) };
      this.worker.postMessage(msg);
    });
  }

  /**
   * Has it play the rehearsal bar (rehearsal.ts) as `share` of a render, while it waits for the first: its code
   * is then compiled when the render comes. The next request stops it wherever it is.
   */
  rehearse(share: number): void {
    if (this.dead || this.rehearsalStop) return;
    const stopFlag = new SharedArrayBuffer(4);
    this.rehearsalStop = new Int32Array(stopFlag);
    // its arena grows by the bar's note bank: a long render, which wants the memory, takes fresh workers
    this.rendered = true;
    this.worker.postMessage({ type: "rehearse", share, stopFlag } satisfies WorkerRequest);
  }

  /** Whether it was asked to rehearse (and has had no request since). */
  get rehearsing(): boolean {
    return this.rehearsalStop !== undefined && Atomics.load(this.rehearsalStop, 0) === 0;
  }

  private stopRehearsal(): void {
    if (this.rehearsalStop) Atomics.store(this.rehearsalStop, 0, 1);
  }

  /** Whether it can take a short job now: started (it has answered before), alive, and not working on a request. */
  get ready(): boolean {
    return this.replied && !this.dead && !this.broken && this.pending === undefined;
  }

  /** Whether it is still working on a request (a render that failed elsewhere leaves it so). */
  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Ends it for good: it failed a job that answers through shared memory, and may still be at it. */
  fail(): void {
    this.broken = true;
    this.terminate();
  }

  /** Sends a job that answers through shared memory, not a reply (see protocol.ts CurveJobMessage). */
  post(msg: WorkerRequest): boolean {
    if (this.dead) return false;
    this.stopRehearsal();
    this.worker.postMessage(msg);
    return true;
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

/**
 * Where the workers leave no core free, V8's background compiler threads wait behind them, and the workers run
 * their first notes unoptimised all the while: a cold 90 s render took 1.0 s instead of 0.88 on 2 cores. There
 * each worker compiles its hot code on its own thread. An isolate reads the flag when it starts, so this thread
 * (started before) keeps compiling in the background, and so do workers on a machine with a core to spare.
 */
function compileOnTheirOwnThreads(): void {
  if (availableParallelism() > POOL_DEFAULTS.maxWorkers + 1) return;
  try {
    setFlagsFromString("--no-concurrent-recompilation");
  } catch {
    // an embedder that forbids flags renders as before
  }
}

export const POOL_DEFAULTS = {
  /** Pieces shorter than this render in the calling thread (starting workers would cost more than it saves). */
  minWorkerSeconds: 12,
  /** Workers a render runs on at most (one per core below that). */
  maxWorkers: 2,
  /**
   * Idle workers are kept this long for the next render (their compiled code stays warm: a cold render of 90 s
   * takes about half as long again), then ended. Long enough to listen to a track and ask for a change; an idle
   * worker holds ~15 MB (it collects the render's buffers 20 s after its window), more when it keeps the last one
   * or two SoundFont subsets it played (soundfont/banks.ts) for the next render.
   */
  idleSeconds: 300,
  /** At most this many wait (one render's worth): renders that ran side by side leave no more behind. */
  maxIdle: 2,
  /**
   * Workers started ahead of a piece up to this long (or of unknown length) may rehearse (see warmWorkers). A
   * longer piece takes workers that never rendered: its memory peak must not carry their arenas' growth, and
   * its own first seconds warm the code for the rest.
   */
  rehearseUpToSeconds: 300,
} as const;

const idle: RenderWorker[] = [];
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** Idle workers that died or failed a request are never handed out again. */
function pruneBroken(): void {
  for (let i = idle.length - 1; i >= 0; i--) if (idle[i]!.broken) idle.splice(i, 1);
}

/** The idle workers end `idleSeconds` from now, unless a render takes them first. */
function restartIdleTimer(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(closeRenderWorkers, POOL_DEFAULTS.idleSeconds * 1000);
  idleTimer.unref();
}

/** Idle workers that rendered before are ended (`fresh`: for a long render, which wants their memory). */
function dropRendered(fresh: boolean): void {
  if (!fresh) return;
  for (let i = idle.length - 1; i >= 0; i--) if (idle[i]!.rendered) idle.splice(i, 1)[0]!.terminate();
}

/**
 * Idle workers first, new ones for the rest; with `fresh`, only idle workers that never rendered. Oldest
 * first: the first share of a render's note bank (its engines) goes to the same worker as last time.
 */
export function acquire(count: number, fresh = false): (RenderWorker | undefined)[] {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  pruneBroken();
  dropRendered(fresh);
  const taken = Array.from({ length: count }, () => {
    let w = idle.pop();
    w ??= RenderWorker.start();
    w?.hold(true);
    return w;
  });
  return taken.sort((a, b) => (a?.serial ?? Number.POSITIVE_INFINITY) - (b?.serial ?? Number.POSITIVE_INFINITY));
}

/** Up to `count` idle workers, none started (a short job that only pays where a worker is already there). */
export function acquireIdle(count: number): RenderWorker[] {
  pruneBroken();
  const taken: RenderWorker[] = [];
  for (let i = idle.length - 1; i >= 0 && taken.length < count; i--) {
    // a worker still loading its code would make the caller wait for that
    if (idle[i]!.ready) taken.push(idle.splice(i, 1)[0]!);
  }
  for (const w of taken) w.hold(true);
  return taken;
}

export function release(workers: readonly (RenderWorker | undefined)[], keep: boolean): void {
  for (const w of workers) {
    if (!w) continue;
    // (a worker still busy — its render failed in another worker — is not handed out again half-way)
    if (w.broken || w.busy || !keep || idle.length >= POOL_DEFAULTS.maxIdle) {
      w.terminate();
      continue;
    }
    w.hold(false);
    idle.push(w);
  }
  if (idle.length > 0) restartIdleTimer();
}

/**
 * Threads a piece of `seconds` renders on: a worker per core, at most `maxWorkers`; 1 (the calling thread) for
 * a piece too short for workers, or on one core.
 */
export function renderThreads(seconds: number): number {
  if (seconds < POOL_DEFAULTS.minWorkerSeconds) return 1;
  return Math.max(1, Math.min(POOL_DEFAULTS.maxWorkers, availableParallelism()));
}

/**
 * Starts the workers a piece of `seconds` (unknown: any length) will render on, before its render comes
 * (`fresh`: for a long render). A fresh worker loads its code for ~0.1 s of a core; meanwhile the caller loads
 * the engine or composes. This module loads little, so the command line and the server can start them before
 * they load the engine. They wait idle, and end after `idleSeconds` like any idle worker if no render comes.
 *
 * With `rehearse` they then play the rehearsal bar (rehearsal.ts): for a caller with time to spare before the
 * render, as a server has between requests. Where the caller composes meanwhile (the command line), the two
 * cores are busy already and the rehearsal would slow what it waits for.
 */
export function warmWorkers(
  seconds = Number.POSITIVE_INFINITY,
  options: { fresh?: boolean; rehearse?: boolean } = {},
): void {
  const count = renderThreads(seconds);
  const fresh = options.fresh ?? false;
  const short = seconds <= POOL_DEFAULTS.rehearseUpToSeconds || seconds === Number.POSITIVE_INFINITY;
  const rehearse = (options.rehearse ?? false) && !fresh && short;
  if (count > 1) warm(count, fresh, rehearse);
}

function warm(count: number, fresh: boolean, rehearse: boolean): void {
  pruneBroken();
  dropRendered(fresh);
  while (idle.length < count) {
    const w = RenderWorker.start();
    if (!w) break;
    // a render hands its shares out oldest worker first (see acquire): each rehearses the share it will take
    if (rehearse) w.rehearse(idle.length);
    w.hold(false);
    idle.push(w);
  }
  if (idle.length > 0) restartIdleTimer();
}

/** How many workers wait for the next render. */
export function idleRenderWorkers(): number {
  return idle.filter((w) => !w.broken).length;
}

/** How many idle workers were asked to rehearse and have had no request since (tests). */
export function rehearsingWorkers(): number {
  return idle.filter((w) => !w.broken && w.rehearsing).length;
}

/** How many render workers have been started (tests). */
export function renderWorkersStarted(): number {
  return RenderWorker.started;
}

/** Ends the idle render workers now (tests, shutdown); the next render starts fresh ones. */
export function closeRenderWorkers(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = undefined;
  for (const w of idle.splice(0)) w.terminate();
}
