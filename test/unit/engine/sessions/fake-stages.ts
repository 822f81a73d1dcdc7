/**
 * Stand-in engine stages for the session tests: small, fast and observable. The fake encoders write a
 * JSON header describing what they were asked for (format, rate, bit depth, peak), so tests can check that
 * export passed overrides through and re-mastered, without real codecs.
 */
import { copyFile, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import type { Config } from "../../../../src/config.js";
import type { Stages, StoredReference } from "../../../../src/engine/pipeline.js";
import {
  ComposerError,
  NEUTRAL_MIX,
  type Plan,
  ROLES,
  type Role,
  type Score,
  type StereoBuffer,
} from "../../../../src/engine/types.js";

export interface FakeLog {
  interpret: { brief: string; previous: Plan | undefined; reference: unknown }[];
  renders: number;
  /** The SoundFont each render was asked to use. */
  soundfonts: (string | undefined)[];
  /** Most renders in flight at once. */
  maxInFlight: number;
  inFlight: number;
  encodes: { format: string; sampleRate?: number | undefined; bitDepth?: number | undefined }[];
}

export function fakePlan(brief: string, previous?: Plan, seed = 7): Plan {
  const slower = /slower/i.test(brief);
  return {
    title:
      previous?.title ??
      (brief
        .replace(/[^A-Za-z ]/g, "")
        .trim()
        .slice(0, 30) ||
        "Untitled"),
    style: "pop",
    moods: [],
    energy: 0.5,
    energyCurve: [0.4, 0.6],
    bpm: previous ? (slower ? Math.round(previous.bpm * 0.93) : previous.bpm) : 120,
    key: { tonic: "C", mode: "major" },
    meter: { beatsPerBar: 4, beatUnit: 4 },
    durationSeconds: previous?.durationSeconds ?? 2,
    instruments: [],
    excluded: [],
    mutedRoles: [],
    form: null,
    introBars: null,
    hits: [],
    loop: false,
    ending: "cadence",
    swing: 0.5,
    lufs: previous?.lufs ?? -14,
    useCase: null,
    mix: NEUTRAL_MIX,
    seed: previous?.seed ?? seed,
    language: "en",
    explicit: [],
  };
}

function sine(seconds: number, sampleRate: number, hz: number, amp: number): StereoBuffer {
  const n = Math.round(seconds * sampleRate);
  const left = new Float32Array(n);
  for (let i = 0; i < n; i++) left[i] = amp * Math.sin((2 * Math.PI * hz * i) / sampleRate);
  return { sampleRate, left, right: left.slice() };
}

function sumOf(buffers: StereoBuffer[], sampleRate: number): StereoBuffer {
  const n = Math.max(0, ...buffers.map((b) => b.left.length));
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  for (const b of buffers) {
    for (let i = 0; i < b.left.length; i++) {
      left[i] = (left[i] ?? 0) + (b.left[i] ?? 0);
      right[i] = (right[i] ?? 0) + (b.right[i] ?? 0);
    }
  }
  return { sampleRate, left, right };
}

export function fakeScore(plan: Plan): Score {
  const d = plan.durationSeconds;
  const part = (role: Role, pitch: number) => ({
    id: role,
    name: role === "drums" ? "Drum kit" : `${role[0]?.toUpperCase()}${role.slice(1)}`,
    role,
    voice: role,
    family: role === "drums" ? ("drums" as const) : ("synth" as const),
    program: 0,
    isDrum: role === "drums",
    notes: Array.from({ length: 8 }, (_, i) => ({
      pitch: pitch + (i % 4),
      start: (i * d) / 8,
      duration: d / 16,
      velocity: 0.8,
    })),
    gainDb: 0,
    pan: 0,
    reverbSend: 0,
  });
  return {
    title: plan.title,
    style: plan.style,
    bpm: plan.bpm,
    tempoMap: [{ beat: 0, time: 0, bpm: plan.bpm }],
    meter: plan.meter,
    key: plan.key,
    duration: d,
    sections: [
      { name: "Intro", kind: "intro", start: 0, end: d / 2, startBar: 0, bars: 1, energy: 0.4 },
      { name: "Chorus", kind: "chorus", start: d / 2, end: d, startBar: 1, bars: 1, energy: 0.8 },
    ],
    parts: [part("drums", 36), part("bass", 40), part("melody", 72)],
    hits: [],
    loop: plan.loop ? { start: 0, end: d } : null,
    ending: plan.ending,
    mix: plan.mix,
    lufs: plan.lufs,
    swing: plan.swing,
    seed: plan.seed,
  };
}

export interface FakeOptions {
  /** Milliseconds each render takes (lets concurrency be observed). */
  renderMs?: number;
  /** Encode WAV as a real 16-bit PCM file (so ffmpeg can read it), not the descriptive stand-in. */
  realWav?: boolean;
}

/** A real 16-bit stereo PCM WAV. */
export function pcm16Wav(buffer: StereoBuffer): Uint8Array {
  const n = buffer.left.length;
  const out = Buffer.alloc(44 + n * 4);
  out.write("RIFF", 0, "ascii");
  out.writeUInt32LE(36 + n * 4, 4);
  out.write("WAVEfmt ", 8, "ascii");
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(2, 22);
  out.writeUInt32LE(buffer.sampleRate, 24);
  out.writeUInt32LE(buffer.sampleRate * 4, 28);
  out.writeUInt16LE(4, 32);
  out.writeUInt16LE(16, 34);
  out.write("data", 36, "ascii");
  out.writeUInt32LE(n * 4, 40);
  const clip = (v: number) => Math.round(Math.max(-1, Math.min(1, v)) * 32767);
  for (let i = 0; i < n; i++) {
    out.writeInt16LE(clip(buffer.left[i] ?? 0), 44 + i * 4);
    out.writeInt16LE(clip(buffer.right[i] ?? 0), 46 + i * 4);
  }
  return new Uint8Array(out);
}

let referenceCounter = 0;

export function fakeStages(log: FakeLog, options: FakeOptions = {}): Stages {
  return {
    interpret(brief, opts) {
      log.interpret.push({ brief, previous: opts.previous, reference: opts.reference });
      const plan = fakePlan(brief, opts.previous, opts.overrides?.seed ?? 7);
      if (opts.overrides?.durationSeconds) plan.durationSeconds = opts.overrides.durationSeconds;
      if (opts.overrides?.lufs !== undefined) plan.lufs = opts.overrides.lufs;
      if (opts.reference?.durationSeconds) plan.durationSeconds = Math.min(4, opts.reference.durationSeconds);
      return { plan, understood: [`brief: ${brief}`], ignored: [], changes: opts.previous ? ["edited"] : [] };
    },
    compose: fakeScore,
    async renderStems(score, opts) {
      log.renders += 1;
      log.soundfonts.push(opts.soundfont);
      log.inFlight += 1;
      log.maxInFlight = Math.max(log.maxInFlight, log.inFlight);
      try {
        const steps = 4;
        for (let i = 0; i < steps; i++) {
          if (opts.signal?.aborted) throw new ComposerError("CANCELLED", "cancelled in render");
          await new Promise((r) => setTimeout(r, (options.renderMs ?? 0) / steps));
          opts.onProgress?.((i + 1) / steps);
        }
        const stems = Object.fromEntries(
          ROLES.map((role, i) => [role, sine(score.duration, opts.sampleRate, 110 * (i + 1), 0.1)]),
        ) as Record<Role, StereoBuffer>;
        if (opts.stems !== false) return { sampleRate: opts.sampleRate, stems, engine: "builtin" };
        // Mix only, like the real renderer: the stems come back empty.
        const mix = sumOf(Object.values(stems), opts.sampleRate);
        const none = { sampleRate: opts.sampleRate, left: new Float32Array(0), right: new Float32Array(0) };
        const empty = Object.fromEntries(ROLES.map((role) => [role, none])) as Record<Role, StereoBuffer>;
        return { sampleRate: opts.sampleRate, stems: empty, engine: "builtin", mix };
      } finally {
        log.inFlight -= 1;
      }
    },
    masterTrack(rendered, _score, { lufs }) {
      const gain = 10 ** ((lufs + 14) / 20);
      const scale = (b: StereoBuffer) => ({
        sampleRate: b.sampleRate,
        left: b.left.map((v) => v * gain),
        right: b.right.map((v) => v * gain),
      });
      const stems = Object.fromEntries(ROLES.map((role) => [role, scale(rendered.stems[role])])) as Record<
        Role,
        StereoBuffer
      >;
      const mix = scale(rendered.mix ?? sumOf(Object.values(rendered.stems), rendered.sampleRate));
      return { mix, stems, integratedLufs: lufs, truePeakDbtp: -1 };
    },
    async encodeAudio(buffer, format, opts) {
      log.encodes.push({ format, sampleRate: opts.sampleRate, bitDepth: opts.bitDepth });
      if (format === "wav" && options.realWav) return pcm16Wav(buffer);
      let peak = 0;
      for (const v of buffer.left) peak = Math.max(peak, Math.abs(v));
      // bufferRate: the rate of the audio the encoder was given (sampleRate: the rate it was asked to write)
      const header = JSON.stringify({
        format,
        sampleRate: opts.sampleRate,
        bufferRate: buffer.sampleRate,
        bitDepth: opts.bitDepth,
        peak,
      });
      return new TextEncoder().encode(`${header}\n${"x".repeat(Math.round(buffer.left.length / 100))}`);
    },
    scoreToMidi(score) {
      return new TextEncoder().encode(`MThd${JSON.stringify({ parts: score.parts.length })}`);
    },
    async importReference(source, opts) {
      const from = source.path;
      if (from === undefined) throw new ComposerError("NOT_AVAILABLE_YET", "no urls in the fake");
      const ext = extname(from).slice(1).toLowerCase();
      referenceCounter += 1;
      const reference_id = `r_fake${referenceCounter}`;
      const path = join(opts.destDir, `${reference_id}.${ext}`);
      await copyFile(from, path);
      const kind = ext === "mp4" ? "video" : ext === "png" ? "image" : "audio";
      return {
        reference_id,
        kind,
        format: ext as StoredReference["format"],
        bytes: 3,
        path,
        originalName: from.split("/").at(-1) ?? "file",
        analysis: { kind, durationSeconds: 42, hasAudio: true },
        summary: `A ${kind} reference.`,
        details: {},
      };
    },
    async muxMusicUnderVideo(opts) {
      await writeFile(opts.out, `MP4 video=${opts.video} music=${opts.music} bgm=${opts.bgmVolume}`);
      return { path: opts.out, bytes: 10, durationSeconds: 42 };
    },
  };
}

export function newLog(): FakeLog {
  return { interpret: [], renders: 0, soundfonts: [], maxInFlight: 0, inFlight: 0, encodes: [] };
}

export function testConfig(root: string): Config {
  return {
    backend: "local",
    outputDir: join(root, "out"),
    dataDir: join(root, "data"),
    soundfont: undefined,
    ffmpeg: "ffmpeg",
    logLevel: "warn",
  };
}
