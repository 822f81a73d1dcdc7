/**
 * The command line: help, and every bad invocation answered with one line on stderr and a non-zero exit.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
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
    [["export"], /export needs one session id/],
    [["export", "../etc"], /session_id must be letters/],
    [["export", "s_abc", "--rate", "22050"], /sample_rate must be one of 44100, 48000/],
    [["export", "s_abc", "--format", "docx"], /unknown format docx/],
    [["export", "s_nosuchsession"], /NOT_FOUND/],
  ])("%j fails with one clear line", (args, expected) => {
    const r = cli(...(args as string[]));
    expect(r.code).not.toBe(0);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected);
    expect(r.stdout).toBe("");
  });

  it("a reader that closes the pipe early (compose … | head -1) ends it quietly, with the files written", () => {
    const out = join(temp.root, "piped");
    const script = `"${process.execPath}" "${ENTRY}" compose "10 second calm piano" --out "${out}" --quiet | head -1`;
    const r = spawnSync("sh", ["-c", script], {
      env: temp.env,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.stdout.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|node:events/);
    expect(readdirSync(out).some((f) => f.endsWith(".wav"))).toBe(true);
  });

  it("composes, refines by session and exports again, printing JSON", () => {
    const made = cli("compose", "6 seconds of calm solo piano in D major at 80 BPM", "--format", "wav,mid", "--json");
    expect(made.code, made.stderr).toBe(0);
    const first = JSON.parse(made.stdout) as {
      session_id: string;
      version: number;
      bpm: number;
      files: { path: string }[];
    };
    expect(first.version).toBe(1);
    expect(first.bpm).toBe(80);

    const refined = cli("compose", "slightly slower", "--session", first.session_id, "--format", "mid", "--json");
    expect(refined.code, refined.stderr).toBe(0);
    const second = JSON.parse(refined.stdout) as { version: number; bpm: number };
    expect(second.version).toBe(2);
    expect(second.bpm).toBeLessThan(80);

    const exported = cli("export", first.session_id, "--version", "1", "--format", "flac", "--json");
    expect(exported.code, exported.stderr).toBe(0);
    const files = (JSON.parse(exported.stdout) as { files: { path: string; format: string }[] }).files;
    expect(files.map((f) => f.format)).toContain("flac");
    expect(first.files.map((f) => f.path)).not.toContain(files[0]?.path);
  });
});
