/**
 * export_track on the service: render the latest draft, then download the result into the output folder
 * under a name that never replaces an existing file.
 */
import { extname, resolve } from "node:path";
import type { CallContext } from "../../backend/music-backend.js";
import type { ExportInput, ExportResult, OutputFile } from "../../backend/schemas.js";
import { ComposerError } from "../../errors.js";
import { scrub } from "../../log.js";
import { formatBytes } from "../../server/results.js";
import { render } from "../export/render.js";
import { safeBaseName, saveStream } from "../export/save-file.js";
import { musicTitle, readyForExport, timelineSummary } from "../state/draft.js";
import { type NemoContext, platformFor, readSessionState } from "./context.js";

const AUDIO = new Set(["mp3", "wav", "m4a", "aac", "flac", "ogg"]);
const KNOWN = new Set([...AUDIO, "mp4", "mov", "webm", "mkv"]);

function extensionOf(url: string): string {
  const ext = extname(new URL(url, "http://x").pathname).slice(1).toLowerCase();
  return KNOWN.has(ext) ? ext : "mp4";
}

export async function exportSession(nc: NemoContext, input: ExportInput, ctx: CallContext): Promise<ExportResult> {
  const platform = platformFor(nc, ctx);
  const session = nc.sessions.resolve(input.session_id);
  ctx.bindSession(session.id);
  ctx.report({ progress: 0.02, message: "Reading the timeline" });
  const snap = await readSessionState(nc, session, ctx, platform);
  if (!readyForExport(snap.draft)) {
    throw new ComposerError("NOT_READY", `Session ${session.id} has nothing on its timeline to export yet.`, {
      hint: `Call generate_track with session_id "${session.id}" first. ${timelineSummary(snap.draft)}.`,
    });
  }
  const done = await render({
    http: nc.http,
    timing: nc.timing,
    backendSessionId: session.backendId,
    rawDraft: snap.rawDraft,
    pollMs: nc.settings.renderPollMs,
    signal: ctx.signal,
    platform,
    report: ctx.report,
  });
  ctx.report({ progress: 0.85, message: "Downloading" });
  const stream = await nc.http.openDownload({
    method: "GET",
    path: done.url,
    signal: ctx.signal,
    platform,
    what: "downloading the export",
  });
  const dir = input.out_dir ? resolve(nc.outputDir, input.out_dir) : nc.outputDir;
  const ext = extensionOf(done.url);
  const base = safeBaseName(musicTitle(snap.draft) ?? `nemovideo-${session.id}`);
  const saved = await saveStream(stream, dir, base, ext, ctx.signal);
  const file: OutputFile = {
    path: saved.path,
    format: ext,
    bytes: saved.bytes,
    kind: AUDIO.has(ext) ? "mix" : "video",
  };
  session.files.push(file);
  const lines = [`Exported ${saved.path} (${formatBytes(saved.bytes)}).`];
  const skipped = (input.formats ?? []).filter((f) => f !== ext);
  if (skipped.length > 0) {
    lines.push(
      `The music service renders ${ext} only; ${skipped.join(", ")} were not made (the local backend writes them).`,
    );
  }
  if (input.stems) lines.push("The music service does not give stems; the local backend writes them.");
  return {
    session_id: session.id,
    status: "done",
    files: [file],
    ...(nc.http.isApiUrl(done.url) ? {} : { url: scrub(done.url) }),
    summary: lines.join("\n"),
  };
}
