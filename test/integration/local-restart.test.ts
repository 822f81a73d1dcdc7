/**
 * A real process restart through the built server (dist/index.js over stdio): a session written by one
 * server process that is then killed (SIGKILL, no goodbye) is read and refined by the next one.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateOutputSchema } from "../../src/backend/schemas.js";
import { type TempEnv, tempEnv } from "../support/env.js";
import { clickTrack, writeWav } from "../support/media.js";
import { RecordingStdioTransport } from "../support/stdio-transport.js";

const ENTRY = join(import.meta.dirname, "../../dist/index.js");

type ToolResult = {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
};

async function start(env: NodeJS.ProcessEnv) {
  const transport = new RecordingStdioTransport(process.execPath, [ENTRY], env);
  const client = new Client({ name: "composer-restart-test", version: "1.0.0" });
  await client.connect(transport);
  return {
    call: async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 })) as ToolResult,
    kill: () => {
      (transport as unknown as { child?: { kill(signal: string): void } }).child?.kill("SIGKILL");
    },
    close: () => client.close(),
  };
}

describe("local sessions across a server restart (built server)", () => {
  let temp: TempEnv;

  beforeAll(() => {
    expect(existsSync(ENTRY), "run `npm run build` first").toBe(true);
    temp = tempEnv();
  });
  afterAll(() => temp?.cleanup());

  it("a session, its reference and its versions survive a killed server; the next server refines it", async () => {
    const wav = join(temp.root, "groove.wav");
    const click = clickTrack(110, 6, 22050);
    writeWav(wav, [click, click], 22050);

    const first = await start(temp.env);
    const up = await first.call("upload_reference", { path: wav });
    expect(up.isError, up.content[0]?.text).toBeFalsy();
    const sessionId = String(up.structuredContent?.session_id);
    const v1 = await first.call("generate_track", {
      prompt: "short calm piano piece",
      session_id: sessionId,
      duration_seconds: 6,
      formats: ["wav"],
    });
    expect(v1.isError, v1.content[0]?.text).toBeFalsy();
    expect(v1.structuredContent?.version).toBe(1);
    first.kill();

    const second = await start(temp.env);
    const state = await second.call("get_state", { session_id: sessionId });
    expect(state.isError, state.content[0]?.text).toBeFalsy();
    const parsed = stateOutputSchema.parse(state.structuredContent);
    expect(parsed.references).toHaveLength(1);
    expect(parsed.versions.map((v) => v.version)).toEqual([1]);
    const v2 = await second.call("generate_track", {
      prompt: "slightly slower",
      session_id: sessionId,
      formats: ["mid"],
    });
    expect(v2.isError, v2.content[0]?.text).toBeFalsy();
    expect(v2.structuredContent?.version).toBe(2);
    const after = await second.call("get_state", { session_id: sessionId });
    expect(stateOutputSchema.parse(after.structuredContent).versions.map((v) => v.version)).toEqual([1, 2]);
    const credits = await second.call("get_credits", {});
    expect(credits.structuredContent?.usage).toMatchObject({ tracks: 2 });
    await second.close();
  });

  it("two server processes on one data folder take turns on a session: versions stay whole and distinct", async () => {
    const a = await start(temp.env);
    const b = await start(temp.env);
    const v1 = await a.call("generate_track", { prompt: "tiny waltz", duration_seconds: 4, formats: ["mid"] });
    expect(v1.isError, v1.content[0]?.text).toBeFalsy();
    const sessionId = String(v1.structuredContent?.session_id);
    const edits = ["slower", "faster", "add strings", "more bass"];
    const results = await Promise.all(
      edits.map((prompt, i) =>
        (i % 2 === 0 ? a : b).call("generate_track", { prompt, session_id: sessionId, formats: ["mid"] }),
      ),
    );
    for (const r of results) expect(r.isError, r.content[0]?.text).toBeFalsy();
    expect(results.map((r) => Number(r.structuredContent?.version)).sort()).toEqual([2, 3, 4, 5]);
    const state = stateOutputSchema.parse((await b.call("get_state", { session_id: sessionId })).structuredContent);
    expect(state.versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
    await a.close();
    await b.close();
  });
});
