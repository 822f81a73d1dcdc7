/**
 * The local backend behind the MCP tools (in-memory transport, stand-in stages): results pass the output
 * schemas, pictures arrive as image content, and a battery of bad input against a session that has files
 * answers isError every time, overwrites nothing and writes nothing outside the output and data folders.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportOutputSchema } from "../../src/backend/schemas.js";
import { LocalBackend } from "../../src/engine/local-backend.js";
import { DEFAULT_STAGES } from "../../src/engine/pipeline.js";
import { connectInMemory } from "../support/in-memory.js";
import { fakeStages, newLog, testConfig } from "../unit/engine/sessions/fake-stages.js";

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const info = statSync(p);
      if (info.isDirectory()) walk(p);
      else if (info.isFile()) out.set(p, createHash("sha256").update(readFileSync(p)).digest("hex"));
    }
  };
  walk(dir);
  return out;
}

describe("local backend over MCP", () => {
  let root: string;
  let mcp: Awaited<ReturnType<typeof connectInMemory>>;
  let sessionId = "";

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "composer-mcp-local-"));
    const stages = { ...fakeStages(newLog()), importReference: DEFAULT_STAGES.importReference };
    mcp = await connectInMemory(new LocalBackend(testConfig(root), { stages }));
  });
  afterAll(async () => {
    await mcp?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("generate_track returns structured content, file links and both pictures inline", async () => {
    const result = await mcp.call("generate_track", { prompt: "Bright ukulele jingle 🎶 轻快" });
    expect(result.isError).toBeFalsy();
    sessionId = String(result.structuredContent?.session_id);
    const images = result.content.filter((c) => c.type === "image");
    expect(images).toHaveLength(2);
    expect(
      Buffer.from(images[0]?.data ?? "", "base64")
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
    expect(result.content.filter((c) => c.type === "resource_link").length).toBe(5);
  });

  it("get_state and export_track answer with version-aware results", async () => {
    const state = await mcp.call("get_state", { session_id: sessionId });
    expect(state.isError).toBeFalsy();
    expect(state.structuredContent?.timeline_summary).toMatch(/^Timeline \(1 track\): 1\. BGM: /);
    expect(state.content.filter((c) => c.type === "image")).toHaveLength(2);
    const exported = await mcp.call("export_track", { session_id: sessionId, version: 1, formats: ["flac", "mid"] });
    expect(exported.isError).toBeFalsy();
    expect(exportOutputSchema.parse(exported.structuredContent).files).toHaveLength(2);
  });

  it("a battery of bad input: isError with a hint each time, nothing overwritten, nothing written outside", async () => {
    const victim = join(root, "precious.txt");
    writeFileSync(victim, "do not touch");
    // A named pipe would block a naive reader forever.
    const fifo = join(root, "pipe.wav");
    const madeFifo = spawnSync("mkfifo", [fifo]).status === 0;
    const before = snapshot(root);
    const bad: [string, Record<string, unknown>][] = [
      ["export_track", { session_id: sessionId, out_dir: "../../escape" }],
      ["export_track", { session_id: sessionId, out_dir: "../" }],
      ["export_track", { session_id: sessionId, version: 99 }],
      ["export_track", { session_id: sessionId, version: -1 }],
      ["export_track", { session_id: sessionId, track_id: `${sessionId}_v9` }],
      ["export_track", { session_id: sessionId, track_id: "s_someone_else_v1" }],
      ["export_track", { session_id: sessionId, formats: ["mp4"] }],
      ["export_track", { session_id: sessionId, reference_id: "ref_nothere", formats: ["mp4"] }],
      ["export_track", { session_id: sessionId, lufs: Number.POSITIVE_INFINITY }],
      ["export_track", { session_id: sessionId, bgm_volume: 7 }],
      ["export_track", { session_id: sessionId, out_dir: "a\u0000b" }],
      ["generate_track", { prompt: "go back to version 42", session_id: sessionId }],
      ["generate_track", { prompt: "x", session_id: sessionId, reference_id: "../../etc/passwd" }],
      ["generate_track", { prompt: "x", reference_id: "ref_0000000000000000" }],
      ["generate_track", { prompt: "x", formats: ["mp4"] }],
      ["generate_track", { prompt: "x", bpm: Number.NaN }],
      ["generate_track", { prompt: "x", seed: -1 }],
      ["generate_track", { prompt: "x", duration_seconds: 1e308 }],
      ["get_state", { session_id: "s_\u202e" }],
      ["upload_reference", { path: victim, session_id: sessionId }],
      ["upload_reference", { path: root }],
      ["upload_reference", { path: "relative.wav" }],
      ["upload_reference", { path: "/definitely/missing.mp4" }],
      ["upload_reference", { path: "/tmp/x.wav", session_id: "s_nope" }],
      ["upload_reference", { path: "/dev/zero" }],
      ...(madeFifo ? [["upload_reference", { path: fifo }] as [string, Record<string, unknown>]] : []),
    ];
    for (const [tool, args] of bad) {
      const result = await mcp.call(tool, args);
      const text = result.content.map((c) => c.text ?? "").join(" ");
      expect(result.isError, `${tool} ${JSON.stringify(args)} → ${text}`).toBe(true);
      expect(text.length).toBeGreaterThan(20);
      expect(text).not.toMatch(/INTERNAL|\[object Object\]/);
    }
    const after = snapshot(root);
    for (const [path, hash] of before) expect(after.get(path), path).toBe(hash);
    expect(readdirSync(root).sort()).toEqual(["data", "out", ...(madeFifo ? ["pipe.wav"] : []), "precious.txt"]);
    const alive = await mcp.call("get_credits", {});
    expect(alive.isError).toBeFalsy();
  });
});
