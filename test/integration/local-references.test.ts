/**
 * References through the local backend with the real import stage (analysis of files the test makes):
 * upload creates or joins a session, survives a restart, reaches the planner, and an uploaded video
 * shows in the timeline. The other stages are the fast stand-ins.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plainContext } from "../../src/backend/music-backend.js";
import { stateOutputSchema, uploadOutputSchema } from "../../src/backend/schemas.js";
import { LocalBackend } from "../../src/engine/local-backend.js";
import { DEFAULT_STAGES } from "../../src/engine/pipeline.js";
import { clickTrack, ffprobe, hasFfmpeg, makeColourVideo, writeWav } from "../support/media.js";
import { type FakeLog, fakeStages, newLog, testConfig } from "../unit/engine/sessions/fake-stages.js";

let root: string;
let log: FakeLog;
const ctx = () => plainContext();
const make = () =>
  new LocalBackend(testConfig(root), {
    stages: {
      ...fakeStages(log, { realWav: true }),
      importReference: DEFAULT_STAGES.importReference,
      muxMusicUnderVideo: DEFAULT_STAGES.muxMusicUnderVideo,
    },
  });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "composer-refs-"));
  log = newLog();
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("references in local sessions", () => {
  it("an uploaded audio file starts a session, reaches the planner and survives a restart", async () => {
    const wav = join(root, "groove.wav");
    const click = clickTrack(120, 8, 22050);
    writeWav(wav, [click, click], 22050);
    const first = make();
    const up = uploadOutputSchema.parse(await first.uploadReference({ path: wav }, ctx()));
    expect(up.kind).toBe("audio");
    expect(up.reference_id).toMatch(/^ref_/);
    const track = await first.generateTrack({ prompt: "like the reference", reference_id: up.reference_id }, ctx());
    expect(track.session_id).toBe(up.session_id);
    expect(log.interpret[0]?.reference).toMatchObject({ kind: "audio" });

    const second = make();
    const state = stateOutputSchema.parse(await second.getState({ session_id: up.session_id }, ctx()));
    expect(state.references.map((r) => r.reference_id)).toEqual([up.reference_id]);
    expect(state.references[0]?.name).toBe("groove.wav");
    await second.generateTrack({ prompt: "faster", session_id: up.session_id }, ctx());
    // Version 1 was fitted to the reference already; the edit is not re-fitted (it would undo edits).
    expect(log.interpret[1]?.previous?.title).toBe("like the reference");
    expect(log.interpret[1]?.reference).toBeUndefined();
    const wav2 = join(root, "second.wav");
    writeWav(wav2, [click], 22050);
    await second.uploadReference({ path: wav2, session_id: up.session_id }, ctx());
    await second.generateTrack({ prompt: "fit the new one", session_id: up.session_id }, ctx());
    expect(log.interpret[2]?.reference).toMatchObject({ kind: "audio" });
  });

  it("a reference from another session is copied in, leaving the original where it was", async () => {
    const wav = join(root, "a.wav");
    const click = clickTrack(100, 4, 22050);
    writeWav(wav, [click], 22050);
    const backend = make();
    const up = await backend.uploadReference({ path: wav }, ctx());
    const other = await backend.generateTrack({ prompt: "Other" }, ctx());
    await backend.generateTrack(
      { prompt: "use it", session_id: other.session_id, reference_id: up.reference_id },
      ctx(),
    );
    const state = await backend.getState({ session_id: other.session_id }, ctx());
    expect(state.references).toHaveLength(1);
    expect(state.references[0]?.reference_id).not.toBe(up.reference_id);
    expect((await backend.getState({ session_id: up.session_id }, ctx())).references).toHaveLength(1);
  });

  it("unsupported, empty and relative uploads are refused without creating files", async () => {
    const backend = make();
    await expect(backend.uploadReference({ path: "../../etc/passwd" }, ctx())).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    await expect(backend.uploadReference({ path: "/etc/passwd" }, ctx())).rejects.toMatchObject({
      code: "UNSUPPORTED_FORMAT",
    });
    await expect(backend.uploadReference({ path: "/dev/null" }, ctx())).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
  });

  it.skipIf(!hasFfmpeg())("an uploaded video is track 1 of the timeline", async () => {
    const video = join(root, "beach.mp4");
    makeColourVideo(video, [
      { colour: "blue", seconds: 2 },
      { colour: "yellow", seconds: 2 },
    ]);
    const backend = make();
    const up = await backend.uploadReference({ path: video }, ctx());
    expect(up.kind).toBe("video");
    const track = await backend.generateTrack({ prompt: "Beach", session_id: up.session_id }, ctx());
    const state = stateOutputSchema.parse(await backend.getState({ session_id: up.session_id }, ctx()));
    expect(state.timeline_summary).toBe(
      `Timeline (2 tracks): 1. Video: beach.mp4 (0-4s) 2. BGM: Beach (0-${Math.round(track.duration_seconds ?? 0)}s, 100%)`,
    );
    expect(state.draft.t[0]).toMatchObject({ tt: 0, sg: [{ st: 0, d: 4000 }] });
  });

  it.skipIf(!hasFfmpeg())("export mp4 lays the music under the uploaded video, never overwriting", async () => {
    const video = join(root, "talk.mp4");
    makeColourVideo(
      video,
      [
        { colour: "red", seconds: 1.5 },
        { colour: "green", seconds: 1.5 },
      ],
      { withAudio: true },
    );
    const backend = make();
    const up = await backend.uploadReference({ path: video }, ctx());
    const track = await backend.generateTrack(
      { prompt: "Talk bed", session_id: up.session_id, formats: ["wav", "mp4"] },
      ctx(),
    );
    const mp4 = track.files.find((f) => f.format === "mp4");
    expect(mp4).toMatchObject({ kind: "video" });
    const again = await backend.exportTrack({ session_id: up.session_id, formats: ["mp4"], bgm_volume: 0.5 }, ctx());
    expect(again.files[0]?.path).toBe(mp4?.path.replace(/\.mp4$/, "-2.mp4"));
    for (const f of [mp4, again.files[0]]) {
      const probe = ffprobe(f?.path ?? "");
      expect(probe.streams.map((st) => st.codec_type).sort()).toEqual(["audio", "video"]);
      expect(probe.durationSeconds).toBeCloseTo(3, 0);
    }
    const state = await backend.getState({ session_id: up.session_id }, ctx());
    expect(state.timeline_summary).toMatch(/^Timeline \(2 tracks\): 1\. Video: talk\.mp4 \(0-3s\) 2\. BGM: .*, 35%\)$/);
  });
});
