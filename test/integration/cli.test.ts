/**
 * The command line: help, and every bad invocation answered with one line on stderr and a non-zero exit.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempEnv } from "../support/env.js";

const ENTRY = join(import.meta.dirname, "../../dist/index.js");
const temp = tempEnv();
afterAll(() => temp.cleanup());

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [ENTRY, ...args], { env: temp.env, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("composer-mcp CLI", () => {
  it("documents every option in --help", () => {
    const r = cli("--help");
    expect(r.code).toBe(0);
    for (const option of [
      "--out",
      "--duration",
      "--bpm",
      "--key",
      "--loop",
      "--seed",
      "--format",
      "--stems",
      "--lufs",
      "--json",
    ]) {
      expect(r.stdout).toContain(option);
    }
  });

  it.each([
    [["compose"], /needs a brief/],
    [["compose", "pop", "--bpm", "fast"], /--bpm must be a number \(got: fast\)/],
    [["compose", "pop", "--bpm", "999"], /bpm must be at most 300/],
    [["compose", "pop", "--format", "wav,exe"], /unknown format exe/],
    [["compose", "pop", "--wat"], /Unknown option '--wat'/],
    [["compose", "pop", "--time", "9/7"], /time_signature must be one of/],
    [["remix"], /unknown command 'remix'/],
  ])("%j fails with one clear line", (args, expected) => {
    const r = cli(...(args as string[]));
    expect(r.code).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
    expect(r.stdout).toBe("");
  });
});
