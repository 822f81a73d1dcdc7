/** The CLI progress bar: drawn on a TTY, throttled, cleared at the end; silent when piped or disabled. */
import { describe, expect, it } from "vitest";
import { progressBar, renderLine } from "../../src/cli/progress.js";

function fakeStream(isTTY: boolean, columns = 60) {
  const writes: string[] = [];
  const stream = { isTTY, columns, write: (s: string) => writes.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

describe("CLI progress bar", () => {
  it("draws a bar that fits the terminal", () => {
    const line = renderLine({ progress: 0.5, message: "rendering the strings section" }, 65_000, 60);
    expect(line.length).toBe(59);
    expect(line).toMatch(/^\[#{12}-{12}\] {2}50% rendering/);
    expect(line.endsWith("1:05")).toBe(true);
  });

  it("throttles redraws, always shows a new message, and clears its line when done", () => {
    let t = 0;
    const { stream, writes } = fakeStream(true);
    const bar = progressBar(stream, { enabled: true, now: () => t });
    bar.update({ progress: 0.1, message: "composing" });
    t = 10;
    bar.update({ progress: 0.2, message: "composing" });
    bar.update({ progress: 0.3, message: "rendering" });
    t = 500;
    bar.update({ progress: 0.2, message: "rendering" });
    expect(writes).toHaveLength(3);
    expect(writes[2]).toContain(" 30% ");
    bar.done();
    expect(writes.at(-1)).toMatch(/^\r +\r$/);
  });

  it("stays silent when piped or disabled", () => {
    for (const [isTTY, enabled] of [
      [false, true],
      [true, false],
    ] as const) {
      const { stream, writes } = fakeStream(isTTY);
      const bar = progressBar(stream, { enabled });
      bar.update({ progress: 0.5, message: "x" });
      bar.done();
      expect(writes).toEqual([]);
    }
  });
});
