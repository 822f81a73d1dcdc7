/**
 * Messages to the agent over SSE against the loopback protocol server: heartbeats of every form, partial
 * chunks, silent edits, GUI talk in English and Chinese, dropped streams (Last-Event-ID, then polling),
 * the heartbeat-only timeout, two-stage generation and lost sessions.
 */
import { afterEach, describe, expect, it } from "vitest";
import { isComposerError } from "../../src/errors.js";
import { GUI_PHRASE } from "../../src/remote/translate/gui.js";
import {
  addTrack,
  type NemoHarness,
  nemoHarness,
  type Step,
  text,
  toolCall,
  toolResult,
} from "../support/nemo-server.js";

let h: NemoHarness;
afterEach(async () => {
  await h?.close();
});

const bgm = addTrack(1, { st: 0, d: 90_000, m: { name: "Energetic promo", volume: 0.35 } });

describe("messages over SSE", () => {
  it("waits through heartbeats of every form, reports progress and keeps tool calls internal", async () => {
    h = await nemoHarness();
    const minute = (): Step => ({ act: () => h.timing.advance(61_000) });
    h.server.script = () => [
      toolCall("generate_music"),
      minute(),
      { heartbeat: "comment" },
      minute(),
      { heartbeat: "event" },
      minute(),
      { heartbeat: "empty" },
      { comment: "keep-alive" },
      toolResult("generate_music"),
      bgm,
      text("Here is your ", true),
      text("track.", true),
      text("Here is your track: a bright promo with a driving beat."),
    ];
    const r = await h.backend.generateTrack({ prompt: "upbeat promo" }, h.ctx);
    expect(r.summary.split("\n")[0]).toBe("Here is your track: a bright promo with a driving beat.");
    expect(r.summary).not.toContain("generate_music");
    expect(r.summary).not.toContain("Here is your track.\n");
    expect(h.progress.length).toBeGreaterThan(4);
    const values = h.progress.map((p) => p.progress);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(h.progress.some((p) => p.message === "Still working (2 min)")).toBe(true);
    expect(h.bound).toEqual(["sess_1"]);
    const sse = h.server.to(/^\/run_sse$/);
    expect(sse).toHaveLength(1);
    expect(sse[0]?.headers.accept).toBe("text/event-stream");
    expect(sse[0]?.json).toEqual({
      app_name: "nemo_agent",
      user_id: "me",
      session_id: "sess_1",
      new_message: { parts: [{ text: "upbeat promo" }] },
    });
  });

  it("joins partial chunks when no final event comes", async () => {
    h = await nemoHarness();
    h.server.script = () => [bgm, text("Made a ", true), text("calm piano loop.", true)];
    const r = await h.backend.generateTrack({ prompt: "calm piano" }, h.ctx);
    expect(r.summary.split("\n")[0]).toBe("Made a calm piano loop.");
  });

  it("summarises a silent generation from the state diff", async () => {
    h = await nemoHarness();
    h.server.script = () => [toolCall("make"), { heartbeat: "event" }, bgm, toolResult("make")];
    const r = await h.backend.generateTrack({ prompt: "energetic promo", duration_seconds: 90, bpm: 128 }, h.ctx);
    expect(r.changes).toEqual(["Added BGM 'Energetic promo' 0–90 s at 35 %"]);
    expect(r.summary).toBe(
      "Added BGM 'Energetic promo' 0–90 s at 35 %.\nTimeline (1 track): 1. BGM: Energetic promo (0-90s, 35%)\nTo get the file, call export_track with session_id \"sess_1\".",
    );
    expect(h.server.session().messages).toEqual(["energetic promo\n\nLength: exactly 90 seconds. Tempo: 128 BPM."]);
  });

  it("turns English GUI talk into actions: credits read, edits and export offered", async () => {
    h = await nemoHarness();
    h.server.script = () => [
      bgm,
      text(
        "I've added a warm lo-fi bed under your clip. Open the Music panel to see it. Drag the clip onto the timeline to move it. Check your account billing for remaining credits. Preview it in the timeline.",
      ),
    ];
    const r = await h.backend.generateTrack({ prompt: "lo-fi bed" }, h.ctx);
    const lines = r.summary.split("\n");
    expect(lines[0]).toBe("I've added a warm lo-fi bed under your clip.");
    expect(lines).toContain("Credits: 100 available, 0 frozen (held for running jobs), 100 total.");
    expect(lines).toContain(
      'To change the arrangement, call generate_track with session_id "sess_1" and the change in words.',
    );
    expect(r.summary).not.toMatch(GUI_PHRASE);
    expect(h.server.to(/^\/api\/credits\/balance\/simple$/)).toHaveLength(1);
  });

  it("turns Chinese GUI talk into actions and opens a Chinese session for a Chinese prompt", async () => {
    h = await nemoHarness();
    h.server.script = () => [
      bgm,
      text("我为你创作了一段欢快的电子音乐，节奏强劲。点击导出按钮即可下载。你可以打开素材面板查看。"),
    ];
    const r = await h.backend.generateTrack({ prompt: "为健身宣传视频生成一段90秒欢快的电子乐" }, h.ctx);
    const lines = r.summary.split("\n");
    expect(lines[0]).toBe("我为你创作了一段欢快的电子音乐，节奏强劲。");
    expect(lines).toContain('To get the file, call export_track with session_id "sess_1".');
    expect(r.summary).not.toMatch(GUI_PHRASE);
    expect(h.server.to(/^\/api\/tasks\//)[0]?.json).toEqual({ task_name: "project", language: "zh" });
  });

  it("resumes a dropped stream with Last-Event-ID after 2 s without sending the message again", async () => {
    h = await nemoHarness();
    h.server.script = () => [
      toolCall("make"),
      text("Working on it", true),
      { drop: true },
      bgm,
      text("Done: a promo."),
    ];
    const r = await h.backend.generateTrack({ prompt: "promo" }, h.ctx);
    expect(r.summary.split("\n")[0]).toBe("Done: a promo.");
    const sse = h.server.to(/^\/run_sse$/);
    expect(sse).toHaveLength(2);
    expect(sse[0]?.headers["last-event-id"]).toBeUndefined();
    expect(sse[1]?.headers["last-event-id"]).toMatch(/^m\d+:1$/);
    expect(h.server.session().messages).toEqual(["promo"]);
    expect(h.timing.sleeps).toEqual([2000]);
  });

  it("waits longer before reconnecting when the stream asks to (retry:), never less than 2 s", async () => {
    h = await nemoHarness();
    h.server.script = () => [{ raw: "retry: 7000\n\n" }, toolCall("make"), { drop: true }, bgm, text("Done.")];
    await h.backend.generateTrack({ prompt: "promo" }, h.ctx);
    expect(h.timing.sleeps).toEqual([7000]);
  });

  it("after three failed reconnects polls the state every 5 s until the work settles", async () => {
    h = await nemoHarness();
    h.server.dropReconnects = 3;
    h.server.script = () => [
      toolCall("make"),
      {
        act: (s) => {
          s.statusQueue.push("processing", "processing");
          s.status = "completed";
          s.draft.t.push({ tt: 1, sg: [{ st: 0, d: 30_000, m: { name: "Calm", volume: 0.4 } }] });
        },
      },
      { drop: true },
      text("never seen"),
    ];
    const r = await h.backend.generateTrack({ prompt: "calm" }, h.ctx);
    expect(r.summary.split("\n")[0]).toBe("Added BGM 'Calm' 0–30 s at 40 %.");
    const sse = h.server.to(/^\/run_sse$/);
    expect(sse).toHaveLength(4);
    expect(sse.slice(1).every((q) => q.headers["last-event-id"] === sse[1]?.headers["last-event-id"])).toBe(true);
    expect(h.server.session().messages).toEqual(["calm"]);
    expect(h.timing.sleeps).toEqual([2000, 2000, 2000, 5000, 5000]);
    expect(h.server.to(/^\/api\/state\//)).toHaveLength(3);
  });

  it("polls straight away when the stream dropped before any event id (a resend could charge twice)", async () => {
    h = await nemoHarness();
    h.server.script = () => [bgm, { drop: true }];
    const r = await h.backend.generateTrack({ prompt: "promo" }, h.ctx);
    expect(r.changes).toEqual(["Added BGM 'Energetic promo' 0–90 s at 35 %"]);
    expect(h.server.to(/^\/run_sse$/)).toHaveLength(1);
    expect(h.timing.sleeps).toEqual([]);
  });

  it("gives up on a stream of heartbeats only after 10 minutes and never re-sends", async () => {
    h = await nemoHarness();
    const beats: Step[] = [];
    for (let i = 0; i < 12; i++) beats.push({ act: () => h.timing.advance(60_000) }, { heartbeat: "comment" });
    h.server.script = () => [toolCall("make"), ...beats, bgm, text("too late")];
    const error = await h.backend.generateTrack({ prompt: "promo" }, h.ctx).catch((e: unknown) => e);
    expect(isComposerError(error) && error.code, String(error)).toBe("TIMEOUT");
    expect(String((error as Error).message)).toContain("15 minutes");
    expect(h.server.to(/^\/run_sse$/)).toHaveLength(1);
    // Stream abandoned at 10 minutes; then state polled every 5 s to the 15-minute cap.
    expect(h.timing.sleeps.every((ms) => ms === 5000)).toBe(true);
    expect(h.timing.sleeps.length).toBeGreaterThan(40);
    expect(h.server.session().draft.t).toEqual([]);
  });

  it("waits for the second stage (title, mix) after the stream ends", async () => {
    h = await nemoHarness();
    h.server.script = () => [
      bgm,
      { act: (s) => void s.statusQueue.push("processing", "processing") },
      text("Music is ready; adding the title."),
    ];
    let reads = 0;
    h.server.onRequest = (req) => {
      if (req.path.startsWith("/api/state/") && ++reads === 3) {
        h.server.session().draft.t.push({ tt: 7, sg: [{ st: 0, d: 3000, m: { text: "Go" } }] });
      }
    };
    const r = await h.backend.generateTrack({ prompt: "promo" }, h.ctx);
    expect(r.changes).toEqual(["Added BGM 'Energetic promo' 0–90 s at 35 %", "Added Title 'Go' 0–3 s"]);
    expect(h.timing.sleeps).toEqual([5000, 5000]);
  });

  it("opens a new session when the old one is gone (1002), and says so", async () => {
    h = await nemoHarness();
    await h.backend.generateTrack({ prompt: "promo" }, h.ctx);
    h.server.sessions.delete("sess_1");
    const r = await h.backend.generateTrack({ prompt: "make it slower", session_id: "sess_1" }, h.ctx);
    expect(r.session_id).toBe("sess_2");
    expect(r.summary.split("\n")[0]).toBe(
      "The earlier session sess_1 is gone on the music service, so this started a new session sess_2; what was made before is not in it.",
    );
    expect(h.server.session("sess_2").messages).toEqual(["make it slower"]);
    expect(h.bound).toEqual(["sess_1", "sess_1", "sess_2"]);
  });

  it("1002 on the message itself (not started) sends it to a new session once", async () => {
    h = await nemoHarness();
    await h.backend.generateTrack({ prompt: "promo" }, h.ctx);
    h.server.fault({ path: /^\/run_sse$/, status: 200, code: 1002 });
    const r = await h.backend.generateTrack({ prompt: "more bass", session_id: "sess_1" }, h.ctx);
    expect(r.session_id).toBe("sess_2");
    expect(h.server.session("sess_1").messages).toEqual(["promo"]);
    expect(h.server.session("sess_2").messages).toEqual(["more bass"]);
  });

  it("maps a service session id that is unsafe as an id to a local one", async () => {
    h = await nemoHarness();
    h.server.sessionIdFor = (n) => `sess.${n}`;
    const first = await h.backend.generateTrack({ prompt: "promo" }, h.ctx);
    expect(first.session_id).toMatch(/^nvs-[0-9a-f-]{36}$/);
    const second = await h.backend.generateTrack({ prompt: "slower", session_id: first.session_id }, h.ctx);
    expect(second.session_id).toBe(first.session_id);
    expect(h.server.session("sess.1").messages).toEqual(["promo", "slower"]);
    expect(h.server.to(/^\/api\/state\/nemo_agent\/me\/sess\.1\/latest$/).length).toBeGreaterThan(0);
    const state = await h.backend.getState({ session_id: first.session_id }, h.ctx);
    expect(state.link).toContain("session=sess.1");
  });

  it("queues two edits of one session so they never interleave and each diff is its own", async () => {
    h = await nemoHarness();
    await h.backend.generateTrack({ prompt: "promo" }, h.ctx);
    h.server.script = (msg) => [
      toolCall("edit"),
      { heartbeat: "comment" },
      {
        act: (s) => {
          const seg = s.draft.t[0]?.sg[0];
          if (seg) seg.m.volume = msg === "quieter" ? 0.2 : 0.6;
        },
      },
    ];
    const [a, b] = await Promise.all([
      h.backend.generateTrack({ prompt: "quieter", session_id: "sess_1" }, h.ctx),
      h.backend.generateTrack({ prompt: "louder", session_id: "sess_1" }, h.ctx),
    ]);
    expect(a.changes).toEqual(["Changed BGM 'Energetic promo': volume 35 % → 20 %"]);
    expect(b.changes).toEqual(["Changed BGM 'Energetic promo': volume 20 % → 60 %"]);
    const order = h.server.requests.filter((r) => r.path === "/run_sse" || r.path.startsWith("/api/state/"));
    const sse = order.filter((r) => r.path === "/run_sse").map((r) => r.seq);
    const lastStateOfFirst = order.filter((r) => r.seq < (sse[2] ?? 0)).at(-1);
    expect(lastStateOfFirst?.path).toMatch(/^\/api\/state\//);
    expect(sse).toHaveLength(3);
  });

  it("resumes by the ADK event id when the stream has no SSE ids", async () => {
    h = await nemoHarness();
    h.server.sseIds = false;
    h.server.script = () => [toolCall("make"), { drop: true }, bgm, text("Done.")];
    const r = await h.backend.generateTrack({ prompt: "promo" }, h.ctx);
    expect(r.summary.split("\n")[0]).toBe("Done.");
    expect(h.server.to(/^\/run_sse$/)[1]?.headers["last-event-id"]).toMatch(/^evt-m\d+-0$/);
  });

  it("a silent answer whose change lands after the stream ends is polled for", async () => {
    h = await nemoHarness();
    h.server.script = () => [toolCall("make"), toolResult("make")];
    let reads = 0;
    h.server.onRequest = (req) => {
      if (req.path.startsWith("/api/state/") && ++reads === 2) {
        h.server.session().draft.t.push({ tt: 1, sg: [{ st: 0, d: 20_000, m: { name: "Late", volume: 1 } }] });
      }
    };
    const r = await h.backend.generateTrack({ prompt: "promo" }, h.ctx);
    expect(r.changes).toEqual(["Added BGM 'Late' 0–20 s at 100 %"]);
    expect(h.timing.sleeps).toEqual([5000]);
  });

  it("a silent answer that changes nothing says so after a minute of polling, without an error", async () => {
    h = await nemoHarness();
    h.server.script = () => [toolCall("noop"), toolResult("noop")];
    const r = await h.backend.generateTrack({ prompt: "promo" }, h.ctx);
    expect(r.summary.split("\n")[0]).toBe(
      "The music service finished without describing a change, and the timeline did not change.",
    );
    expect(h.timing.sleeps).toEqual(Array(12).fill(5000));
  });
});
