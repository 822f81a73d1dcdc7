/**
 * The long-job rule through a real client: a slow generation answers `running` after wait_seconds,
 * get_state reports its progress and then its result; progress notifications arrive; a cancelled call
 * aborts the backend's work.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { CallContext, MusicBackend } from "../../../src/backend/music-backend.js";
import type { GenerateInput, GenerateResult, StateResult } from "../../../src/backend/schemas.js";
import { ComposerError } from "../../../src/errors.js";
import { connectInMemory } from "../../support/in-memory.js";

class SlowBackend implements MusicBackend {
  readonly name = "local" as const;
  aborted = false;
  constructor(private readonly ms: number) {}
  async generateTrack(input: GenerateInput, ctx: CallContext): Promise<GenerateResult> {
    ctx.bindSession("s_slow");
    const steps = 10;
    for (let i = 1; i <= steps; i++) {
      if (ctx.signal.aborted) {
        this.aborted = true;
        throw new ComposerError("CANCELLED", "stopped");
      }
      await sleep(this.ms / steps);
      ctx.report({ progress: i / steps, message: `step ${i}` });
    }
    return {
      session_id: "s_slow",
      status: "done",
      track_id: "t1",
      version: 1,
      summary: `made: ${input.prompt}`,
      files: [],
    };
  }
  async uploadReference(): Promise<never> {
    throw new ComposerError("NOT_AVAILABLE_YET", "no");
  }
  async getCredits() {
    return { backend: "local" as const, available: null, frozen: null, total: null, unlimited: true, summary: "ok" };
  }
  async getState(input: { session_id: string }): Promise<StateResult> {
    if (input.session_id !== "s_slow") throw new ComposerError("NOT_FOUND", "no such session");
    return {
      session_id: "s_slow",
      status: "empty",
      timeline_summary: "Timeline (0 tracks)",
      draft: { t: [] },
      versions: [],
      references: [],
      files: [],
      summary: "",
    };
  }
  async exportTrack(): Promise<never> {
    throw new ComposerError("NOT_READY", "nothing");
  }
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("long jobs", () => {
  it("answers running past wait_seconds, then get_state reports progress and the result", async () => {
    const backend = new SlowBackend(800);
    const s = await connectInMemory(backend);
    close = s.close;
    const first = await s.call("generate_track", { prompt: "long piece", wait_seconds: 0.1 });
    expect(first.isError).toBeFalsy();
    expect(first.structuredContent?.status).toBe("running");
    expect(first.structuredContent?.session_id).toBe("s_slow");
    expect(first.content[0]?.text).toMatch(/get_state/);

    const during = await s.call("get_state", { session_id: "s_slow" });
    expect(during.structuredContent?.status).toBe("running");
    const jobs = during.structuredContent?.jobs as { status: string; progress: number }[];
    expect(jobs[0]?.status).toBe("running");

    await sleep(1200);
    const after = await s.call("get_state", { session_id: "s_slow" });
    const doneJobs = after.structuredContent?.jobs as { status: string; result?: { summary: string } }[] | undefined;
    const done = doneJobs?.[0];
    expect(done?.status).toBe("done");
    expect(done?.result?.summary).toBe("made: long piece");
    expect(backend.aborted).toBe(false);
  });

  it("returns the result directly when it is ready in time, with progress notifications", async () => {
    const s = await connectInMemory(new SlowBackend(300));
    close = s.close;
    const seen: number[] = [];
    const result = await s.client.callTool({ name: "generate_track", arguments: { prompt: "short" } }, undefined, {
      onprogress: (p) => seen.push(p.progress),
    });
    expect((result.structuredContent as { status: string }).status).toBe("done");
    expect(seen.length).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1] ?? 0);
  });

  it("aborts the backend's work when the caller cancels while waiting", async () => {
    const backend = new SlowBackend(1000);
    const s = await connectInMemory(backend);
    close = s.close;
    const controller = new AbortController();
    const call = s.client.callTool({ name: "generate_track", arguments: { prompt: "x" } }, undefined, {
      signal: controller.signal,
    });
    await sleep(150);
    controller.abort();
    await expect(call).rejects.toThrow();
    await sleep(300);
    expect(backend.aborted).toBe(true);
  });
});
