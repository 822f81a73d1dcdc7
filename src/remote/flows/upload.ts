/**
 * upload_reference on the service: a local file (checked, then streamed as multipart field `files`) or a
 * URL (JSON), into the given session or a new one.
 */
import { basename } from "node:path";
import type { CallContext } from "../../backend/music-backend.js";
import { ID_PATTERN, type UploadInput, type UploadResult } from "../../backend/schemas.js";
import { scrub } from "../../log.js";
import { formatBytes } from "../../server/results.js";
import type { NemoRequest } from "../http/client.js";
import { uploadedFileSchema } from "../protocol/wire.js";
import { languageOf, type RemoteSession } from "../sessions.js";
import { checkLocalFile, formatOf, KIND_OF, type ReferenceKind, unsupported } from "../upload/file-check.js";
import { multipartFile } from "../upload/multipart.js";
import { isSessionGone, type NemoContext, platformFor, replaceSession } from "./context.js";

interface Source {
  name: string;
  format: string;
  kind: ReferenceKind;
  bytes: number;
  request(session: RemoteSession): Omit<NemoRequest, "signal" | "platform" | "what">;
}

async function sourceOf(nc: NemoContext, input: UploadInput): Promise<Source> {
  if (input.path !== undefined) {
    const file = await checkLocalFile(input.path, nc.uploadMaxBytes);
    return {
      name: basename(file.path),
      format: file.format,
      kind: file.kind,
      bytes: file.bytes,
      request: (s) => ({
        method: "POST",
        path: `/api/upload-video/nemo_agent/me/${encodeURIComponent(s.backendId)}`,
        body: () => multipartFile(file.path, file.format, file.bytes),
      }),
    };
  }
  const url = input.url ?? "";
  const pathname = new URL(url).pathname;
  const name = basename(pathname) || url;
  const format = formatOf(pathname);
  // A URL without an extension may still be a supported file; the service decides (4001 if not).
  if (!format && /\.[A-Za-z0-9]{2,5}$/.test(pathname)) throw unsupported(name);
  return {
    name,
    format: format ?? "unknown",
    kind: format ? KIND_OF[format] : "video",
    bytes: 0,
    request: (s) => ({
      method: "POST",
      path: `/api/upload-video/nemo_agent/me/${encodeURIComponent(s.backendId)}`,
      json: { urls: [url], source_type: "url" },
    }),
  };
}

/** The first file the service describes, wherever it put it. */
function firstUploaded(data: unknown) {
  const rec = data && typeof data === "object" ? (data as Record<string, unknown>) : {};
  const lists = [data, rec.files, rec.items, rec.video_infos, rec.list];
  for (const list of lists) {
    const first = Array.isArray(list) ? list[0] : undefined;
    const parsed = uploadedFileSchema.safeParse(first);
    if (parsed.success) return parsed.data;
  }
  const parsed = uploadedFileSchema.safeParse(rec);
  return parsed.success ? parsed.data : undefined;
}

export async function upload(nc: NemoContext, input: UploadInput, ctx: CallContext): Promise<UploadResult> {
  const platform = platformFor(nc, ctx);
  const source = await sourceOf(nc, input);
  const notes: string[] = [];
  let session = input.session_id
    ? nc.sessions.resolve(input.session_id)
    : await nc.sessions.create(languageOf(source.name), ctx.signal, platform);
  ctx.bindSession(session.id);
  const send = (s: RemoteSession) =>
    nc.http.call({ ...source.request(s), signal: ctx.signal, platform, what: `uploading ${source.name}` });
  let reply: Awaited<ReturnType<typeof send>>;
  try {
    reply = await send(session);
  } catch (error) {
    if (!isSessionGone(error)) throw error;
    session = await replaceSession(nc, session, ctx, notes);
    reply = await send(session);
  }
  const uploaded = firstUploaded(reply.data);
  const remoteId = uploaded?.id ?? uploaded?.file_id ?? uploaded?.media_id;
  const referenceId = remoteId && ID_PATTERN.test(remoteId) ? remoteId : `ref-${session.references.length + 1}`;
  const bytes = source.bytes || (uploaded?.size ?? 0);
  const reference = {
    reference_id: referenceId,
    name: source.name,
    kind: source.kind,
    format: source.format,
    bytes,
    ...(uploaded?.url ? { url: scrub(uploaded.url) } : {}),
  };
  session.references.push(reference);
  const sizeText = bytes > 0 ? `, ${formatBytes(bytes)}` : "";
  return {
    session_id: session.id,
    reference_id: referenceId,
    kind: source.kind,
    format: source.format,
    bytes,
    ...(uploaded?.duration !== undefined ? { duration_seconds: uploaded.duration } : {}),
    analysis: { ...(remoteId ? { service_id: remoteId } : {}) },
    summary: [
      ...notes,
      `Uploaded ${source.name} (${source.kind}${sizeText}) to session ${session.id} as reference ${referenceId}.`,
      `To fit music to it, call generate_track with session_id "${session.id}" and reference_id "${referenceId}".`,
    ].join("\n"),
  };
}
