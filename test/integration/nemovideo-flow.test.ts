/**
 * The "Done when" flow: the five tools over the SDK client, against the loopback protocol server, from a
 * fresh HOME — credits → generate → a silent second edit → upload → state → export with the file downloaded.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../src/config.js";
import { setLogLevel } from "../../src/log.js";
import { clientIdPath } from "../../src/remote/auth/client-id.js";
import { NemoVideoBackend } from "../../src/remote/nemovideo-backend.js";
import { GUI_PHRASE } from "../../src/remote/translate/gui.js";
import { SERVER_VERSION } from "../../src/server/version.js";
import { type TempEnv, tempEnv } from "../support/env.js";
import { connectInMemory, type ToolResult } from "../support/in-memory.js";
import {
  addTrack,
  defaultScript,
  ManualTiming,
  NemoFakeServer,
  type Step,
  text,
  toolCall,
  toolResult,
} from "../support/nemo-server.js";

let server: NemoFakeServer;
let tmp: TempEnv;

beforeEach(async () => {
  server = await new NemoFakeServer().start();
  tmp = tempEnv({
    COMPOSER_BACKEND: "nemovideo",
    NEMO_API_URL: server.url,
    NEMO_WEB_URL: "https://web.example",
    NEMO_POLL_SECONDS: "0.01",
  });
});
afterEach(async () => {
  await server.close();
  tmp.cleanup();
});

/** The second message: the agent edits without a word, in two stages (music, then title). */
const silentEdit: Step[] = [
  toolCall("adjust_volume"),
  { heartbeat: "event" },
  {
    act: (s) => {
      const bgm = s.draft.t.find((t) => t.tt === 1)?.sg[0];
      if (bgm) bgm.m.volume = 0.5;
      s.statusQueue.push("processing");
      s.status = "completed";
    },
  },
  { heartbeat: "empty" },
  toolResult("adjust_volume"),
  addTrack(7, { st: 0, d: 3000, m: { text: "Summer Sale" } }),
];

describe("nemovideo backend through the five tools", () => {
  it("completes credits → generate → silent edit → upload → state → export, attributed and without secrets", async () => {
    server.script = (_text, s) =>
      s.messages.length === 1
        ? [
            ...defaultScript(_text, s, server).slice(0, -1),
            text("I composed an energetic promo track at 128 BPM. Click the Export button to download it."),
          ]
        : silentEdit;
    const timing = new ManualTiming();
    const config = loadConfig(tmp.env);
    const backend = new NemoVideoBackend(config, tmp.env, { timing });
    const conn = await connectInMemory(backend);
    const logged: string[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    });
    setLogLevel("debug");
    const results: ToolResult[] = [];
    const call = async (name: string, args: Record<string, unknown>) => {
      const r = await conn.call(name, args);
      results.push(r);
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      return r.structuredContent as Record<string, unknown>;
    };
    try {
      const credits = await call("get_credits", {});
      expect(credits).toMatchObject({ backend: "nemovideo", available: 100, frozen: 0, total: 100, unlimited: false });

      const first = await call("generate_track", { prompt: "A 90 second energetic promo track" });
      expect(first.session_id).toBe("sess_1");
      expect(first.status).toBe("done");
      expect(first.title).toBe("Energetic promo");
      expect(first.duration_seconds).toBe(90);
      expect(String(first.summary).split("\n")[0]).toBe("I composed an energetic promo track at 128 BPM.");
      expect(String(first.summary)).toContain('call export_track with session_id "sess_1"');
      expect(String(first.summary)).toContain("Timeline (1 track): 1. BGM: Energetic promo (0-90s, 35%)");
      expect(first.link).toBe(
        `https://web.example/workspace/claim?task=task_1&session=sess_1&skill_name=composer-mcp&skill_version=${SERVER_VERSION}&skill_source=composer-test`,
      );

      // The first token expires mid-session: the next request is refused, re-authenticated and repeated.
      server.expireTokens();
      const second = await call("generate_track", {
        prompt: "Lift the music a bit and add a title",
        session_id: "sess_1",
      });
      expect(second.changes).toEqual([
        "Added Title 'Summer Sale' 0–3 s",
        "Changed BGM 'Energetic promo': volume 35 % → 50 %",
      ]);
      expect(String(second.summary)).toContain("Added Title 'Summer Sale' 0–3 s. Changed BGM 'Energetic promo'");
      expect(second.version).toBe(2);

      const clip = join(tmp.root, "beach.mp4");
      writeFileSync(
        clip,
        Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypisom"), Buffer.alloc(2048, 1)]),
      );
      const upload = await call("upload_reference", { path: clip, session_id: "sess_1" });
      expect(upload).toMatchObject({
        session_id: "sess_1",
        reference_id: "file_1",
        kind: "video",
        format: "mp4",
        bytes: 2060,
      });
      expect(server.session("sess_1").uploads).toEqual([{ filename: "beach.mp4", bytes: 2060 }]);

      const state = await call("get_state", { session_id: "sess_1" });
      expect(state.status).toBe("ready");
      expect(state.timeline_summary).toBe(
        'Timeline (2 tracks): 1. BGM: Energetic promo (0-90s, 50%) 2. Title: "Summer Sale" (0-3s)',
      );
      expect(state.draft).toEqual({
        t: [
          { tt: 1, sg: [{ st: 0, d: 90000, m: { name: "Energetic promo", volume: 0.5 } }] },
          { tt: 7, sg: [{ st: 0, d: 3000, m: { text: "Summer Sale" } }] },
        ],
      });
      expect(state.link).toBe(first.link);

      const exported = await call("export_track", { session_id: "sess_1" });
      const files = exported.files as Array<{ path: string; bytes: number; kind: string; format: string }>;
      expect(files).toHaveLength(1);
      expect(files[0]).toMatchObject({ kind: "video", format: "mp4", bytes: server.fileBytes.length });
      expect(files[0]?.path).toBe(join(config.outputDir, "Energetic-promo.mp4"));
      expect(readFileSync(files[0]?.path ?? "")).toEqual(server.fileBytes);
      const render = [...server.renders.values()][0];
      expect(render?.body).toMatchObject({ sessionId: "sess_1", output: { format: "mp4", quality: "high" } });
      expect(render?.body.draft).toEqual(server.session("sess_1").draft);
    } finally {
      setLogLevel("info");
      stderr.mockRestore();
      await conn.close();
    }

    // What the server received: attribution on every request, a bearer token on every authenticated one.
    for (const r of server.requests) {
      expect(r.headers["x-skill-source"], r.path).toBe("composer-mcp");
      expect(r.headers["x-skill-version"], r.path).toBe(SERVER_VERSION);
      expect(r.headers["x-skill-platform"], r.path).toBe("composer-test");
      if (r.path !== "/api/auth/anonymous-token" && !r.path.startsWith("/files/")) {
        expect(r.headers.authorization, r.path).toMatch(/^Bearer nmv_usr_/);
      }
    }
    const tokenRequests = server.to(/^\/api\/auth\/anonymous-token$/);
    expect(tokenRequests).toHaveLength(2);
    const clientId = readFileSync(clientIdPath(tmp.env.HOME ?? ""), "utf8").trim();
    expect(tokenRequests.map((r) => r.headers["x-client-id"])).toEqual([clientId, clientId]);
    expect(statSync(clientIdPath(tmp.env.HOME ?? "")).mode & 0o777).toBe(0o600);
    expect(statSync(join(tmp.env.HOME ?? "", ".config", "nemovideo")).mode & 0o777).toBe(0o700);

    // The refused request was the state read before the edit; it was repeated with the new token, and the
    // message itself was sent exactly once per generate call.
    const tokens = [...server.tokens.keys()];
    const stateReads = server.to(/^\/api\/state\//);
    const renewal = tokenRequests[1]?.seq ?? 0;
    expect(stateReads[1]?.headers.authorization).toBe(`Bearer ${tokens[0]}`);
    expect(stateReads[1]?.seq).toBe(renewal - 1);
    expect(stateReads[2]?.headers.authorization).toBe(`Bearer ${tokens[1]}`);
    expect(stateReads[2]?.seq).toBe(renewal + 1);
    expect(stateReads[2]?.path).toBe(stateReads[1]?.path);
    expect(server.to(/^\/run_sse$/)).toHaveLength(2);
    expect(server.session("sess_1").messages).toEqual([
      "A 90 second energetic promo track",
      "Lift the music a bit and add a title",
    ]);
    expect(server.to(/^\/api\/tasks\//).map((r) => r.json)).toEqual([{ task_name: "project", language: "en" }]);

    // Nothing secret and no editor talk reaches the assistant.
    const everything = JSON.stringify(results);
    for (const token of tokens) expect(everything).not.toContain(token);
    expect(logged.join("")).toContain("token expired");
    for (const token of tokens) expect(logged.join("")).not.toContain(token);
    expect(everything).not.toContain("nmv_usr_");
    for (const r of results) for (const c of r.content) if (c.text) expect(c.text).not.toMatch(GUI_PHRASE);
    expect(everything).not.toMatch(GUI_PHRASE);
  });

  it("reuses the client id file across runs instead of making a new one", async () => {
    const config = loadConfig(tmp.env);
    const a = new NemoVideoBackend(config, tmp.env, { timing: new ManualTiming() });
    const connA = await connectInMemory(a);
    await connA.call("get_credits", {});
    await connA.close();
    const path = clientIdPath(tmp.env.HOME ?? "");
    const before = readFileSync(path, "utf8");
    const mtime = statSync(path).mtimeMs;

    const b = new NemoVideoBackend(config, tmp.env, { timing: new ManualTiming() });
    const connB = await connectInMemory(b);
    const r = await connB.call("get_credits", {});
    await connB.close();
    expect(r.isError).toBeFalsy();
    expect(readFileSync(path, "utf8")).toBe(before);
    expect(statSync(path).mtimeMs).toBe(mtime);
    const ids = server.to(/^\/api\/auth\/anonymous-token$/).map((q) => q.headers["x-client-id"]);
    expect(ids).toEqual([before.trim(), before.trim()]);
  });
});
