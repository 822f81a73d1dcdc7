/**
 * Export on the service: POST /api/render/proxy/lambda with the latest draft, then the render polled every
 * NEMO_POLL_SECONDS (at most 10 polls) until `completed`; a failed render is tried once more under a new
 * id. Export is free: it costs no credits, so the retry charges nothing.
 */

import type { Progress } from "../../backend/music-backend.js";
import { ComposerError } from "../../errors.js";
import { DEFAULTS } from "../defaults.js";
import type { NemoHttp } from "../http/client.js";
import { type RenderStatus, renderStatusSchema } from "../protocol/wire.js";
import type { Timing } from "../timing.js";

export interface RenderOptions {
  http: NemoHttp;
  timing: Timing;
  backendSessionId: string;
  rawDraft: unknown;
  pollMs: number;
  signal: AbortSignal;
  platform: string;
  report(progress: Progress): void;
}

export interface RenderDone {
  id: string;
  /** output.url, or the service's download path. */
  url: string;
}

/** The status sits at the top level of the answer, or inside `data`. */
function statusFrom(reply: { envelope: unknown; data: unknown }): RenderStatus {
  for (const candidate of [reply.data, reply.envelope]) {
    if (candidate && typeof candidate === "object" && "status" in candidate) {
      const parsed = renderStatusSchema.safeParse(candidate);
      if (parsed.success) return parsed.data;
    }
  }
  return { status: "pending" };
}

async function renderOnce(opts: RenderOptions, attempt: number): Promise<RenderDone | "failed"> {
  const { http, signal, platform } = opts;
  // Unique even when two exports start in the same millisecond.
  const id = `render_${opts.timing.now()}${attempt > 0 ? `_${attempt}` : ""}`;
  await http.call({
    method: "POST",
    path: "/api/render/proxy/lambda",
    json: { id, sessionId: opts.backendSessionId, draft: opts.rawDraft, output: { format: "mp4", quality: "high" } },
    signal,
    platform,
    what: "starting the export",
  });
  for (let poll = 1; poll <= DEFAULTS.renderMaxPolls; poll++) {
    await opts.timing.sleep(opts.pollMs, signal);
    const reply = await http.call({
      method: "GET",
      path: `/api/render/proxy/lambda/${encodeURIComponent(id)}`,
      signal,
      platform,
      what: "checking the export",
    });
    const status = statusFrom(reply);
    const state = status.status.toLowerCase();
    opts.report({ progress: 0.1 + (0.7 * poll) / DEFAULTS.renderMaxPolls, message: `Rendering (${state})` });
    if (state === "completed" || state === "done" || state === "success") {
      const url = status.output?.url ?? `${http.settings.apiUrl}/api/render/proxy/${encodeURIComponent(id)}/download`;
      return { id, url };
    }
    if (state === "failed" || state === "error") return "failed";
  }
  throw new ComposerError(
    "TIMEOUT",
    `The export did not finish after ${DEFAULTS.renderMaxPolls} checks ${Math.round(opts.pollMs / 1000)} s apart.`,
    {
      hint: "Call export_track again in a few minutes; the render may still be running on the service.",
      retryable: true,
    },
  );
}

export async function render(opts: RenderOptions): Promise<RenderDone> {
  for (let attempt = 0; attempt <= DEFAULTS.renderRetries; attempt++) {
    const done = await renderOnce(opts, attempt);
    if (done !== "failed") return done;
  }
  throw new ComposerError("BACKEND_UNAVAILABLE", "The music service failed to render the export twice.", {
    hint: "Try export_track again later; call get_state to check the timeline has music on it.",
    retryable: true,
  });
}
