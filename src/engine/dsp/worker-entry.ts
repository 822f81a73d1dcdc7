/**
 * The URL to start a worker thread on, for a worker module that sits next to its caller: compiled JavaScript
 * as is; from TypeScript sources (tests, tsx) through a tiny ESM bootstrap that registers tsx's loader first,
 * which `execArgv` cannot install in a worker on Node 20.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/** `module` is the caller's `import.meta.url`; `name` the worker module's file name without extension. */
export function workerEntry(module: string, name: string): URL {
  const isTs = module.endsWith(".ts");
  const url = new URL(`./${name}.${isTs ? "ts" : "js"}`, module);
  if (!isTs) return url;
  const api = createRequire(module)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const code = `import { register } from ${JSON.stringify(pathToFileURL(api).href)}; register(); await import(${JSON.stringify(url.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
