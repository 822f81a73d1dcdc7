/**
 * File names for deliverables: `<title>-v3.wav`, and when that exists `<title>-v3-2.wav`, `-v3-3.wav`, …
 * Files are opened with 'wx' so an existing file is never replaced, even by a racing writer.
 */
import { open, rm } from "node:fs/promises";
import { join } from "node:path";
import { ComposerError } from "../../errors.js";
import { writeChunks } from "./chunked-write.js";

const MAX_SUFFIX = 999;

/** A file-name-safe form of a title: ASCII letters and digits joined by '-'; "track" when nothing is left. */
export function slug(title: string): string {
  const s = title
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
  return s || "track";
}

/**
 * Writes `data` as `<dir>/<stem>.<ext>` or the first free `<stem>-N.<ext>`; returns the path written.
 */
export async function writeUnique(dir: string, stem: string, ext: string, data: Uint8Array | string): Promise<string> {
  return (await writeUniqueChunks(dir, stem, ext, [data])).path;
}

/**
 * The same for data given as chunks written in turn (a long master streamed to disk); also returns the
 * number of bytes written.
 */
export async function writeUniqueChunks(
  dir: string,
  stem: string,
  ext: string,
  chunks: Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>,
): Promise<{ path: string; bytes: number }> {
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const path = join(dir, `${stem}${n === 1 ? "" : `-${n}`}.${ext}`);
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(path, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw writeError(dir, error);
    }
    let bytes: number;
    try {
      bytes = await writeChunks(handle, chunks, path);
    } catch (error) {
      await handle.close().catch(() => {});
      await rm(path, { force: true }).catch(() => {});
      throw error;
    }
    await handle.close();
    return { path, bytes };
  }
  throw new ComposerError("CONFLICT", `More than ${MAX_SUFFIX} files named ${stem}.${ext} already exist in ${dir}.`, {
    hint: "Pass another out_dir, or move older exports away.",
  });
}

/**
 * Reserves a free name by creating it empty ('wx'); for writers (ffmpeg) that fill a path themselves.
 * The caller overwrites its own empty placeholder.
 */
export async function reserveUnique(dir: string, stem: string, ext: string): Promise<string> {
  return writeUnique(dir, stem, ext, new Uint8Array(0));
}

export function writeError(dir: string, error: unknown): ComposerError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === "EACCES" || code === "EPERM"
      ? "is not writable"
      : code === "ENOSPC"
        ? "is on a full disk"
        : code === "ENOTDIR"
          ? "is not a folder"
          : `could not be written (${code ?? String(error)})`;
  return new ComposerError("INVALID_ARGUMENT", `The folder ${dir} ${why}.`, {
    hint: "Pick another out_dir (or COMPOSER_OUTPUT_DIR) that you can write to.",
    cause: error,
  });
}
