/**
 * The sampler process: for long pieces the SoundFont's notes are synthesised in a child process rather than on
 * the render workers. Memory a thread frees stays with the process — the C allocator keeps a thread's heap for
 * reuse instead of returning it — so a SoundFont parsed on the workers stayed resident through the whole mix
 * (~45 MB a worker for a 10-minute orchestral piece); a process's memory ends with it. The notes come back
 * through a temporary file, read straight into the bank's shared chunks. (Where /tmp is in memory, the file
 * holds ~40 MB for a 10-minute orchestral piece while it is read — before the mix is written, not with it.)
 *
 *   parent ── IPC: score, selection, file ──▶ child: SoundFont notes ─▶ file (16-bit, note after note)
 *   parent ◀── IPC: keys, lengths, scales, energies ── child exits
 *   parent: file ─▶ shared chunks (SharePacker.place) ─▶ note bank
 */
import { type ChildProcess, fork } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type NoteBankShare, SharePacker } from "./note-bank.js";
import type { SamplerReply, SamplerRequest } from "./protocol.js";

const IS_TS = import.meta.url.endsWith(".ts");
const CHILD = new URL(IS_TS ? "./sampler-child.ts" : "./sampler-child.js", import.meta.url);

/** From TypeScript sources (tests, tsx) the child needs tsx's loader. */
function loaderArgs(): string[] {
  if (!IS_TS) return [];
  return ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href];
}

/** Children and their folders still in use: a parent that exits mid-render ends the one and removes the other. */
const live = new Set<ChildProcess>();
const folders = new Set<string>();
let cleanupHooked = false;
function hookCleanup(): void {
  if (cleanupHooked) return;
  cleanupHooked = true;
  process.once("exit", () => {
    for (const child of live) child.kill();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });
}

/** What became of the child: its reply, or whether it started at all (a runtime that cannot start one). */
type ChildOutcome = { reply: SamplerReply } | { started: boolean };

/** Where the child comes from (tests point these elsewhere to see it fail). */
export interface SamplerLaunch {
  entry?: URL;
  execPath?: string;
}

/**
 * Whether this runtime can fork a copy of itself running Node. Inside an Electron app that does not run as
 * Node (a desktop client's own process), the executable is the app: a fork would start another app.
 */
function canFork(): boolean {
  return !process.versions.electron || process.env.ELECTRON_RUN_AS_NODE === "1";
}

function runChild(msg: SamplerRequest, stopFlag: SharedArrayBuffer, launch: SamplerLaunch): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    if (!launch.execPath && !canFork()) {
      resolve({ started: false });
      return;
    }
    let child: ChildProcess;
    try {
      // stdout ignored: a server's stdout carries only JSON-RPC
      child = fork(fileURLToPath(launch.entry ?? CHILD), [], {
        execArgv: loaderArgs(),
        ...(launch.execPath ? { execPath: launch.execPath } : {}),
        serialization: "advanced",
        stdio: ["ignore", "ignore", "inherit", "ipc"],
      });
    } catch {
      resolve({ started: false });
      return;
    }
    live.add(child);
    let reply: SamplerReply | undefined;
    let spawned = false;
    let settled = false;
    const stop = new Int32Array(stopFlag);
    const poll = setInterval(() => {
      if (Atomics.load(stop, 0) !== 0) child.kill();
    }, 50);
    // an exit ends it; so does an error without one (a failed start emits "error" and never "exit")
    const settle = () => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      live.delete(child);
      resolve(reply ? { reply } : { started: spawned });
    };
    child.once("spawn", () => {
      spawned = true;
    });
    child.on("message", (r: SamplerReply) => {
      reply = r;
    });
    child.on("error", () => {
      child.kill();
      if (!spawned) settle();
    });
    child.once("exit", settle);
    if (!child.connected) {
      child.kill();
      settle();
      return;
    }
    child.send(msg, (e) => {
      if (e) child.kill();
    });
  });
}

/** The notes the child wrote, read into shared chunks; undefined when the file is shorter than announced. */
function readShare(file: string, reply: Extract<SamplerReply, { type: "notes" }>, sampleRate: number) {
  const packer = new SharePacker(sampleRate);
  const fd = openSync(file, "r");
  try {
    let position = 0;
    for (let i = 0; i < reply.keys.length; i++) {
      const length = reply.lengths[i]!;
      const slot = packer.place(reply.keys[i]!, length, reply.scales[i]!, reply.energies[i]!);
      const bytes = new Uint8Array(slot.buffer, slot.byteOffset, length * 2);
      for (let at = 0; at < bytes.length; ) {
        const got = readSync(fd, bytes, at, bytes.length - at, position + at);
        if (got <= 0) return undefined;
        at += got;
      }
      position += bytes.length;
    }
  } finally {
    closeSync(fd);
  }
  return packer.share;
}

/** What the sampler process gave: its notes, or nothing — and whether it could be started at all. */
export interface SampledOutcome {
  share?: NoteBankShare;
  started: boolean;
}

/**
 * Every SoundFont note of the request, synthesised in a child process. No share when the SoundFont cannot be
 * loaded, the child fails or cannot start (`started` false: the caller may synthesise the notes itself), or
 * the render is stopped (the stop flag kills the child). Never throws.
 */
export async function sampledShareInProcess(
  request: Omit<SamplerRequest, "file">,
  stopFlag: SharedArrayBuffer,
  launch: SamplerLaunch = {},
): Promise<SampledOutcome> {
  let dir: string | undefined;
  try {
    hookCleanup();
    dir = mkdtempSync(join(tmpdir(), "composer-sampler-"));
    folders.add(dir);
    const file = join(dir, "notes.s16");
    const outcome = await runChild({ ...request, file }, stopFlag, launch);
    if (!("reply" in outcome)) return { started: outcome.started };
    const share = outcome.reply.type === "notes" ? readShare(file, outcome.reply, request.sampleRate) : undefined;
    return share ? { share, started: true } : { started: true };
  } catch {
    return { started: dir !== undefined };
  } finally {
    if (dir) {
      rmSync(dir, { recursive: true, force: true });
      folders.delete(dir);
    }
  }
}
