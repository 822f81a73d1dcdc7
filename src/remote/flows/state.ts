/** get_state: the service's latest draft as the shared `draft`, its one-line timeline, and the claim link. */
import type { CallContext } from "../../backend/music-backend.js";
import type { StateInput, StateResult } from "../../backend/schemas.js";
import { readyForExport, timelineSummary } from "../state/draft.js";
import { type NemoContext, platformFor, readSessionState } from "./context.js";

export async function readState(nc: NemoContext, input: StateInput, ctx: CallContext): Promise<StateResult> {
  const session = nc.sessions.resolve(input.session_id);
  const snap = await readSessionState(nc, session, ctx, platformFor(nc, ctx));
  const ready = readyForExport(snap.draft);
  const status = snap.busy ? "running" : ready ? "ready" : snap.failed ? "failed" : "empty";
  const timeline = timelineSummary(snap.draft);
  const link = nc.sessions.link(session);
  const lines = [timeline];
  if (input.version !== undefined && input.version !== session.versions.length) {
    lines.push("The music service keeps only the latest version; this is the latest.");
  }
  if (status === "running") lines.push("The music service is still working on this session.");
  else if (ready) lines.push(`Ready to export: call export_track with session_id "${session.id}".`);
  else lines.push(`Nothing to export yet: call generate_track with session_id "${session.id}" and a brief.`);
  if (link) lines.push(`The project on nemovideo.com: ${link}`);
  const latest = session.versions.at(-1);
  return {
    session_id: session.id,
    status,
    timeline_summary: timeline,
    draft: snap.draft,
    ...(latest ? { version: latest.version } : {}),
    versions: session.versions.map((v) => ({ ...v })),
    references: session.references.map((r) => ({ ...r })),
    files: [...session.files],
    ...(link ? { link } : {}),
    summary: lines.join("\n"),
  };
}
