/**
 * ffmpeg is optional at run time: found on PATH or at COMPOSER_FFMPEG (ffprobe beside it). Features that
 * need it call `requireFfmpeg`, which fails with NEEDS_FFMPEG and says how to get it.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ComposerError } from "../types.js";

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
}

const cache = new Map<string, FfmpegTools | null>();

function runs(bin: string): boolean {
  try {
    const r = spawnSync(bin, ["-version"], { stdio: "ignore", timeout: 10_000, windowsHide: true });
    return r.status === 0;
  } catch {
    return false;
  }
}

/** ffprobe sits beside ffmpeg (same folder, same suffix); on PATH when ffmpeg is a bare name. */
function probeBeside(ffmpeg: string): string {
  const name = basename(ffmpeg).replace(/ffmpeg/i, "ffprobe");
  if (ffmpeg.includes("/") || ffmpeg.includes("\\")) {
    const candidate = join(dirname(ffmpeg), name);
    if (existsSync(candidate)) return candidate;
  }
  return name === basename(ffmpeg) ? "ffprobe" : name;
}

/** The ffmpeg and ffprobe to use, or null when ffmpeg does not run. Cached per binary. */
export function findFfmpeg(bin = "ffmpeg"): FfmpegTools | null {
  const known = cache.get(bin);
  if (known !== undefined) return known;
  const found = runs(bin) ? { ffmpeg: bin, ffprobe: probeBeside(bin) } : null;
  cache.set(bin, found);
  return found;
}

export function requireFfmpeg(bin = "ffmpeg", feature = "This feature"): FfmpegTools {
  const tools = findFfmpeg(bin);
  if (!tools) {
    throw new ComposerError("NEEDS_FFMPEG", `${feature} needs ffmpeg, which was not found (tried: ${bin}).`);
  }
  return tools;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs ffmpeg/ffprobe with arguments (never through a shell), optionally feeding stdin.
 * Rejects with INTERNAL (or CANCELLED) and the tail of stderr when the exit code is not 0.
 */
export function runTool(
  bin: string,
  args: string[],
  /** `input` goes to the tool's stdin: bytes, or chunks written one after another (each may reuse the last's memory). */
  options: { input?: Uint8Array | Iterable<Uint8Array>; signal?: AbortSignal | undefined; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ["pipe", "pipe", "pipe"], windowsHide: true });
    const out: Buffer[] = [];
    let err = "";
    let inputError: unknown;
    const onAbort = () => child.kill("SIGKILL");
    options.signal?.addEventListener("abort", onAbort, { once: true });
    const timer = options.timeoutMs ? setTimeout(onAbort, options.timeoutMs) : undefined;
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => {
      err = (err + chunk.toString("utf8")).slice(-8000);
    });
    child.stdin.on("error", () => {});
    child.on("error", (e) => {
      if (timer) clearTimeout(timer);
      reject(new ComposerError("NEEDS_FFMPEG", `Could not run ${bin}: ${e.message}`));
    });
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (options.signal?.aborted) return reject(new ComposerError("CANCELLED", `${basename(bin)} was cancelled.`));
      if (inputError !== undefined) return reject(inputError);
      if (code !== 0) {
        const tail = err.trim().split("\n").slice(-3).join(" | ");
        return reject(new ComposerError("INTERNAL", `${basename(bin)} failed (exit ${code}): ${tail}`));
      }
      resolve({ stdout: Buffer.concat(out), stderr: err });
    });
    const input = options.input;
    if (input instanceof Uint8Array) child.stdin.end(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
    else if (input) {
      void writeChunks(child.stdin, input).then((error) => {
        if (error === undefined) return;
        inputError = error;
        child.kill("SIGKILL");
      });
    } else child.stdin.end();
  });
}

/**
 * Writes each chunk once the one before has been handed to the system (a chunk may reuse its memory). A write
 * the tool refuses (it closed its input: it failed, or was stopped) ends quietly, its exit code tells the
 * caller; a chunk that cannot be made is the caller's error, returned so the tool is stopped for it.
 */
async function writeChunks(stdin: NodeJS.WritableStream, chunks: Iterable<Uint8Array>): Promise<unknown> {
  try {
    for (const chunk of chunks) {
      const copy = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const written = await new Promise<boolean>((resolve) => stdin.write(copy, (e) => resolve(!e)));
      if (!written) break;
    }
  } catch (error) {
    // left open: the tool must not take what it has as the whole input
    return error;
  }
  stdin.end();
  return undefined;
}
