/**
 * Worker entry: synthesises its share of the note bank, then renders one time window of a score into
 * shared per-role buffers, reporting progress. The stop flag is a shared Int32 the main thread sets on abort
 * (the render loops are synchronous).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parentPort } from "node:worker_threads";
import { bankOf, energiesOf, synthesizeShare } from "./note-bank.js";
import { scopeOf, stopCheck, targetOf, type WorkerReply, type WorkerRequest } from "./protocol.js";
import { renderWindow } from "./window.js";

/**
 * A full collection, run once a render's window is done. An idle worker allocates nothing, so its garbage —
 * the render's shared stem buffers and note bank, hundreds of megabytes for a long piece — would otherwise
 * stay mapped for as long as the worker waits warm for the next render.
 */
const collectGarbage = ((): (() => void) => {
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as () => void) : () => {};
  } catch {
    return () => {};
  }
})();

parentPort?.on("message", (msg: WorkerRequest) => {
  const port = parentPort!;
  const reply = (r: WorkerReply) => port.postMessage(r);
  try {
    const shouldStop = stopCheck(msg);
    const scope = scopeOf(msg);
    if (msg.type === "notes") {
      reply({ type: "notes", share: synthesizeShare(scope, msg.share, msg.shares, shouldStop) ?? null });
      return;
    }
    const summary = renderWindow(
      {
        ...scope,
        start: msg.start,
        end: msg.end,
        ...(msg.bank ? { bank: bankOf(msg.bank), energies: energiesOf(msg.bank) } : {}),
        analysis: msg.analysis,
        onProgress: (f) => reply({ type: "progress", fraction: f }),
        shouldStop,
      },
      targetOf(msg.buffers),
    );
    reply(summary ? { type: "done", summary } : { type: "done" });
    setImmediate(collectGarbage);
  } catch (e) {
    reply({ type: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
