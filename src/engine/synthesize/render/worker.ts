/**
 * Worker entry: synthesises its share of the note bank, then renders one time window of a score into
 * shared per-role buffers, reporting progress. The stop flag is a shared Int32 the main thread sets on abort
 * (the render loops are synchronous).
 */
import { parentPort } from "node:worker_threads";
import { ROLES, type Role } from "../../types.js";
import { bankOf, synthesizeShare } from "./note-bank.js";
import { targetOf, type WorkerReply, type WorkerRequest } from "./protocol.js";
import { renderWindow } from "./window.js";

const knownRoles = (roles: readonly string[]): Role[] =>
  roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r));

parentPort?.on("message", (msg: WorkerRequest) => {
  const port = parentPort!;
  const reply = (r: WorkerReply) => port.postMessage(r);
  try {
    const stop = new Int32Array(msg.stopFlag);
    const shouldStop = () => Atomics.load(stop, 0) !== 0;
    const scope = {
      score: msg.score,
      sampleRate: msg.sampleRate,
      roles: knownRoles(msg.roles),
      skipParts: msg.skipParts,
      soundfontParts: msg.soundfontParts,
    };
    if (msg.type === "notes") {
      reply({ type: "notes", share: synthesizeShare(scope, msg.share, msg.shares, shouldStop) ?? null });
      return;
    }
    renderWindow(
      {
        ...scope,
        start: msg.start,
        end: msg.end,
        ...(msg.bank ? { bank: bankOf(msg.bank) } : {}),
        onProgress: (f) => reply({ type: "progress", fraction: f }),
        shouldStop,
      },
      targetOf(msg.buffers),
    );
    reply({ type: "done" });
  } catch (e) {
    reply({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
