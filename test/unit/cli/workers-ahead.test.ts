/**
 * The command line starts the render workers before it loads the engine: they load their own code meanwhile,
 * so the render does not wait for them. Not for a piece too short to render on them (they would only take
 * turns with this thread), nor for an export that only masters again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type RunOptions, withBackend } from "../../../src/cli/shared.js";
import { closeRenderWorkers, idleRenderWorkers } from "../../../src/engine/synthesize/index.js";

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "composer-cli-ahead-"));
  vi.stubEnv("COMPOSER_DATA_DIR", join(root, "data"));
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  closeRenderWorkers();
  rmSync(root, { recursive: true, force: true });
});

/** How many render workers wait idle when the backend's call begins. */
async function idleAtCall(renders: RunOptions["renders"]): Promise<number> {
  closeRenderWorkers();
  let idle = -1;
  const code = await withBackend({ out: join(root, "out"), json: true, quiet: true, renders }, async () => {
    idle = idleRenderWorkers();
    return { summary: "", files: [], session_id: "s" };
  });
  expect(code).toBe(0);
  return idle;
}

describe.skipIf(availableParallelism() < 2)("the command line's render workers", () => {
  it("are started before the backend's call, one per core up to two", async () => {
    expect(await idleAtCall({ seconds: 90 })).toBe(2);
    // a piece of unknown length (the brief decides) most likely renders on them
    expect(await idleAtCall({})).toBe(2);
  });

  it("are not started for a piece too short to use them, nor for a call that does not render", async () => {
    expect(await idleAtCall({ seconds: 6 })).toBe(0);
    expect(await idleAtCall(false)).toBe(0);
  });
});
