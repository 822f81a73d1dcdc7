/**
 * Bad input to every tool: an `isError` result with a message that names the problem, and a server
 * that keeps answering. Nothing is written outside the output and data folders.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { LocalBackend } from "../../src/engine/local-backend.js";
import { type TempEnv, tempEnv } from "../support/env.js";
import { connectInMemory } from "../support/in-memory.js";

const HUGE = "x".repeat(100_000);
const CASES: [tool: string, args: Record<string, unknown>, expected: RegExp][] = [
  ["generate_track", {}, /prompt is required/],
  ["generate_track", { prompt: "" }, /prompt must not be empty/],
  ["generate_track", { prompt: HUGE }, /prompt.*4000/],
  ["generate_track", { prompt: "   \n\t " }, /prompt must not be blank/],
  ["generate_track", { prompt: "pop\u0000\u0007 track" }, /control characters/],
  ["generate_track", { prompt: 42 }, /prompt must be a string, got a number/],
  ["generate_track", { prompt: "pop", bpm: "fast" }, /bpm must be a number/],
  ["generate_track", { prompt: "pop", bpm: -5 }, /bpm/],
  ["generate_track", { prompt: "pop", duration_seconds: 0 }, /duration_seconds/],
  ["generate_track", { prompt: "pop", duration_seconds: 1e9 }, /duration_seconds/],
  ["generate_track", { prompt: "pop", time_signature: "9/7" }, /time_signature must be one of/],
  ["generate_track", { prompt: "pop", session_id: "../../etc" }, /session_id must be letters/],
  ["generate_track", { prompt: "pop", session_id: "s_doesnotexist" }, /NOT_FOUND/],
  ["generate_track", { prompt: "pop", formats: ["exe"] }, /formats\.0 must be one of/],
  ["upload_reference", {}, /exactly one of `path` or `url`/],
  ["upload_reference", { path: "/definitely/not/here.mp4" }, /NOT_FOUND/],
  ["upload_reference", { url: "not a url" }, /url/],
  ["upload_reference", { url: "file:///etc/passwd" }, /http:\/\/ or https:\/\//],
  ["upload_reference", { path: "a.wav", url: "http://127.0.0.1:9/a.wav" }, /exactly one/],
  ["upload_reference", { path: "/tmp/x.wav", session_id: "a/b" }, /session_id must be letters/],
  ["get_state", {}, /session_id is required/],
  ["get_state", { session_id: "" }, /session_id/],
  ["get_state", { session_id: "..%2F..%2Fetc" }, /session_id must be letters/],
  ["get_state", { session_id: "s_unknown123" }, /NOT_FOUND/],
  ["get_state", { session_id: "s_unknown123", version: 0 }, /version/],
  ["get_state", { session_id: 7 }, /session_id must be a string/],
  ["export_track", {}, /session_id is required/],
  ["export_track", { session_id: "s_unknown123" }, /NOT_FOUND/],
  ["export_track", { session_id: "s_x", formats: ["docx"] }, /formats\.0 must be one of/],
  ["export_track", { session_id: "s_x", formats: [] }, /formats/],
  ["export_track", { session_id: "s_x", sample_rate: 12345 }, /sample_rate/],
  ["export_track", { session_id: "s_x", bit_depth: 7 }, /bit_depth/],
  ["export_track", { session_id: "s_x", track_id: "../a" }, /track_id must be letters/],
  ["export_track", { session_id: "s_x", version: Number.NaN }, /version/],
];

describe("bad input", () => {
  let temp: TempEnv;
  let session: Awaited<ReturnType<typeof connectInMemory>>;

  beforeAll(async () => {
    temp = tempEnv();
    session = await connectInMemory(new LocalBackend(loadConfig(temp.env)));
  });
  afterAll(async () => {
    await session?.close();
    temp?.cleanup();
  });

  it.each(CASES)("%s %j → isError", async (tool, args, expected) => {
    const result = await session.call(tool, args);
    expect(result.isError).toBe(true);
    const text = result.content.map((c) => c.text ?? "").join(" ");
    expect(text).toMatch(expected);
    expect(text.length).toBeLessThan(1200);
    expect(text).not.toMatch(/\[object Object\]|undefined|"code":\s*"invalid/);
  });

  it("keeps answering afterwards", async () => {
    const result = await session.call("get_credits", {});
    expect(result.isError).toBeFalsy();
    const { tools } = await session.client.listTools();
    expect(tools).toHaveLength(5);
  });

  it("touched nothing outside its folders", () => {
    const top = readdirSync(temp.root).sort();
    expect(top.every((name) => ["out", "data", "home"].includes(name))).toBe(true);
    expect(readdirSync(join(temp.root))).not.toContain("etc");
  });
});
