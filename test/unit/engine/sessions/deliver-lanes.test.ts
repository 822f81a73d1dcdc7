/**
 * deliver() writes in two lanes side by side: files encoded away from this thread (MP3/Ogg on the encoder
 * workers, M4A/AAC and video in ffmpeg) one after another, and this thread's files (WAV, FLAC, MIDI, pictures)
 * meanwhile. These tests watch the order of the stand-in encoders' starts and ends.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ExportFormat } from "../../../../src/backend/schemas.js";
import type { Stages } from "../../../../src/engine/pipeline.js";
import { deliver } from "../../../../src/engine/sessions/deliver.js";
import { ComposerError, ROLES, type Role, type StereoBuffer } from "../../../../src/engine/types.js";
import { fakePlan, fakeScore, fakeStages, newLog } from "./fake-stages.js";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

function buffer(): StereoBuffer {
  return { sampleRate: 44100, left: new Float32Array(441), right: new Float32Array(441) };
}

interface Watch {
  events: string[];
  away: number;
  maxAway: number;
}

interface Timing {
  /** How long each MP3/Ogg encode takes. */
  awayMs?: number;
  /** How long each WAV encode takes. */
  hereMs?: number;
  /** An MP3 encode waits (up to 2 s) until this many WAVs are done: it ends at once if the lanes run in turn. */
  awaitWavs?: number;
  fail?: string;
  failMs?: number;
}

/** Stand-in stages that log when each encode starts and ends. */
function watchedStages(watch: Watch, opts: Timing = {}): Stages {
  const base = fakeStages(newLog());
  const wavsDone = () => watch.events.filter((e) => e === "end wav").length;
  return {
    ...base,
    async encodeAudio(b, format, options) {
      const away = format === "mp3" || format === "ogg";
      watch.events.push(`start ${format}`);
      if (away) watch.maxAway = Math.max(watch.maxAway, ++watch.away);
      try {
        if (format === opts.fail) {
          await tick(opts.failMs ?? 0);
          throw new ComposerError("INTERNAL", `the ${format} encoder broke`);
        }
        if (away) await tick(opts.awayMs ?? 1);
        if (format === "wav") await tick(opts.hereMs ?? 0);
        for (let waited = 0; format === "mp3" && waited < 2000 && wavsDone() < (opts.awaitWavs ?? 0); waited += 5) {
          await tick(5);
        }
        return await base.encodeAudio(b, format, options);
      } finally {
        if (away) watch.away--;
        watch.events.push(`end ${format}`);
      }
    },
    scoreToMidi(score) {
      watch.events.push("midi");
      return base.scoreToMidi(score);
    },
    async muxMusicUnderVideo(options) {
      watch.events.push(`mux ${options.music}`);
      return base.muxMusicUnderVideo(options);
    },
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "composer-lanes-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function request(formats: ExportFormat[], extra: { stems?: boolean; video?: boolean } = {}) {
  const score = fakeScore(fakePlan("lanes"));
  const stems = extra.stems
    ? (Object.fromEntries(ROLES.map((r) => [r, buffer()])) as Record<Role, StereoBuffer>)
    : undefined;
  return {
    dir: join(dir, "out"),
    stem: "lanes-v1",
    formats,
    mix: buffer(),
    stems,
    score,
    pictures: [{ name: "waveform", png: new Uint8Array([1, 2, 3]) }],
    ...(extra.video ? { video: { path: join(dir, "clip.mp4"), hasAudio: false, bgmVolume: 1 } } : {}),
    ffmpeg: "ffmpeg",
    signal: new AbortController().signal,
  };
}

describe("deliver in two lanes", () => {
  it("writes the WAVs while the MP3 encodes, and lists the files in the order asked for", async () => {
    const watch: Watch = { events: [], away: 0, maxAway: 0 };
    const progress: number[] = [];
    const files = await deliver(watchedStages(watch, { awaitWavs: 6 }), {
      ...request(["wav", "mp3", "mid"], { stems: true }),
      onProgress: (f) => progress.push(f),
    });
    // every WAV (mix and five stems) was encoded before the MP3 finished
    const mp3End = watch.events.indexOf("end mp3");
    const wavEnds = watch.events.flatMap((e, i) => (e === "end wav" ? [i] : []));
    expect(wavEnds).toHaveLength(6);
    expect(Math.max(...wavEnds)).toBeLessThan(mp3End);
    expect(files.map((f) => `${f.kind}:${f.format}`)).toEqual([
      "mix:wav",
      "mix:mp3",
      "midi:mid",
      ...ROLES.map(() => "stem:wav"),
      "image:png",
    ]);
    expect(new Set(readdirSync(join(dir, "out")))).toEqual(new Set(files.map((f) => f.path.split("/").at(-1))));
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it("never runs two encodes on the encoder workers at once", async () => {
    const watch: Watch = { events: [], away: 0, maxAway: 0 };
    const files = await deliver(watchedStages(watch, { awayMs: 5 }), request(["ogg", "mp3", "wav"], { stems: true }));
    expect(watch.maxAway).toBe(1);
    expect(files.filter((f) => f.kind === "stem").every((f) => f.format === "ogg")).toBe(true);
  });

  it("a failure in one lane stops the other and removes every file either wrote", async () => {
    const watch: Watch = { events: [], away: 0, maxAway: 0 };
    const stages = watchedStages(watch, { fail: "mp3", failMs: 5, hereMs: 40 });
    await expect(deliver(stages, request(["mp3", "wav", "mid"], { stems: true }))).rejects.toThrow(/mp3 encoder broke/);
    expect(readdirSync(join(dir, "out"))).toEqual([]);
    // this thread's lane finished the WAV it had begun, then stopped: the MIDI after it was never made
    expect(watch.events).toContain("end wav");
    expect(watch.events).not.toContain("midi");
  });

  it("the video waits for the mix WAV and lays it under the picture", async () => {
    const watch: Watch = { events: [], away: 0, maxAway: 0 };
    const files = await deliver(watchedStages(watch), request(["mp4", "wav"], { video: true }));
    const wav = files.find((f) => f.format === "wav")!;
    expect(watch.events).toContain(`mux ${wav.path}`);
    expect(watch.events.indexOf(`mux ${wav.path}`)).toBeGreaterThan(watch.events.indexOf("end wav"));
    expect(files.map((f) => f.format)).toEqual(["wav", "mp4", "png"]);
  });

  it("a mix WAV that fails does not leave the video waiting: the failure comes back, nothing is kept", async () => {
    const watch: Watch = { events: [], away: 0, maxAway: 0 };
    const stages = watchedStages(watch, { fail: "wav" });
    await expect(deliver(stages, request(["mp4", "wav", "mp3"], { video: true }))).rejects.toThrow(/wav encoder broke/);
    expect(readdirSync(join(dir, "out"))).toEqual([]);
  });

  it("a failure before the mix WAV's turn does not leave the video waiting for it", async () => {
    const watch: Watch = { events: [], away: 0, maxAway: 0 };
    const stages: Stages = {
      ...watchedStages(watch),
      scoreToMidi: () => {
        throw new ComposerError("INTERNAL", "the MIDI writer broke");
      },
    };
    await expect(deliver(stages, request(["mid", "wav", "mp4"], { video: true }))).rejects.toThrow(/MIDI writer/);
    expect(watch.events.some((e) => e.startsWith("mux"))).toBe(false);
    expect(readdirSync(join(dir, "out"))).toEqual([]);
  });

  it("a cancel that lands while the MIDI is written stops the mix WAV, releases the waiting video, keeps nothing", async () => {
    const watch: Watch = { events: [], away: 0, maxAway: 0 };
    const controller = new AbortController();
    const base = watchedStages(watch);
    const stages: Stages = {
      ...base,
      scoreToMidi: (score) => {
        controller.abort();
        return base.scoreToMidi(score);
      },
    };
    const settledIn = Promise.race([
      deliver(stages, { ...request(["mid", "wav", "mp4"], { video: true }), signal: controller.signal }).then(
        () => "resolved",
        (error: unknown) => (error as ComposerError).code,
      ),
      tick(3000).then(() => "hung"),
    ]);
    expect(await settledIn).toBe("CANCELLED");
    expect(watch.events.some((e) => e.startsWith("mux"))).toBe(false);
    expect(readdirSync(join(dir, "out"))).toEqual([]);
  });

  it("draws a picture given as a function in this thread's lane, after the MP3 has started, and writes it", async () => {
    const watch: Watch = { events: [], away: 0, maxAway: 0 };
    const png = new Uint8Array([137, 80, 78, 71, 7]);
    const files = await deliver(watchedStages(watch, { awayMs: 20 }), {
      ...request(["mp3", "wav"]),
      pictures: [
        {
          name: "waveform",
          png: () => {
            watch.events.push("draw");
            return png;
          },
        },
      ],
    });
    expect(watch.events.indexOf("draw")).toBeGreaterThan(watch.events.indexOf("start mp3"));
    const picture = files.find((f) => f.kind === "image")!;
    expect(picture.bytes).toBe(png.byteLength);
    expect(new Uint8Array(readFileSync(picture.path))).toEqual(png);
  });
});
