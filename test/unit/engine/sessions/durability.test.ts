/** Restarts, crashes between writes, damaged versions and concurrent calls against the session store. */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plainContext } from "../../../../src/backend/music-backend.js";
import { stateOutputSchema } from "../../../../src/backend/schemas.js";
import { LocalBackend } from "../../../../src/engine/local-backend.js";
import { prunePremixBudget } from "../../../../src/engine/sessions/prune.js";
import { SessionStore } from "../../../../src/engine/sessions/store.js";
import { type FakeLog, fakeStages, newLog, testConfig } from "./fake-stages.js";

let root: string;
let log: FakeLog;
const ctx = () => plainContext();
const make = (options: ConstructorParameters<typeof LocalBackend>[1] = {}) =>
  new LocalBackend(testConfig(root), { stages: fakeStages(log), ...options });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "composer-durable-"));
  log = newLog();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("session durability", () => {
  it("sessions, versions, references and usage survive a new backend on the same data folder", async () => {
    const first = make();
    const v1 = await first.generateTrack({ prompt: "Before restart" }, ctx());
    const video = join(root, "clip.mp4");
    writeFileSync(video, "vid");
    const ref = await first.uploadReference({ path: video, session_id: v1.session_id }, ctx());
    await first.close();

    const second = make();
    const state = stateOutputSchema.parse(await second.getState({ session_id: v1.session_id }, ctx()));
    expect(state.versions.map((v) => v.version)).toEqual([1]);
    expect(state.references.map((r) => r.reference_id)).toEqual([ref.reference_id]);
    const v2 = await second.generateTrack({ prompt: "slower", session_id: v1.session_id }, ctx());
    expect(v2.version).toBe(2);
    expect(log.interpret.at(-1)?.previous?.title).toBe("Before restart");
    expect((await second.getCredits(ctx())).usage?.tracks).toBe(2);
    const exported = await second.exportTrack({ session_id: v1.session_id, version: 1, formats: ["wav"] }, ctx());
    expect(exported.files).toHaveLength(1);
  });

  it("a crash after the files but before the manifest leaves the previous version intact and no half version", async () => {
    const good = make();
    const v1 = await good.generateTrack({ prompt: "Stable" }, ctx());
    const outBefore = readdirSync(join(root, "out")).sort();
    const crashing = make({
      hooks: {
        beforeCommit: () => {
          throw new Error("simulated crash");
        },
      },
    });
    await expect(crashing.generateTrack({ prompt: "doomed", session_id: v1.session_id }, ctx())).rejects.toThrow(
      "simulated crash",
    );
    expect(readdirSync(join(root, "out")).sort()).toEqual(outBefore);
    const state = await make().getState({ session_id: v1.session_id }, ctx());
    expect(state.versions.map((v) => v.version)).toEqual([1]);
    expect(state.version).toBe(1);
    const v2 = await make().generateTrack({ prompt: "next", session_id: v1.session_id }, ctx());
    expect(v2.version).toBe(2);
  });

  it("a first generation that fails leaves no empty session behind", async () => {
    const failing = new LocalBackend(testConfig(root), {
      stages: {
        ...fakeStages(log),
        compose: () => {
          throw new Error("compose exploded");
        },
      },
    });
    await expect(failing.generateTrack({ prompt: "Nope" }, ctx())).rejects.toThrow("compose exploded");
    expect(readdirSync(join(root, "data", "sessions"))).toEqual([]);
  });

  it("a data folder that cannot hold sessions is reported with what to do", async () => {
    const blocker = join(root, "not-a-folder");
    writeFileSync(blocker, "x");
    const config = { ...testConfig(root), dataDir: join(blocker, "data") };
    const backend = new LocalBackend(config, { stages: fakeStages(log) });
    await expect(backend.generateTrack({ prompt: "x" }, ctx())).rejects.toMatchObject({
      code: "BACKEND_UNAVAILABLE",
      hint: expect.stringContaining("COMPOSER_DATA_DIR"),
    });
  });

  it("a staging folder left by a killed process is ignored and cleaned up", async () => {
    const backend = make();
    const v1 = await backend.generateTrack({ prompt: "Killed" }, ctx());
    const versions = join(root, "data", "sessions", v1.session_id, "versions");
    mkdirSync(join(versions, ".staging-deadbeef"));
    writeFileSync(join(versions, ".staging-deadbeef", "plan.json"), "{");
    expect((await backend.getState({ session_id: v1.session_id }, ctx())).versions).toHaveLength(1);
    await backend.generateTrack({ prompt: "again", session_id: v1.session_id }, ctx());
    expect(readdirSync(versions).sort()).toEqual(["v1", "v2"]);
  });

  it("damaged versions (no manifest, truncated file, garbage manifest) are never loaded", async () => {
    const backend = make();
    const v1 = await backend.generateTrack({ prompt: "Damage" }, ctx());
    for (let i = 0; i < 3; i++) await backend.generateTrack({ prompt: "more", session_id: v1.session_id }, ctx());
    const versions = join(root, "data", "sessions", v1.session_id, "versions");
    rmSync(join(versions, "v2", "manifest.json"));
    truncateSync(join(versions, "v3", "premaster.wav"), 100);
    writeFileSync(join(versions, "v4", "manifest.json"), "{ not json");
    const state = await backend.getState({ session_id: v1.session_id }, ctx());
    expect(state.versions.map((v) => v.version)).toEqual([1]);
    await expect(backend.exportTrack({ session_id: v1.session_id, version: 3 }, ctx())).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const next = await backend.generateTrack({ prompt: "recover", session_id: v1.session_id }, ctx());
    expect(next.version).toBe(2);
    expect(log.interpret.at(-1)?.previous?.title).toBe("Damage");
    expect(readdirSync(versions).filter((n) => n.startsWith(".broken-v2"))).toHaveLength(1);
  });

  it("keeps the float master of the newest versions only; older ones re-render their stored score on export", async () => {
    const backend = make();
    const v1 = await backend.generateTrack({ prompt: "Pruned", formats: ["mid"] }, ctx());
    for (let i = 0; i < 4; i++)
      await backend.generateTrack({ prompt: "more", session_id: v1.session_id, formats: ["mid"] }, ctx());
    const versions = join(root, "data", "sessions", v1.session_id, "versions");
    const masters = [1, 2, 3, 4, 5].filter((n) => readdirSync(join(versions, `v${n}`)).includes("premaster.wav"));
    expect(masters).toEqual([3, 4, 5]);
    const state = await backend.getState({ session_id: v1.session_id }, ctx());
    expect(state.versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
    const renders = log.renders;
    const old = await backend.exportTrack({ session_id: v1.session_id, version: 1, formats: ["wav"] }, ctx());
    expect(log.renders).toBe(renders + 1);
    const recent = await backend.exportTrack({ session_id: v1.session_id, version: 5, formats: ["wav"] }, ctx());
    expect(log.renders).toBe(renders + 1);
    expect(old.files[0]?.bytes).toBe(recent.files[0]?.bytes);
  });

  it("across sessions, pre-master mixes stay within a byte budget, newest first", async () => {
    const backend = make();
    const made = [];
    for (let i = 0; i < 4; i++)
      made.push(await backend.generateTrack({ prompt: `Budget ${i}`, formats: ["mid"] }, ctx()));
    await backend.close();
    const store = new SessionStore(join(root, "data"));
    const one = (await store.versions(made[0]?.session_id ?? "")).at(0);
    const bytes = one?.stored.find((f) => f.name === "premaster.wav")?.bytes ?? 0;
    expect(bytes).toBeGreaterThan(0);
    const result = await prunePremixBudget(store, bytes * 2.5);
    expect(result).toEqual({ kept: 2, dropped: 2 });
    const hasPremix = async (sessionId: string) =>
      (await store.versions(sessionId)).some((m) => m.master.premix !== null);
    expect(await Promise.all(made.map((m) => hasPremix(m.session_id)))).toEqual([false, false, true, true]);
    const renders = log.renders;
    const old = await backend.exportTrack({ session_id: made[0]?.session_id ?? "", formats: ["wav"] }, ctx());
    expect(log.renders).toBe(renders + 1);
    expect(old.files).toHaveLength(1);
  });

  it("concurrent generate calls on one session run in order and number versions 1..n", async () => {
    const backend = new LocalBackend(testConfig(root), { stages: fakeStages(log, { renderMs: 40 }) });
    const v1 = await backend.generateTrack({ prompt: "Queue" }, ctx());
    log.maxInFlight = 0;
    const prompts = ["a", "b", "c", "d", "e"];
    const results = await Promise.all(
      prompts.map((p) => backend.generateTrack({ prompt: `edit ${p}`, session_id: v1.session_id }, ctx())),
    );
    expect(results.map((r) => r.version)).toEqual([2, 3, 4, 5, 6]);
    expect(log.maxInFlight).toBe(1);
    expect(log.interpret.slice(1).map((c) => c.brief)).toEqual(prompts.map((p) => `edit ${p}`));
    const state = await backend.getState({ session_id: v1.session_id }, ctx());
    expect(state.versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("8 concurrent generate calls on new sessions all complete, side by side", async () => {
    const backend = new LocalBackend(testConfig(root), { stages: fakeStages(log, { renderMs: 80 }) });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => backend.generateTrack({ prompt: `Same title`, seed: i }, ctx())),
    );
    expect(new Set(results.map((r) => r.session_id)).size).toBe(8);
    expect(results.every((r) => r.status === "done" && r.version === 1)).toBe(true);
    expect(log.maxInFlight).toBeGreaterThan(1);
    const wavs = results.flatMap((r) => r.files.filter((f) => f.format === "wav").map((f) => f.path));
    expect(new Set(wavs).size).toBe(8);
    expect((await backend.getCredits(ctx())).usage?.tracks).toBe(8);
  });

  it("two backends (two processes' worth of state) on one session still number versions without gaps", async () => {
    const a = new LocalBackend(testConfig(root), { stages: fakeStages(log, { renderMs: 30 }) });
    const b = new LocalBackend(testConfig(root), { stages: fakeStages(log, { renderMs: 30 }) });
    const v1 = await a.generateTrack({ prompt: "Shared" }, ctx());
    const results = await Promise.all([
      a.generateTrack({ prompt: "one", session_id: v1.session_id }, ctx()),
      b.generateTrack({ prompt: "two", session_id: v1.session_id }, ctx()),
      a.generateTrack({ prompt: "three", session_id: v1.session_id }, ctx()),
      b.generateTrack({ prompt: "four", session_id: v1.session_id }, ctx()),
    ]);
    expect(results.map((r) => r.version).sort()).toEqual([2, 3, 4, 5]);
  });
});
