/**
 * One reading of GET /api/state/nemo_agent/me/<sid>/latest: the draft as sent (export renders exactly
 * that) and as read, and whether the service says it is still working. Status words may sit on the
 * answer, on the state, or on each generated media item; any of them counts.
 */
import type { Draft } from "../../backend/schemas.js";
import type { NemoHttp } from "../http/client.js";
import { stateDataSchema } from "../protocol/wire.js";
import { normalizeDraft } from "./draft.js";

export interface StateSnapshot {
  rawDraft: unknown;
  draft: Draft;
  /** True or false when the service said; undefined when it gave no status at all. */
  busy: boolean | undefined;
  failed: boolean;
  mediaCount: number;
}

const BUSY = new Set([
  "pending",
  "queued",
  "processing",
  "running",
  "generating",
  "in_progress",
  "rendering",
  "mixing",
]);
const FAILED = new Set(["failed", "error", "cancelled", "canceled"]);

function statusOf(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const s = (value as Record<string, unknown>).status;
  return typeof s === "string" ? s.toLowerCase() : undefined;
}

export const EMPTY_SNAPSHOT: StateSnapshot = {
  rawDraft: { t: [] },
  draft: { t: [] },
  busy: false,
  failed: false,
  mediaCount: 0,
};

export function snapshotOf(data: unknown): { snapshot: StateSnapshot; bindId: string | undefined } {
  const parsed = stateDataSchema.safeParse(data ?? {});
  const state = parsed.success ? parsed.data.state : undefined;
  const media = Array.isArray(state?.generated_media) ? (state.generated_media as unknown[]) : [];
  const statuses = [parsed.success ? parsed.data.status?.toLowerCase() : undefined, state?.status?.toLowerCase()]
    .concat(media.map(statusOf))
    .filter((s): s is string => s !== undefined);
  const busy = statuses.length === 0 ? undefined : statuses.some((s) => BUSY.has(s));
  return {
    snapshot: {
      rawDraft: state?.draft ?? { t: [] },
      draft: normalizeDraft(state?.draft),
      busy,
      failed: statuses.some((s) => FAILED.has(s)),
      mediaCount: media.length,
    },
    bindId: parsed.success ? (parsed.data.bind_id ?? undefined) : undefined,
  };
}

export async function fetchState(
  http: NemoHttp,
  backendSessionId: string,
  signal: AbortSignal,
  platform: string,
): Promise<StateSnapshot> {
  const reply = await http.call({
    method: "GET",
    path: `/api/state/nemo_agent/me/${encodeURIComponent(backendSessionId)}/latest`,
    signal,
    platform,
    what: "reading the session state",
  });
  const { snapshot, bindId } = snapshotOf(reply.data);
  if (bindId) http.bindId = bindId;
  return snapshot;
}
