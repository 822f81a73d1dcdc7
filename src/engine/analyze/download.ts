/**
 * http(s) download for references: connect and idle timeouts, a byte cap checked against Content-Length
 * and while streaming, the content type checked, the body streamed to a file created with 'wx' (never
 * overwriting) that is removed again on any failure.
 */
import { open, unlink } from "node:fs/promises";
import { ComposerError } from "../types.js";

export interface DownloadOptions {
  fetch?: typeof fetch | undefined;
  signal?: AbortSignal | undefined;
  maxBytes: number;
  connectTimeoutMs: number;
  idleTimeoutMs: number;
}

export interface Downloaded {
  bytes: number;
  originalName: string;
  contentType: string | undefined;
}

/** Types a media server may honestly send; anything textual (HTML pages, JSON errors) is not a media file. */
const MEDIA_TYPE = /^(video|audio|image)\/|^application\/(octet-stream|mp4|x-matroska|x-msvideo|ogg)|^binary\//i;

export function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ComposerError("INVALID_ARGUMENT", `\`url\` is not a valid URL: ${text.slice(0, 200)}.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ComposerError("INVALID_ARGUMENT", `\`url\` must be http or https, not ${url.protocol.replace(":", "")}.`);
  }
  return url;
}

function nameFrom(url: URL, disposition: string | null): string {
  const quoted = disposition?.match(/filename\*?=(?:UTF-8'')?"?([^";]+)"?/i)?.[1];
  if (quoted) {
    try {
      return decodeURIComponent(quoted);
    } catch {
      return quoted;
    }
  }
  const last = url.pathname.split("/").filter(Boolean).at(-1) ?? url.hostname;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

export async function downloadTo(target: string, urlText: string, options: DownloadOptions): Promise<Downloaded> {
  const url = parseHttpUrl(urlText);
  const controller = new AbortController();
  let reason: "connect" | "idle" | "cancel" | undefined;
  const abort = (why: "connect" | "idle" | "cancel") => {
    reason ??= why;
    controller.abort();
  };
  const onOuterAbort = () => abort("cancel");
  if (options.signal?.aborted) abort("cancel");
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  let timer = setTimeout(() => abort("connect"), options.connectTimeoutMs);
  const file = await open(target, "wx");
  let bytes = 0;
  try {
    const response = await (options.fetch ?? fetch)(url, { signal: controller.signal, redirect: "follow" });
    clearTimeout(timer);
    timer = setTimeout(() => abort("idle"), options.idleTimeoutMs);
    checkResponse(response, url, options.maxBytes);
    const contentType = response.headers.get("content-type") ?? undefined;
    if (!response.body) throw new ComposerError("UNSUPPORTED_FORMAT", `${url.host} sent an empty answer.`);
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      clearTimeout(timer);
      timer = setTimeout(() => abort("idle"), options.idleTimeoutMs);
      bytes += value.byteLength;
      if (bytes > options.maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge(options.maxBytes);
      }
      await file.write(value);
    }
    return { bytes, originalName: nameFrom(url, response.headers.get("content-disposition")), contentType };
  } catch (error) {
    await file.close().catch(() => {});
    await unlink(target).catch(() => {});
    throw mapError(error, reason, url, options);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onOuterAbort);
    await file.close().catch(() => {});
  }
}

function tooLarge(maxBytes: number): ComposerError {
  return new ComposerError("FILE_TOO_LARGE", `The download is larger than ${Math.round(maxBytes / 1024 ** 2)} MB.`);
}

function checkResponse(response: Response, url: URL, maxBytes: number): void {
  if (response.status === 404 || response.status === 410) {
    throw new ComposerError("NOT_FOUND", `Nothing at ${url.href} (HTTP ${response.status}).`, {
      hint: "Check the link; it must point at the media file itself.",
    });
  }
  if (!response.ok) {
    const server = response.status >= 500;
    throw new ComposerError(
      server ? "BACKEND_UNAVAILABLE" : "NOT_FOUND",
      `${url.host} answered HTTP ${response.status}.`,
      {
        hint: server
          ? "The server that holds the file failed; try again later."
          : "The file is not publicly reachable; download it and pass its path instead.",
        retryable: server,
      },
    );
  }
  const type = response.headers.get("content-type")?.split(";")[0]?.trim();
  if (type && !MEDIA_TYPE.test(type)) {
    throw new ComposerError("UNSUPPORTED_FORMAT", `The link serves ${type}, not a media file.`, {
      hint: "Link to the video, audio or image file itself (not a web page), or download it and pass its path.",
    });
  }
  const length = Number(response.headers.get("content-length"));
  if (Number.isFinite(length) && length > maxBytes) throw tooLarge(maxBytes);
}

function mapError(error: unknown, reason: string | undefined, url: URL, options: DownloadOptions): unknown {
  if (error instanceof ComposerError) return error;
  if (reason === "cancel") return new ComposerError("CANCELLED", "The download was cancelled.");
  if (reason === "connect") {
    return new ComposerError("TIMEOUT", `${url.host} did not answer within ${options.connectTimeoutMs / 1000} s.`, {
      hint: "Check the link, or download the file and pass its path.",
      retryable: true,
    });
  }
  if (reason === "idle") {
    return new ComposerError(
      "TIMEOUT",
      `The download from ${url.host} stalled for ${options.idleTimeoutMs / 1000} s.`,
      {
        hint: "Try again, or download the file and pass its path.",
        retryable: true,
      },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ComposerError("BACKEND_UNAVAILABLE", `Could not download from ${url.host}: ${message}.`, {
    hint: "Check the link and the network, or download the file and pass its path.",
    retryable: true,
  });
}
