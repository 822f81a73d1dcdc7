/**
 * The sampler process: for long pieces the SoundFont's notes are synthesised in a child process rather than on
 * the render workers. Memory a thread frees stays with the process — the C allocator keeps a thread's heap for
 * reuse instead of returning it — so a SoundFont parsed on the workers stayed resident through the whole mix
 * (~45 MB a worker for a 10-minute orchestral piece); a process's memory ends with it. The notes come back
 * through a temporary file, read straight into the bank's shared chunks.
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

/** Runs the child to its exit; its reply, or undefined when it could not start or died without one. */
function runChild(msg: SamplerRequest, stopFlag: SharedArrayBuffer): Promise<SamplerReply | undefined> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      // stdout ignored: a server's stdout carries only JSON-RPC
      child = fork(fileURLToPath(CHILD), [], {
        execArgv: loaderArgs(),
        serialization: "advanced",
        stdio: ["ignore", "ignore", "inherit", "ipc"],
      });
    } catch {
      resolve(undefined);
      return;
    }
    let reply: SamplerReply | undefined;
    const stop = new Int32Array(stopFlag);
    const poll = setInterval(() => {
      if (Atomics.load(stop, 0) !== 0) child.kill();
    }, 50);
    child.on("message", (r: SamplerReply) => {
      reply = r;
    });
    // a failed start or a kill is followed by "exit"
    child.on("error", () => {});
    child.once("exit", () => {
      clearInterval(poll);
      resolve(reply);
    });
    child.send(msg);
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

/**
 * Every SoundFont note of the request, synthesised in a child process. Undefined when the SoundFont cannot be
 * loaded, the child cannot start or fails, or the render is stopped (the stop flag kills the child).
 */
export async function sampledShareInProcess(
  request: Omit<SamplerRequest, "file">,
  stopFlag: SharedArrayBuffer,
): Promise<NoteBankShare | undefined> {
  const dir = mkdtempSync(join(tmpdir(), "composer-sampler-"));
  try {
    const file = join(dir, "notes.s16");
    const reply = await runChild({ ...request, file }, stopFlag);
    return reply?.type === "notes" ? readShare(file, reply, request.sampleRate) : undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
