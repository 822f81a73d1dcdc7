import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plainContext } from "../../../../src/backend/music-backend.js";
import {
  creditsOutputSchema,
  exportOutputSchema,
  generateOutputSchema,
  stateOutputSchema,
  uploadOutputSchema,
} from "../../../../src/backend/schemas.js";
import { LocalBackend } from "../../../../src/engine/local-backend.js";
import { type FakeLog, fakeStages, newLog, testConfig } from "./fake-stages.js";

let root: string;
let log: FakeLog;
let backend: LocalBackend;
const ctx = () => plainContext();

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "composer-local-"));
  log = newLog();
  backend = new LocalBackend(testConfig(root), { stages: fakeStages(log) });
});
afterEach(async () => {
  await backend.close();
  rmSync(root, { recursive: true, force: true });
});

describe("LocalBackend with a session store", () => {
  it("generate writes a version, files and pictures, and get_state describes it", async () => {
    const first = generateOutputSchema.parse(await backend.generateTrack({ prompt: "Sunny pop" }, ctx()));
    expect(first.version).toBe(1);
    expect(first.track_id).toBe(`${first.session_id}_v1`);
    // the result says how it was played (these stages render built-in)
    expect(first.sound).toBe("built-in synthesis");
    expect(first.summary).toMatch(/Sound: built-in synthesis\./);
    expect(first.files.map((f) => basename(f.path)).sort()).toEqual([
      "sunny-pop-v1-arrangement.png",
      "sunny-pop-v1-waveform.png",
      "sunny-pop-v1.mid",
      "sunny-pop-v1.mp3",
      "sunny-pop-v1.wav",
    ]);
    for (const f of first.files) expect(statSync(f.path).size).toBe(f.bytes);
    expect(first.files.filter((f) => f.kind === "image")).toHaveLength(2);

    const state = stateOutputSchema.parse(await backend.getState({ session_id: first.session_id }, ctx()));
    expect(state.status).toBe("ready");
    expect(state.timeline_summary).toBe("Timeline (1 track): 1. BGM: Sunny pop (0-2s, 100%)");
    expect(state.draft.t).toHaveLength(1);
    expect(state.draft.t[0]?.tt).toBe(1);
    expect(state.draft.t[0]?.sg[0]?.d).toBe(2000);
    expect(state.sections?.map((s) => s.name)).toEqual(["Intro", "Chorus"]);
    expect(state.versions).toHaveLength(1);
    expect(state.files.length).toBe(first.files.length);
  });

  it("a follow-up edits the latest plan and 'go back to version 1' restores the first", async () => {
    const v1 = await backend.generateTrack({ prompt: "Calm piano" }, ctx());
    const v2 = await backend.generateTrack({ prompt: "slightly slower", session_id: v1.session_id }, ctx());
    expect(v2.version).toBe(2);
    expect(log.interpret[1]?.previous?.bpm).toBe(120);
    expect(v2.bpm).toBe(112);
    const v3 = await backend.generateTrack({ prompt: "go back to version 1", session_id: v1.session_id }, ctx());
    expect(v3.version).toBe(3);
    expect(v3.bpm).toBe(120);
    expect(v3.changes).toContain("restored version 1");
    const v4 = await backend.generateTrack({ prompt: "回到第2版", session_id: v1.session_id }, ctx());
    expect(v4.bpm).toBe(112);
    const v5 = await backend.generateTrack(
      { prompt: "go back to version 1 and make it slower", session_id: v1.session_id },
      ctx(),
    );
    expect(log.interpret.at(-1)?.brief).toBe("make it slower");
    expect(log.interpret.at(-1)?.previous?.bpm).toBe(120);
    expect(v5.bpm).toBe(112);
    await expect(
      backend.generateTrack({ prompt: "go back to version 9", session_id: v1.session_id }, ctx()),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const state = await backend.getState({ session_id: v1.session_id, version: 2 }, ctx());
    expect(state.version).toBe(2);
    expect(state.versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it("export writes every format with non-clobbering names and sizes, without recomposing", async () => {
    const v1 = await backend.generateTrack({ prompt: "Night drive", formats: ["wav"] }, ctx());
    const renders = log.renders;
    const a = exportOutputSchema.parse(
      await backend.exportTrack(
        { session_id: v1.session_id, formats: ["wav", "mp3", "flac", "ogg", "m4a", "aac", "mid"] },
        ctx(),
      ),
    );
    expect(log.renders).toBe(renders);
    const names = a.files.map((f) => basename(f.path));
    expect(names).toEqual([
      "night-drive-v1-2.wav",
      "night-drive-v1.mp3",
      "night-drive-v1.flac",
      "night-drive-v1.ogg",
      "night-drive-v1.m4a",
      "night-drive-v1.aac",
      "night-drive-v1.mid",
    ]);
    for (const f of a.files) expect(statSync(f.path).size).toBe(f.bytes);
    const original = readFileSync(v1.files[0]?.path ?? "");
    const b = await backend.exportTrack({ session_id: v1.session_id, formats: ["wav"] }, ctx());
    expect(basename(b.files[0]?.path ?? "")).toBe("night-drive-v1-3.wav");
    // Re-mastering the stored pre-master mix at the same loudness gives the same file.
    expect(readFileSync(b.files[0]?.path ?? "")).toEqual(original);
    expect(readFileSync(v1.files[0]?.path ?? "")).toEqual(original);
  });

  it("lufs re-masters the stored pre-master mix; rate and bit depth reach the encoder; stems come out", async () => {
    const v1 = await backend.generateTrack({ prompt: "Loud", formats: ["wav"] }, ctx());
    const header = (path: string) => JSON.parse(readFileSync(path, "utf8").split("\n")[0] ?? "{}");
    const plain = await backend.exportTrack({ session_id: v1.session_id, sample_rate: 48000, bit_depth: 16 }, ctx());
    // the stored mix was converted as it was read, and mastered at 48 kHz: the encoder is given 48 kHz audio
    expect(header(plain.files[0]?.path ?? "")).toMatchObject({ sampleRate: 48000, bufferRate: 48000, bitDepth: 16 });
    const renders = log.renders;
    const quiet = await backend.exportTrack({ session_id: v1.session_id, lufs: -23 }, ctx());
    expect(log.renders).toBe(renders);
    expect(header(quiet.files[0]?.path ?? "").peak).toBeLessThan(header(plain.files[0]?.path ?? "").peak * 0.5);
    const stems = await backend.exportTrack({ session_id: v1.session_id, stems: true, formats: ["flac"] }, ctx());
    expect(log.renders).toBe(renders + 1);
    // a render for another rate renders at that rate
    const stems48 = await backend.exportTrack(
      { session_id: v1.session_id, stems: true, formats: ["flac"], sample_rate: 48000 },
      ctx(),
    );
    expect(header(stems48.files.find((f) => f.kind === "stem")?.path ?? "")).toMatchObject({ bufferRate: 48000 });
    // Rendered with the built-in voices the first time, so again, even with a SoundFont configured now.
    const withFont = new LocalBackend(
      { ...testConfig(root), soundfont: "/some/font.sf2" },
      { stages: fakeStages(log) },
    );
    await withFont.exportTrack({ session_id: v1.session_id, stems: true, formats: ["wav"] }, ctx());
    expect(log.soundfonts.at(-1)).toBeUndefined();
    expect(stems.files.filter((f) => f.kind === "stem").map((f) => f.role)).toEqual([
      "drums",
      "bass",
      "harmony",
      "melody",
      "fx",
    ]);
    expect(stems.files.filter((f) => f.kind === "stem").every((f) => f.format === "flac")).toBe(true);
  });

  it("out_dir: relative inside the output folder, absolute allowed, climbing out refused", async () => {
    const v1 = await backend.generateTrack({ prompt: "Dirs", formats: ["mid"] }, ctx());
    const rel = await backend.exportTrack({ session_id: v1.session_id, formats: ["mid"], out_dir: "exports/a" }, ctx());
    expect(rel.files[0]?.path).toBe(join(root, "out", "exports", "a", "dirs-v1.mid"));
    const abs = join(root, "elsewhere");
    const absolute = await backend.exportTrack({ session_id: v1.session_id, formats: ["mid"], out_dir: abs }, ctx());
    expect(absolute.files[0]?.path).toBe(join(abs, "dirs-v1.mid"));
    for (const bad of ["../escape", "a/../../escape", "..", "a\u0000b", "  "]) {
      await expect(
        backend.exportTrack({ session_id: v1.session_id, formats: ["mid"], out_dir: bad }, ctx()),
      ).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    }
    expect(readdirSync(root).sort()).toEqual(["data", "elsewhere", "out"]);
  });

  it("mp4 needs a video; with an uploaded video it is muxed and shows in the timeline", async () => {
    const v1 = await backend.generateTrack({ prompt: "Beach", formats: ["wav"] }, ctx());
    await expect(backend.exportTrack({ session_id: v1.session_id, formats: ["mp4"] }, ctx())).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    const video = join(root, "beach.mp4");
    writeFileSync(video, "vid");
    const up = uploadOutputSchema.parse(
      await backend.uploadReference({ path: video, session_id: v1.session_id }, ctx()),
    );
    expect(up.kind).toBe("video");
    const v2 = await backend.generateTrack({ prompt: "again", session_id: v1.session_id }, ctx());
    expect(log.interpret.at(-1)?.reference).toMatchObject({ kind: "video" });
    const out = await backend.exportTrack({ session_id: v1.session_id, formats: ["mp4"], bgm_volume: 0.2 }, ctx());
    expect(out.files[0]).toMatchObject({ kind: "video", format: "mp4" });
    expect(readFileSync(out.files[0]?.path ?? "", "utf8")).toContain("bgm=0.2");
    const state = await backend.getState({ session_id: v1.session_id }, ctx());
    expect(state.timeline_summary).toBe(
      `Timeline (2 tracks): 1. Video: beach.mp4 (0-42s) 2. BGM: Beach (0-${Math.round(v2.duration_seconds ?? 0)}s, 35%)`,
    );
    expect(state.draft.t.map((t) => t.tt)).toEqual([0, 1]);
    expect(state.references).toHaveLength(1);
  });

  it("the timeline reads like the hosted one: empty, video only, fractional seconds", async () => {
    const video = join(root, "clip.mp4");
    writeFileSync(video, "vid");
    const up = await backend.uploadReference({ path: video }, ctx());
    const before = stateOutputSchema.parse(await backend.getState({ session_id: up.session_id }, ctx()));
    expect(before.status).toBe("empty");
    expect(before.timeline_summary).toBe("Timeline (1 track): 1. Video: clip.mp4 (0-42s)");
    expect(before.draft.t).toEqual([
      { tt: 0, sg: [{ st: 0, d: 42_000, m: { name: "clip.mp4", reference_id: up.reference_id, has_audio: true } }] },
    ]);
    const other = await backend.generateTrack({ prompt: "Short one", duration_seconds: 2.5 }, ctx());
    const state = await backend.getState({ session_id: other.session_id }, ctx());
    expect(state.timeline_summary).toBe("Timeline (1 track): 1. BGM: Short one (0-2.5s, 100%)");
    expect(state.draft.t[0]?.sg[0]?.m).toMatchObject({ name: "Short one", volume: 1, version: 1 });
  });

  it("upload refuses relative, missing and non-file paths; credits count what was made", async () => {
    await expect(backend.uploadReference({ path: "relative/x.mp4" }, ctx())).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    await expect(backend.uploadReference({ path: join(root, "missing.mp4") }, ctx())).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(backend.uploadReference({ path: root }, ctx())).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await backend.generateTrack({ prompt: "One", duration_seconds: 3 }, ctx());
    await backend.generateTrack({ prompt: "Two", duration_seconds: 5 }, ctx());
    const credits = creditsOutputSchema.parse(await backend.getCredits(ctx()));
    expect(credits).toMatchObject({ unlimited: true, usage: { tracks: 2, seconds_rendered: 8 } });
  });

  it("refuses malformed ids everywhere and unknown sessions with NOT_FOUND", async () => {
    const bad = ["../x", "..", "a/b", "a\\b", ".hidden", "", "x".repeat(200), "ok\u0000", "é"];
    for (const id of bad) {
      await expect(backend.getState({ session_id: id }, ctx())).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
      await expect(backend.exportTrack({ session_id: id }, ctx())).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
      await expect(backend.generateTrack({ prompt: "x", session_id: id }, ctx())).rejects.toMatchObject({
        code: "INVALID_ARGUMENT",
      });
      await expect(backend.generateTrack({ prompt: "x", reference_id: id }, ctx())).rejects.toMatchObject({
        code: "INVALID_ARGUMENT",
      });
    }
    await expect(backend.getState({ session_id: "s_nope" }, ctx())).rejects.toMatchObject({
      code: "NOT_FOUND",
      details: { missing: "session" },
    });
    const v1 = await backend.generateTrack({ prompt: "Ids", formats: ["mid"] }, ctx());
    await expect(
      backend.exportTrack({ session_id: v1.session_id, track_id: "s_other_v1" }, ctx()),
    ).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(backend.exportTrack({ session_id: v1.session_id, version: 4 }, ctx())).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(backend.getState({ session_id: v1.session_id, version: 4 }, ctx())).rejects.toMatchObject({
      code: "NOT_FOUND",
      details: { missing: "version" },
    });
    await expect(backend.generateTrack({ prompt: "   " }, ctx())).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(readdirSync(root).sort()).toEqual(["data", "out"]);
  });

  it("a cancelled generation leaves no version and no files", async () => {
    const v1 = await backend.generateTrack({ prompt: "Keep" }, ctx());
    const before = readdirSync(join(root, "out")).sort();
    const controller = new AbortController();
    const slow = new LocalBackend(testConfig(root), { stages: fakeStages(log, { renderMs: 200 }) });
    const running = slow.generateTrack(
      { prompt: "more", session_id: v1.session_id },
      plainContext({ signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 60);
    await expect(running).rejects.toMatchObject({ code: "CANCELLED" });
    expect(readdirSync(join(root, "out")).sort()).toEqual(before);
    const state = await slow.getState({ session_id: v1.session_id }, ctx());
    expect(state.versions).toHaveLength(1);
  });
});
