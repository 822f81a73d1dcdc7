/**
 * The built server over stdio, with the SDK's Client: the five tools, their schemas and annotations,
 * a call to each, and stdout carrying JSON-RPC only.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TempEnv, tempEnv } from "../support/env.js";
import { RecordingStdioTransport } from "../support/stdio-transport.js";

const ENTRY = join(import.meta.dirname, "../../dist/index.js");
const TOOL_NAMES = ["export_track", "generate_track", "get_credits", "get_state", "upload_reference"];

type ToolResult = {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
};

describe("stdio server (built)", () => {
  let temp: TempEnv;
  let transport: RecordingStdioTransport;
  let client: Client;

  beforeAll(async () => {
    expect(existsSync(ENTRY), "run `npm run build` first").toBe(true);
    temp = tempEnv();
    transport = new RecordingStdioTransport(process.execPath, [ENTRY], temp.env);
    client = new Client({ name: "composer-test", version: "1.0.0" });
    await client.connect(transport);
  });

  afterAll(async () => {
    await client?.close();
    temp?.cleanup();
  });

  it("lists five tools, each with input and output schemas and annotations", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOL_NAMES);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type).toBe("object");
      expect(tool.annotations).toBeDefined();
      expect(tool.description?.length ?? 0).toBeGreaterThan(40);
    }
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName.get_credits?.annotations?.readOnlyHint).toBe(true);
    expect(byName.get_state?.annotations?.readOnlyHint).toBe(true);
    expect(byName.generate_track?.annotations?.readOnlyHint).toBe(false);
    expect(byName.generate_track?.annotations?.idempotentHint).toBe(false);
    expect(byName.export_track?.annotations?.destructiveHint).toBe(false);
    expect(byName.generate_track?.inputSchema.required).toContain("prompt");
  });

  it("answers get_credits with unlimited local credits", async () => {
    const result = (await client.callTool({ name: "get_credits", arguments: {} })) as ToolResult;
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.backend).toBe("local");
    expect(result.structuredContent?.unlimited).toBe(true);
    expect(result.content[0]?.type).toBe("text");
  });

  it("composes a short track, then reports and exports it", async () => {
    const made = (await client.callTool({
      name: "generate_track",
      arguments: { prompt: "8 seconds of calm piano in C major at 90 BPM", formats: ["wav", "mid"] },
    })) as ToolResult;
    expect(made.isError, made.content[0]?.text).toBeFalsy();
    const sessionId = made.structuredContent?.session_id as string;
    expect(made.structuredContent?.status).toBe("done");
    expect(made.structuredContent?.duration_seconds).toBeCloseTo(8, 1);
    const files = made.structuredContent?.files as { path: string; bytes: number }[];
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect(existsSync(f.path)).toBe(true);
    expect(made.content.some((c) => c.type === "resource_link")).toBe(true);

    const state = (await client.callTool({ name: "get_state", arguments: { session_id: sessionId } })) as ToolResult;
    expect(state.isError, state.content[0]?.text).toBeFalsy();
    expect(String(state.structuredContent?.timeline_summary)).toMatch(/^Timeline \(\d+ tracks?\)/);

    const exported = (await client.callTool({
      name: "export_track",
      arguments: { session_id: sessionId, formats: ["wav"] },
    })) as ToolResult;
    expect(exported.isError, exported.content[0]?.text).toBeFalsy();
    const exportedFiles = exported.structuredContent?.files as { path: string }[];
    expect(exportedFiles.length).toBeGreaterThan(0);
    expect(files.map((f) => f.path)).not.toContain(exportedFiles[0]?.path);
  });

  it("answers upload_reference for a missing file with an actionable error", async () => {
    const result = (await client.callTool({
      name: "upload_reference",
      arguments: { path: join(temp.root, "nope.mp4") },
    })) as ToolResult;
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toMatch(/NOT_FOUND/);
  });

  it("writes nothing but JSON-RPC on stdout", () => {
    expect(transport.stdoutLines.length).toBeGreaterThan(5);
    for (const line of transport.stdoutLines) {
      const message = JSON.parse(line) as { jsonrpc?: string };
      expect(message.jsonrpc).toBe("2.0");
    }
    expect(transport.pending).toBe("");
  });
});
