/**
 * What every tool shares: progress notifications, the long-job rule and the error wrapper.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { CallToolResult, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import type { CallContext, MusicBackend, Progress } from "../backend/music-backend.js";
import type { JobInfo, OutputFile } from "../backend/schemas.js";
import { DEFAULT_WAIT_SECONDS, type JobRegistry } from "./jobs.js";
import { errorResult, toolResult } from "./results.js";

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ToolDeps {
  backend: MusicBackend;
  jobs: JobRegistry;
  /** `clientInfo.name` of the connected client, once initialized. */
  clientName(): string | undefined;
}

export type RegisterTool = (server: McpServer, deps: ToolDeps) => void;

/** Minimum gap between two progress notifications. */
const PROGRESS_INTERVAL_MS = 250;

/** Sends `notifications/progress` when the client asked for them (a progress token), strictly increasing. */
export function progressNotifier(extra: ToolExtra): (p: Progress) => void {
  const token = extra._meta?.progressToken;
  if (token === undefined) return () => {};
  let last = -1;
  let lastAt = 0;
  return (p) => {
    const value = Math.round(Math.min(1, Math.max(0, p.progress)) * 1000) / 10;
    const now = Date.now();
    if (value <= last || (now - lastAt < PROGRESS_INTERVAL_MS && value < 100)) return;
    last = value;
    lastAt = now;
    extra
      .sendNotification({
        method: "notifications/progress",
        params: { progressToken: token, progress: value, total: 100, ...(p.message ? { message: p.message } : {}) },
      })
      .catch(() => {});
  };
}

/** A context for short calls that never hand over to a job. */
export function directContext(extra: ToolExtra, deps: ToolDeps): CallContext {
  return {
    signal: extra.signal,
    report: progressNotifier(extra),
    bindSession: () => {},
    clientName: deps.clientName(),
  };
}

/** Runs a short tool body; every failure becomes an `isError` result. */
export async function guarded(body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    return errorResult(error);
  }
}

/** Runs a long tool body under the long-job rule. `running` builds the answer when the wait is over. */
export async function asLongJob<T extends object>(
  extra: ToolExtra,
  deps: ToolDeps,
  options: { tool: JobInfo["tool"]; waitSeconds: number | undefined; sessionId?: string | undefined },
  work: (ctx: CallContext) => Promise<T>,
): Promise<{ state: "done"; result: T } | { state: "running"; sessionId: string; job: JobInfo }> {
  return deps.jobs.run(
    {
      tool: options.tool,
      waitSeconds: options.waitSeconds ?? DEFAULT_WAIT_SECONDS,
      requestSignal: extra.signal,
      onProgress: progressNotifier(extra),
      clientName: deps.clientName(),
      sessionId: options.sessionId,
    },
    work,
  );
}

export function runningSummary(tool: string, sessionId: string, job: JobInfo): string {
  const pct = Math.round(job.progress * 100);
  return `Still working on ${tool === "export_track" ? "the export" : "the track"} (${pct}%${job.message ? `, ${job.message}` : ""}). Call get_state with session_id "${sessionId}" in a little while to see progress and the result.`;
}

/**
 * A long tool's whole answer: the backend's result when it is ready in time, otherwise the shared
 * `running` shape (session, progress, a pointer to get_state) that both long tools' schemas accept.
 */
export function longToolResult<T extends { summary: string; files?: OutputFile[] }>(
  extra: ToolExtra,
  deps: ToolDeps,
  options: { tool: JobInfo["tool"]; waitSeconds: number | undefined; sessionId?: string | undefined },
  work: (ctx: CallContext) => Promise<T>,
): Promise<CallToolResult> {
  return guarded(async () => {
    const outcome = await asLongJob(extra, deps, options, work);
    if (outcome.state === "done") return toolResult(outcome.result);
    const { job, sessionId } = outcome;
    const running = {
      session_id: sessionId,
      status: "running" as const,
      summary: runningSummary(options.tool, sessionId, job),
      files: [],
      progress: { progress: job.progress, ...(job.message ? { message: job.message } : {}) },
    };
    return toolResult(running);
  });
}
