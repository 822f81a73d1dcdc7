/**
 * Worker entry: renders one time window of a score into shared per-role buffers and reports progress.
 * The stop flag is a shared Int32 the main thread sets on abort (the render loop is synchronous).
 */
import { parentPort } from "node:worker_threads";
import { ROLES, type Role } from "../../types.js";
import { targetOf, type WindowJobMessage } from "./protocol.js";
import { renderWindow } from "./window.js";

parentPort?.once("message", (msg: WindowJobMessage) => {
  const port = parentPort!;
  try {
    const stop = new Int32Array(msg.stopFlag);
    renderWindow(
      {
        score: msg.score,
        sampleRate: msg.sampleRate,
        start: msg.start,
        end: msg.end,
        roles: msg.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
        skipParts: msg.skipParts,
        onProgress: (f) => port.postMessage({ type: "progress", fraction: f }),
        shouldStop: () => Atomics.load(stop, 0) !== 0,
      },
      targetOf(msg.buffers),
    );
    port.postMessage({ type: "done" });
  } catch (e) {
    port.postMessage({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
