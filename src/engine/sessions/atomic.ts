/**
 * Crash-safe writes: a file is written to a temporary name beside its target, flushed to disk, then renamed
 * over the target, so a reader sees the old content or the new, never half of either.
 */
import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { writeChunks } from "./chunked-write.js";

/** Flushes a directory entry (the rename) to disk; some platforms cannot open directories, which is fine. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch {
    // Windows and some filesystems refuse; the rename is still atomic there.
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** Writes `data` to `path` with a new name, fsync, then rename. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temp, "wx");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDir(dirname(path));
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes a new file (never replacing one); data may come as chunks written in turn. Resolves once the data is
 * written, its flush to disk under way: `flushed` settles once the file is on disk and closed. The caller
 * waits for that before writing anything that points at the file (a manifest), and meanwhile goes on — a
 * pre-master's flush then runs beside the mastering rather than before it.
 */
export async function writeNewFile(
  path: string,
  data: Uint8Array | string | Iterable<Uint8Array>,
): Promise<{ flushed: Promise<void> }> {
  const handle = await open(path, "wx");
  try {
    if (typeof data === "string" || data instanceof Uint8Array) await handle.writeFile(data);
    else await writeChunks(handle, data, path);
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
  return { flushed: handle.sync().finally(() => handle.close()) };
}
