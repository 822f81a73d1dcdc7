/**
 * The long-job rule: a tool call waits at most `wait_seconds` for its work. Past that it answers
 * `status: "running"` and the work goes on here, detached from the request; `get_state` reads the
 * job's progress and, once it is done, its result.
 */
import { randomUUID } from "node:crypto";
import type { CallContext, Progress } from "../backend/music-backend.js";
import type { JobInfo } from "../backend/schemas.js";
import { type ComposerError, toComposerError } from "../errors.js";

export const DEFAULT_WAIT_SECONDS = 45;
/** Finished jobs are forgotten after this long (their results live on in the session). */
const KEEP_FINISHED_MS = 60 * 60 * 1000;

interface Job {
  info: JobInfo;
  sessionId: string | undefined;
  controller: AbortController;
  finishedAt?: number;
}

export type JobOutcome<T> = { state: "done"; result: T } | { state: "running"; sessionId: string; job: JobInfo };

export interface RunOptions {
  tool: JobInfo["tool"];
  waitSeconds: number;
  /** The request's own signal: cancels the work while the call is still waiting on it. */
  requestSignal: AbortSignal;
  onProgress: (progress: Progress) => void;
  clientName?: string | undefined;
  /** A session known before the work starts (refinement, export). */
  sessionId?: string | undefined;
}

export class JobRegistry {
  private readonly jobs = new Map<string, Job>();

  async run<T extends object>(options: RunOptions, work: (ctx: CallContext) => Promise<T>): Promise<JobOutcome<T>> {
    this.prune();
    const controller = new AbortController();
    const job: Job = {
      info: { job_id: randomUUID(), tool: options.tool, status: "running", progress: 0 },
      sessionId: options.sessionId,
      controller,
    };
    this.jobs.set(job.info.job_id, job);
    let attached = true;
    const cancel = () => {
      if (attached) controller.abort(options.requestSignal.reason);
    };
    if (options.requestSignal.aborted) cancel();
    options.requestSignal.addEventListener("abort", cancel, { once: true });

    let bound: () => void = () => {};
    const sessionBound = new Promise<void>((resolve) => {
      bound = resolve;
    });
    if (job.sessionId) bound();

    const ctx: CallContext = {
      signal: controller.signal,
      clientName: options.clientName,
      report: (p) => {
        job.info.progress = Math.max(job.info.progress, Math.min(1, p.progress));
        if (p.message !== undefined) job.info.message = p.message;
        if (attached) options.onProgress({ progress: job.info.progress, message: job.info.message });
      },
      bindSession: (sessionId) => {
        job.sessionId = sessionId;
        bound();
      },
    };

    const finished = work(ctx).then(
      (result) => {
        job.info.status = "done";
        job.info.progress = 1;
        job.info.result = result as Record<string, unknown>;
        job.finishedAt = Date.now();
        return { ok: true as const, result };
      },
      (error: unknown) => {
        const err: ComposerError = toComposerError(error);
        job.info.status = "failed";
        job.info.error = `${err.message} ${err.hint}`;
        job.finishedAt = Date.now();
        return { ok: false as const, error: err };
      },
    );

    // Past the deadline, a job that already knows its session can be handed over to get_state.
    const deadline = new Promise<"timeout">((resolve) => {
      const timer = setTimeout(() => resolve("timeout"), Math.max(0, options.waitSeconds) * 1000);
      timer.unref();
      void finished.then(() => clearTimeout(timer));
    });
    const handover = deadline.then(() => sessionBound).then(() => "timeout" as const);

    const first = await Promise.race([finished, handover]);
    attached = false;
    options.requestSignal.removeEventListener("abort", cancel);
    if (first === "timeout") {
      return { state: "running", sessionId: job.sessionId as string, job: { ...job.info } };
    }
    if (!first.ok) throw first.error;
    return { state: "done", result: first.result };
  }

  /** Jobs of one session, newest first. */
  forSession(sessionId: string): JobInfo[] {
    this.prune();
    return [...this.jobs.values()]
      .filter((j) => j.sessionId === sessionId)
      .reverse()
      .map((j) => ({ ...j.info }));
  }

  /** Aborts every running job (server shutdown). */
  cancelAll(): void {
    for (const job of this.jobs.values()) if (job.info.status === "running") job.controller.abort();
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, job] of this.jobs) {
      if (job.finishedAt !== undefined && now - job.finishedAt > KEEP_FINISHED_MS) this.jobs.delete(id);
    }
  }
}
