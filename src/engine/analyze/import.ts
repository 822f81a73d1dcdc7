/**
 * upload_reference's engine side: a local path or an http(s) URL → a copy in destDir under a safe name,
 * sniffed by magic bytes, size-capped per kind, analysed. On any failure nothing is left in destDir.
 */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { copyFile, mkdir, rename, stat, unlink } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { ComposerError } from "../types.js";
import { analyzeFile, readHead, unsupported } from "./analyze-file.js";
import { downloadTo } from "./download.js";
import { type Sniffed, sniffFormat } from "./sniff.js";
import { summarize } from "./summary.js";
import { DEFAULT_LIMITS, type ImportLimits, type ReferenceKind, type StoredReference } from "./types.js";

export interface ReferenceSource {
  path?: string | undefined;
  url?: string | undefined;
}

export interface ImportOptions {
  /** Folder the copy goes into (the session's references folder); created when missing. */
  destDir: string;
  /** ffmpeg binary (ffprobe beside it); features that need it fail with NEEDS_FFMPEG when it does not run. */
  ffmpeg: string;
  signal?: AbortSignal | undefined;
  /** For tests: a fetch that talks to a loopback server. Defaults to the global fetch. */
  fetch?: typeof fetch | undefined;
  limits?: Partial<ImportLimits> | undefined;
}

function capFor(kind: ReferenceKind, limits: ImportLimits): number {
  return kind === "video" ? limits.videoBytes : kind === "audio" ? limits.audioBytes : limits.imageBytes;
}

function checkSize(bytes: number, sniffed: Sniffed, limits: ImportLimits): void {
  const cap = capFor(sniffed.kind, limits);
  if (bytes > cap) {
    const mb = (n: number) => `${Math.round(n / 1024 ** 2)} MB`;
    throw new ComposerError("FILE_TOO_LARGE", `The ${sniffed.kind} file is ${mb(bytes)}; the limit is ${mb(cap)}.`, {
      hint: `Trim or compress it below ${mb(cap)} and upload it again.`,
    });
  }
}

async function sniffStored(path: string, bytes: number): Promise<Sniffed> {
  if (bytes === 0) throw unsupported("The file is empty.");
  const sniffed = sniffFormat(await readHead(path));
  if (!sniffed) throw unsupported("The file is not a supported media file (its contents match none of the formats).");
  return sniffed;
}

async function statSource(path: string): Promise<number> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ComposerError("INVALID_ARGUMENT", `${path} is not a file.`);
    return info.size;
  } catch (error) {
    if (error instanceof ComposerError) throw error;
    throw new ComposerError("NOT_FOUND", `No file at ${path}.`, {
      hint: "Pass the absolute path of an existing file.",
    });
  }
}

/** Keeps letters, digits, dot, dash and underscore; for display only, never used as a path. */
function displayName(name: string): string {
  const cleaned = name.replace(/[^\p{L}\p{N}._ -]+/gu, "_").slice(0, 120);
  return cleaned || "reference";
}

export async function importReference(source: ReferenceSource, options: ImportOptions): Promise<StoredReference> {
  if ((source.path === undefined) === (source.url === undefined)) {
    throw new ComposerError("INVALID_ARGUMENT", "Give exactly one of `path` or `url`.");
  }
  const limits: ImportLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const id = `ref_${randomBytes(8).toString("hex")}`;
  const destDir = resolve(options.destDir);
  const partPath = join(destDir, `.${id}.part`);
  const leftovers = [partPath];
  try {
    let bytes: number;
    let originalName: string;
    if (source.path !== undefined) {
      const from = resolve(source.path);
      bytes = await statSource(from);
      const sniffed = await sniffStored(from, bytes);
      checkSize(bytes, sniffed, limits);
      originalName = basename(from);
      await mkdir(destDir, { recursive: true });
      await copyFile(from, partPath, constants.COPYFILE_EXCL);
    } else {
      await mkdir(destDir, { recursive: true });
      const got = await downloadTo(partPath, source.url!, {
        fetch: options.fetch,
        signal: options.signal,
        maxBytes: Math.max(limits.videoBytes, limits.audioBytes, limits.imageBytes),
        connectTimeoutMs: limits.connectTimeoutMs,
        idleTimeoutMs: limits.idleTimeoutMs,
      });
      bytes = got.bytes;
      originalName = got.originalName;
    }
    const sniffed = await sniffStored(partPath, bytes);
    checkSize(bytes, sniffed, limits);
    // Analyse under a hidden name that carries the extension (some demuxers go by it), then publish.
    const analysingPath = join(destDir, `.${id}.${sniffed.format}`);
    leftovers.push(analysingPath);
    await rename(partPath, analysingPath);
    const result = await analyzeFile(analysingPath, sniffed, { ffmpeg: options.ffmpeg, signal: options.signal });
    checkSize(bytes, result.sniffed, limits);
    const finalPath = join(destDir, `${id}.${result.sniffed.format}`);
    leftovers.push(finalPath);
    await rename(analysingPath, finalPath);
    return {
      reference_id: id,
      kind: result.sniffed.kind,
      format: result.sniffed.format,
      bytes,
      path: finalPath,
      originalName: displayName(originalName),
      analysis: result.analysis,
      summary: summarize(result.sniffed.format, result.analysis, result.details),
      details: result.details,
    };
  } catch (error) {
    await Promise.all(leftovers.map((p) => unlink(p).catch(() => {})));
    if (error instanceof ComposerError) throw error;
    if (error instanceof Error && error.name === "AbortError")
      throw new ComposerError("CANCELLED", "The upload was cancelled.");
    throw new ComposerError(
      "INTERNAL",
      `Importing the reference failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}
