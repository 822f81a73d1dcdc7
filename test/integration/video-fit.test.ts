/**
 * Fitting music to a video through the local backend: the track lasts as long as the video, its sections
 * or accents fall on the cuts, and the mp4 export carries the picture with the music under it.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plainContext } from "../../src/backend/music-backend.js";
import { loadConfig } from "../../src/config.js";
import { LocalBackend } from "../../src/engine/local-backend.js";
import { type TempEnv, tempEnv } from "../support/env.js";
import { ffprobe, hasFfmpeg, makeColourVideo } from "../support/media.js";

const CUTS = [3.2, 7.9, 12.0, 16.4];
const DURATION = 20;
const FPS = 25;
const TOLERANCE = 0.08;

describe.skipIf(!hasFfmpeg())("music fitted to a video", () => {
  let temp: TempEnv;
  let backend: LocalBackend;
  let video: string;

  beforeAll(() => {
    temp = tempEnv();
    backend = new LocalBackend(loadConfig(temp.env));
    video = join(temp.root, "clip.mp4");
    const colours = ["red", "blue", "green", "yellow", "purple"];
    const bounds = [0, ...CUTS, DURATION];
    makeColourVideo(
      video,
      colours.map((colour, i) => ({ colour, seconds: (bounds[i + 1] ?? 0) - (bounds[i] ?? 0) })),
      { fps: FPS },
    );
  });
  afterAll(async () => {
    await backend?.close();
    temp?.cleanup();
  });

  it("composes to the video's length with a section change or accent on every cut, and exports an mp4", async () => {
    const uploaded = await backend.uploadReference({ path: video }, plainContext());
    expect(uploaded.kind).toBe("video");
    const cuts = uploaded.analysis.scene_cuts_seconds as number[];
    expect(cuts).toHaveLength(CUTS.length);

    const made = await backend.generateTrack(
      {
        prompt: "upbeat electronic music for this clip",
        session_id: uploaded.session_id,
        reference_id: uploaded.reference_id,
        formats: ["wav", "mid"],
      },
      plainContext(),
    );
    expect(made.duration_seconds).toBeCloseTo(DURATION, 1);
    const boundaries = (made.sections ?? []).map((s) => s.start_seconds);
    const midi = made.files.find((f) => f.format === "mid");
    expect(midi).toBeDefined();
    const { Midi } = await import("@tonejs/midi");
    const { readFileSync } = await import("node:fs");
    const parsed = new Midi(readFileSync(midi!.path));
    // Accents: crashes (49, 57) and any drum or fx note starting on the cut count too.
    const accents = parsed.tracks.flatMap((t) => t.notes.filter((n) => n.velocity > 0.5).map((n) => n.time));
    const landed = cuts.filter(
      (cut) =>
        boundaries.some((b) => Math.abs(b - cut) <= TOLERANCE) || accents.some((a) => Math.abs(a - cut) <= TOLERANCE),
    );
    expect(landed.length / cuts.length).toBeGreaterThanOrEqual(0.9);
    const onSections = cuts.filter((cut) => boundaries.some((b) => Math.abs(b - cut) <= TOLERANCE));
    expect(onSections.length).toBeGreaterThanOrEqual(1);

    const exported = await backend.exportTrack({ session_id: uploaded.session_id, formats: ["mp4"] }, plainContext());
    const mp4 = exported.files.find((f) => f.format === "mp4");
    expect(mp4?.kind).toBe("video");
    const probe = ffprobe(mp4!.path);
    expect(probe.streams.map((s) => s.codec_type).sort()).toEqual(["audio", "video"]);
    expect(Math.abs(probe.durationSeconds - DURATION)).toBeLessThanOrEqual(1 / FPS + 0.03);
    expect(spawnSync("ffmpeg", ["-v", "error", "-i", mp4!.path, "-f", "null", "-"]).status).toBe(0);
  });
});
