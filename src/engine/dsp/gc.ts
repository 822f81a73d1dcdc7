/**
 * A full garbage collection on request. Large renders end with hundreds of megabytes that only a full
 * collection returns — shared stem buffers and note banks a worker no longer uses, the master's curves — and
 * an isolate that allocates little (an idle worker, a main thread about to encode) may not run one for a long
 * time. Node exposes the collector only behind a flag; it is set here, once, and read from a fresh context.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export const collectGarbage: () => void = (() => {
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as () => void) : () => {};
  } catch {
    return () => {};
  }
})();
