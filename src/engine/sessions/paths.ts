/**
 * Every path the store builds starts from a validated id and is checked to stay inside its root, so no
 * argument — id, track id or out_dir — can reach a file outside the data and output folders.
 */
import { isAbsolute, relative, resolve, sep } from "node:path";
import { ID_PATTERN } from "../../backend/schemas.js";
import { ComposerError } from "../../errors.js";

/** Throws INVALID_ARGUMENT unless `value` is a well-formed id (letters, digits, '-', '_'; no dots or slashes). */
export function assertId(value: string, what: string): string {
  if (!ID_PATTERN.test(value)) {
    throw new ComposerError(
      "INVALID_ARGUMENT",
      `${what} is not a valid id (got: ${JSON.stringify(value.slice(0, 80))}).`,
      {
        hint: `Use the ${what} returned by an earlier call: letters, digits, '-' or '_' only.`,
      },
    );
  }
  return value;
}

/** True when `child` is `root` itself or lies below it (after resolving '..'). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(resolve(root), resolve(child));
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/** `root/segments…`, refusing any result that escapes `root`. */
export function within(root: string, ...segments: string[]): string {
  const path = resolve(root, ...segments);
  if (!isInside(root, path)) {
    throw new ComposerError("INVALID_ARGUMENT", "That path would leave the composer's folder.", {
      hint: "Use the ids returned by earlier calls; paths may not contain '..'.",
    });
  }
  return path;
}

function hasControlCharacters(text: string): boolean {
  for (const ch of text) if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) return true;
  return false;
}

/**
 * `out_dir` for an export: relative paths resolve against the output folder and may not climb out of it;
 * absolute paths are the person's explicit choice and are used as given.
 */
export function resolveOutDir(outputDir: string, outDir: string | undefined): string {
  if (outDir === undefined) return resolve(outputDir);
  const trimmed = outDir.trim();
  if (trimmed === "" || hasControlCharacters(trimmed)) {
    throw new ComposerError("INVALID_ARGUMENT", "`out_dir` is empty or contains control characters.", {
      hint: "Pass a folder name relative to the output folder, or an absolute path.",
    });
  }
  if (isAbsolute(trimmed)) return resolve(trimmed);
  const path = resolve(outputDir, trimmed);
  if (!isInside(outputDir, path)) {
    throw new ComposerError("INVALID_ARGUMENT", `\`out_dir\` "${trimmed}" climbs out of the output folder.`, {
      hint: `Relative folders stay inside ${resolve(outputDir)}; pass an absolute path to write elsewhere.`,
    });
  }
  return path;
}
