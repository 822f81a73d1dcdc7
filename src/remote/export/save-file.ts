/**
 * Writing a downloaded file into the output folder without ever replacing one: the name is claimed with
 * open(…, 'wx'), and a taken name gets -2, -3, … before the extension.
 */
import { mkdir, open, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ComposerError } from "../../errors.js";

const MAX_SUFFIX = 9999;

/** A file name from a title: letters, digits, '-' and '_' (any script), at most 60 characters. */
export function safeBaseName(title: string): string {
  const cleaned = title
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}_-]+/gu, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  return cleaned || "track";
}

type Handle = Awaited<ReturnType<typeof open>>;

/** The first free name of base.ext, base-2.ext, … in dir, claimed (created empty, exclusively). */
export async function claimPath(dir: string, base: string, ext: string): Promise<{ path: string; handle: Handle }> {
  await mkdir(dir, { recursive: true });
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const path = join(dir, `${base}${n === 1 ? "" : `-${n}`}.${ext}`);
    try {
      return { path, handle: await open(path, "wx") };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw new ComposerError("INVALID_ARGUMENT", `Cannot write into ${dir}: ${(error as Error).message}.`, {
        hint: "Choose an out_dir you can write to, or set COMPOSER_OUTPUT_DIR.",
        cause: error,
      });
    }
  }
  throw new ComposerError("CONFLICT", `${dir} already holds ${MAX_SUFFIX} files named ${base}.${ext}.`, {
    hint: "Choose another out_dir.",
  });
}

export async function saveStream(
  source: Readable,
  dir: string,
  base: string,
  ext: string,
  signal: AbortSignal,
): Promise<{ path: string; bytes: number }> {
  const { path, handle } = await claimPath(dir, base, ext);
  try {
    await pipeline(source, handle.createWriteStream(), { signal });
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { path, bytes: (await stat(path)).size };
}
