/**
 * Runs window jobs on worker threads, one per core (at most `maxWorkers`), and falls back to rendering in
 * this thread when a worker cannot start (no compiled worker file, a loader missing). The worker file is
 * resolved next to this module, so it works from src/ (TypeScript through tsx) and from dist/ (JavaScript).
 * Workers are terminated when their job ends; none outlive a render.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { ComposerError, ROLES, type Role } from "../../types.js";
import { targetOf, type WindowJobMessage, type WorkerReply } from "./protocol.js";
import { renderWindow } from "./window.js";

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

function inThread(msg: WindowJobMessage, onProgress: (f: number) => void): void {
  const stop = new Int32Array(msg.stopFlag);
  renderWindow(
    {
      score: msg.score,
      sampleRate: msg.sampleRate,
      start: msg.start,
      end: msg.end,
      roles: msg.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
      skipParts: msg.skipParts,
      onProgress,
      shouldStop: () => Atomics.load(stop, 0) !== 0,
    },
    targetOf(msg.buffers),
  );
}

/** Renders one window on a worker; resolves "fallback" when the worker could not start at all. */
function onWorker(msg: WindowJobMessage, onProgress: (f: number) => void): Promise<"done" | "fallback"> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(workerEntry());
      worker.postMessage(msg);
    } catch {
      resolve("fallback");
      return;
    }
    let started = false;
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      fn();
    };
    worker.on("message", (reply: WorkerReply) => {
      started = true;
      if (reply.type === "progress") onProgress(reply.fraction);
      else if (reply.type === "done") finish(() => resolve("done"));
      else finish(() => reject(new ComposerError("INTERNAL", `Render worker failed: ${reply.message}`)));
    });
    worker.on("error", (e) => {
      finish(() =>
        started ? reject(new ComposerError("INTERNAL", `Render worker failed: ${e.message}`)) : resolve("fallback"),
      );
    });
    worker.on("exit", (code) => {
      // exited without a reply: nothing (or part) was written; the caller re-renders the window here
      void code;
      finish(() => resolve("fallback"));
    });
  });
}

/** Runs the window jobs in parallel (workers), or in this thread when workers are unavailable. */
export async function runWindows(
  jobs: WindowJobMessage[],
  useWorkers: boolean,
  onProgress: (fraction: number) => void,
): Promise<void> {
  const fractions = jobs.map(() => 0);
  const report = (i: number) => (f: number) => {
    fractions[i] = f;
    onProgress(fractions.reduce((a, b) => a + b, 0) / jobs.length);
  };
  if (!useWorkers) {
    for (const [i, job] of jobs.entries()) inThread(job, report(i));
    return;
  }
  const outcomes = await Promise.all(jobs.map((job, i) => onWorker(job, report(i))));
  // A worker that never started leaves its window untouched: render it here.
  outcomes.forEach((o, i) => {
    if (o !== "fallback") return;
    const job = jobs[i]!;
    const t = targetOf(job.buffers);
    for (const out of [...Object.values(t.outputs), ...(t.mix ? [t.mix] : [])]) {
      out.left.fill(0, job.start, job.end);
      out.right.fill(0, job.start, job.end);
    }
    inThread(job, report(i));
  });
}
