/**
 * The engine's modules for a benchmark: the compiled dist/ when it is built (the code that ships), else the
 * TypeScript sources (run under tsx); `--src` forces the sources, `--root <dir>` a build elsewhere
 * (<dir>/engine/…).
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = resolve(import.meta.dirname, "..");

/**
 * Where the engine is loaded from (`base`, for the figures to say which code they measured) and a loader of its
 * modules by path below engine/ without extension, e.g. load("master/index").
 */
export function engineLoader(args: readonly string[]): { base: string; load: (path: string) => Promise<unknown> } {
  const at = args.indexOf("--root");
  const root = at >= 0 ? args[at + 1] : undefined;
  const dist = join(ROOT, "dist/engine");
  const [base, ext] = root
    ? [resolve(root, "engine"), "js"]
    : !args.includes("--src") && existsSync(join(dist, "pipeline.js"))
      ? [dist, "js"]
      : [join(ROOT, "src/engine"), "ts"];
  return { base, load: (path) => import(pathToFileURL(join(base, `${path}.${ext}`)).href) };
}
