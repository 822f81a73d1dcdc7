/**
 * A tool's stdin fed in chunks: each chunk arrives whole even when the next reuses its memory, and a chunk that
 * cannot be made fails the run (the tool is stopped rather than left to take a truncated input as whole).
 */
import { describe, expect, it } from "vitest";
import { runTool } from "../../../../src/engine/dsp/ffmpeg.js";

/** A tool that prints how many bytes reached its stdin and their sum. */
const COUNT = [
  "-e",
  "let n = 0, sum = 0; process.stdin.on('data', (d) => { n += d.length; for (const b of d) sum += b; }); process.stdin.on('end', () => process.stdout.write(n + ' ' + sum));",
];

describe("runTool with chunked input", () => {
  it("delivers every chunk whole though each reuses the same memory", async () => {
    const scratch = new Uint8Array(64 * 1024);
    function* chunks() {
      for (let k = 1; k <= 20; k++) {
        scratch.fill(k);
        yield scratch;
      }
    }
    const { stdout } = await runTool(process.execPath, COUNT, { input: chunks() });
    const sum = Array.from({ length: 20 }, (_, k) => (k + 1) * scratch.length).reduce((a, b) => a + b, 0);
    expect(stdout.toString()).toBe(`${20 * scratch.length} ${sum}`);
  });

  it("fails with the input's own error when a chunk cannot be made", async () => {
    function* broken() {
      yield new Uint8Array(1000);
      yield new Uint8Array(1000);
      throw new Error("the master could not be read");
    }
    await expect(runTool(process.execPath, COUNT, { input: broken() })).rejects.toThrow("could not be read");
  });
});
