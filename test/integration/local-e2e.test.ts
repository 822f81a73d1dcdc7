/**
 * End to end through the real stages (plan → compose → synthesize → master → encode) and the session
 * store: generate, refine, go back, re-master on export, stems, and 8 generations at once.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plainContext } from "../../src/backend/music-backend.js";
import { exportOutputSchema, generateOutputSchema, stateOutputSchema } from "../../src/backend/schemas.js";
import { analyzePcm, decodeWav } from "../../src/engine/analyze/index.js";
import { LocalBackend } from "../../src/engine/local-backend.js";
import { testConfig } from "../unit/engine/sessions/fake-stages.js";

const ctx = () => plainContext();

function loudnessOf(path: string): number | undefined {
  return analyzePcm(decodeWav(new Uint8Array(readFileSync(path)))).analysis.loudnessLufs;
}

describe("local engine end to end", () => {
  let root: string;
  let backend: LocalBackend;
  let sessionId = "";
  let firstWav = "";
  let firstBpm = 0;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "composer-e2e-"));
    backend = new LocalBackend(testConfig(root));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("composes a version with files, pictures and a state that reads like a timeline", async () => {
    const result = generateOutputSchema.parse(
      await backend.generateTrack(
        {
          prompt: "Upbeat pop with piano, bass and drums at 118 BPM",
          duration_seconds: 8,
          seed: 11,
        },
        ctx(),
      ),
    );
    sessionId = result.session_id;
    firstBpm = result.bpm ?? 0;
    expect(result.version).toBe(1);
    expect(result.duration_seconds).toBeCloseTo(8, 1);
    expect(result.files.map((f) => f.format).sort()).toEqual(["mid", "mp3", "png", "png", "wav"]);
    for (const f of result.files) expect(statSync(f.path).size).toBe(f.bytes);
    firstWav = result.files.find((f) => f.format === "wav")?.path ?? "";
    expect(loudnessOf(firstWav)).toBeCloseTo(-14, 0);
    for (const f of result.files.filter((x) => x.kind === "image")) {
      const png = PNG.sync.read(readFileSync(f.path));
      expect(png.width).toBe(1200);
    }
    const state = stateOutputSchema.parse(await backend.getState({ session_id: sessionId }, ctx()));
    expect(state.timeline_summary).toMatch(/^Timeline \(1 track\): 1\. BGM: .+ \(0-8s, 100%\)$/);
    expect(state.sections?.length).toBeGreaterThan(0);
  });

  it("refines the latest version and goes back to the first, reproducing it exactly", async () => {
    const v2 = await backend.generateTrack(
      { prompt: "slightly slower", session_id: sessionId, formats: ["wav"] },
      ctx(),
    );
    expect(v2.version).toBe(2);
    expect(v2.bpm).toBeLessThan(firstBpm);
    const v3 = await backend.generateTrack(
      { prompt: "go back to version 1", session_id: sessionId, formats: ["wav"] },
      ctx(),
    );
    expect(v3.version).toBe(3);
    expect(v3.bpm).toBe(firstBpm);
    const wav3 = v3.files.find((f) => f.format === "wav")?.path ?? "";
    expect(readFileSync(wav3).equals(readFileSync(firstWav))).toBe(true);
  });

  it("exports the same master again, re-mastered to -23 LUFS, at 48 kHz/16-bit, in every format and as stems, without overwriting", async () => {
    const same = await backend.exportTrack({ session_id: sessionId, version: 1, formats: ["wav"] }, ctx());
    expect(same.files[0]?.path).not.toBe(firstWav);
    expect(readFileSync(same.files[0]?.path ?? "").equals(readFileSync(firstWav))).toBe(true);
    const quiet = exportOutputSchema.parse(
      await backend.exportTrack({ session_id: sessionId, version: 1, lufs: -23, formats: ["wav"] }, ctx()),
    );
    const quietWav = quiet.files[0]?.path ?? "";
    expect(quietWav).not.toBe(firstWav);
    expect(loudnessOf(quietWav)).toBeCloseTo(-23, 0);
    const hd = await backend.exportTrack(
      { session_id: sessionId, version: 1, sample_rate: 48000, bit_depth: 16, formats: ["wav"] },
      ctx(),
    );
    const decoded = decodeWav(new Uint8Array(readFileSync(hd.files[0]?.path ?? "")));
    expect(decoded.sampleRate).toBe(48000);
    expect(decoded.channels[0]?.length ?? 0).toBeCloseTo(8 * 48000, -2);
    // 16-bit stereo: four bytes a frame, plus headers and markers.
    const frames = decoded.channels[0]?.length ?? 0;
    expect((hd.files[0]?.bytes ?? 0) - frames * 4).toBeGreaterThanOrEqual(44);
    expect((hd.files[0]?.bytes ?? 0) - frames * 4).toBeLessThan(4096);
    const many = await backend.exportTrack(
      { session_id: sessionId, formats: ["flac", "ogg", "m4a", "aac", "mid"], stems: true },
      ctx(),
    );
    expect(many.files.filter((f) => f.kind === "stem").map((f) => f.role)).toEqual([
      "drums",
      "bass",
      "harmony",
      "melody",
      "fx",
    ]);
    expect(many.files.filter((f) => f.kind !== "stem").map((f) => f.format)).toEqual([
      "flac",
      "ogg",
      "m4a",
      "aac",
      "mid",
    ]);
    expect(many.files.filter((f) => f.kind === "stem").every((f) => f.format === "flac")).toBe(true);
    for (const f of many.files) expect(statSync(f.path).size).toBe(f.bytes);
  });

  it("8 concurrent generations on new sessions all succeed", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        backend.generateTrack(
          { prompt: `lo-fi beat number ${i + 1}`, duration_seconds: 4, formats: ["wav"], seed: i },
          ctx(),
        ),
      ),
    );
    expect(results.every((r) => r.status === "done" && r.version === 1)).toBe(true);
    expect(new Set(results.map((r) => r.session_id)).size).toBe(8);
  });
});
