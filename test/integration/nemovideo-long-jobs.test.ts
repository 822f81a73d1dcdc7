/**
 * The long-job rule with the hosted backend: a generation that outlives `wait_seconds` returns `running`
 * under its session id (known before the message is sent), sends MCP progress while waiting, and
 * get_state finishes the story. Cancelling a call never re-sends its message.
 */
import { afterEach, describe, expect, it } from "vitest";
import { isComposerError } from "../../src/errors.js";
import { connectInMemory } from "../support/in-memory.js";
import { addTrack, type NemoHarness, nemoHarness, text, toolCall } from "../support/nemo-server.js";

let h: NemoHarness;
afterEach(async () => {
  await h?.close();
});

function gate(): { promise: Promise<void>; open(): void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe("long jobs", () => {
  it("returns running with the session id, reports progress, and get_state finishes the story", async () => {
    h = await nemoHarness();
    const release = gate();
    const started = gate();
    h.server.script = () => [
      toolCall("generate_music"),
      { heartbeat: "comment" },
      { act: () => started.open() },
      { until: release.promise },
      addTrack(1, { st: 0, d: 60_000, m: { name: "Night drive", volume: 0.4 } }),
      text("Night drive is ready."),
    ];
    const conn = await connectInMemory(h.backend);
    try {
      const first = await conn.call("generate_track", { prompt: "synthwave night drive", wait_seconds: 0 });
      await started.promise;
      expect(first.structuredContent).toMatchObject({ session_id: "sess_1", status: "running", files: [] });
      expect(String(first.structuredContent?.summary)).toContain('get_state with session_id "sess_1"');

      const during = await conn.call("get_state", { session_id: "sess_1" });
      expect(during.structuredContent).toMatchObject({
        status: "running",
        timeline_summary: "Timeline (0 tracks): empty",
      });
      expect(String(during.structuredContent?.summary)).toMatch(/^Generation running: \d+%/);

      release.open();
      let after = await conn.call("get_state", { session_id: "sess_1" });
      for (let i = 0; i < 200 && after.structuredContent?.status !== "ready"; i++) {
        await new Promise((r) => setTimeout(r, 10));
        after = await conn.call("get_state", { session_id: "sess_1" });
      }
      expect(after.structuredContent).toMatchObject({
        status: "ready",
        timeline_summary: "Timeline (1 track): 1. BGM: Night drive (0-60s, 40%)",
      });
      const jobs = after.structuredContent?.jobs as Array<{ status: string; result?: { summary?: string } }>;
      expect(jobs[0]?.status).toBe("done");
      expect(jobs[0]?.result?.summary?.split("\n")[0]).toBe("Night drive is ready.");
      expect(h.server.to(/^\/run_sse$/)).toHaveLength(1);
    } finally {
      release.open();
      await conn.close();
    }
  });

  it("sends MCP progress notifications while the agent works", async () => {
    h = await nemoHarness();
    h.server.script = () => [
      toolCall("generate_music"),
      { heartbeat: "comment" },
      { heartbeat: "event" },
      addTrack(1, { st: 0, d: 60_000, m: { name: "Night drive", volume: 0.4 } }),
      text("Night drive is ready."),
    ];
    const conn = await connectInMemory(h.backend);
    try {
      const progress: Array<{ progress: number; total?: number }> = [];
      const r = await conn.client.callTool(
        { name: "generate_track", arguments: { prompt: "night drive" } },
        undefined,
        {
          onprogress: (p) => progress.push(p),
        },
      );
      expect(r.isError).toBeFalsy();
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((p) => p.total === 100 && p.progress > 0 && p.progress <= 100)).toBe(true);
    } finally {
      await conn.close();
    }
  });

  it("a cancelled call stops waiting and never sends its message again", async () => {
    h = await nemoHarness();
    const started = gate();
    const never = gate();
    h.server.script = () => [toolCall("generate_music"), { act: () => started.open() }, { until: never.promise }];
    const controller = new AbortController();
    const pending = h.backend.generateTrack({ prompt: "promo" }, { ...h.ctx, signal: controller.signal });
    await started.promise;
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(isComposerError(error) && error.code).toBe("CANCELLED");
    expect(h.server.to(/^\/run_sse$/)).toHaveLength(1);
    expect(h.timing.sleeps).toEqual([]);
    never.open();
  });
});
