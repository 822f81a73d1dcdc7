/**
 * The command line starts the render workers before it loads the engine: they load their own code meanwhile,
 * so the render does not wait for them. A call that renders nothing leaves them idle, and they keep no
 * process alive.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { withBackend } from "../../../src/cli/shared.js";
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

describe.skipIf(availableParallelism() < 2)("the command line's render workers", () => {
  it("are started before the backend's call, one per core up to two", async () => {
    closeRenderWorkers();
    let idleAtCall = -1;
    const code = await withBackend({ out: join(root, "out"), json: true, quiet: true }, async () => {
      idleAtCall = idleRenderWorkers();
      return { summary: "", files: [], session_id: "s" };
    });
    expect(code).toBe(0);
    expect(idleAtCall).toBe(2);
  });
});
