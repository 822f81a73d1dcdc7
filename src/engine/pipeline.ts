/**
 * Brief → Plan → Score → Stems → Master → files. The one place the stages meet.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Progress } from "../backend/music-backend.js";
import type { GenerateInput, GenerateResult, OutputFile } from "../backend/schemas.js";
import type { Config } from "../config.js";
import { compose } from "./compose/index.js";
import { encodeAudio } from "./encode/index.js";
import { scoreToMidi } from "./encode/midi.js";
import { masterTrack } from "./master/index.js";
import { interpret } from "./plan/index.js";
import { renderStems } from "./synthesize/index.js";
import type { AudioFormat, Plan, PlanOverrides } from "./types.js";

export interface PipelineOptions {
  config: Config;
  previous: Plan | undefined;
  sessionId: string;
  version: number;
  signal: AbortSignal;
  report(progress: Progress): void;
}

export interface PipelineOutput {
  plan: Plan;
  result: GenerateResult;
}

export const DEFAULT_FORMATS = ["wav", "mp3", "mid"] as const;
const SAMPLE_RATE = 44100;

export function overridesOf(input: GenerateInput): PlanOverrides {
  const o: PlanOverrides = {};
  if (input.duration_seconds !== undefined) o.durationSeconds = input.duration_seconds;
  if (input.bpm !== undefined) o.bpm = input.bpm;
  if (input.key !== undefined) o.key = input.key;
  if (input.time_signature !== undefined) o.timeSignature = input.time_signature;
  if (input.loop !== undefined) o.loop = input.loop;
  if (input.seed !== undefined) o.seed = input.seed;
  if (input.lufs !== undefined) o.lufs = input.lufs;
  return o;
}

function slug(title: string): string {
  const s = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48);
  return s || "track";
}

export async function runPipeline(input: GenerateInput, options: PipelineOptions): Promise<PipelineOutput> {
  options.report({ progress: 0.02, message: "reading the brief" });
  const { plan, understood, ignored, changes } = interpret(input.prompt, {
    ...(options.previous ? { previous: options.previous } : {}),
    overrides: overridesOf(input),
  });
  options.report({ progress: 0.08, message: "composing" });
  const score = compose(plan);
  const outDir = options.config.outputDir;
  await mkdir(outDir, { recursive: true });
  const base = join(outDir, `${slug(plan.title)}-${options.sessionId.slice(-6)}-v${options.version}`);
  const files: OutputFile[] = [];
  const formats = input.formats ?? [...DEFAULT_FORMATS];
  if (formats.includes("mid")) {
    const midi = scoreToMidi(score);
    await writeFile(`${base}.mid`, midi, { flag: "wx" });
    files.push({ path: `${base}.mid`, format: "mid", bytes: midi.byteLength, kind: "midi" });
  }
  const audioFormats = formats.filter((f): f is AudioFormat => f !== "mid" && f !== "mp4");
  if (audioFormats.length > 0) {
    options.report({ progress: 0.15, message: "rendering" });
    const stems = await renderStems(score, {
      sampleRate: SAMPLE_RATE,
      soundfont: options.config.soundfont,
      signal: options.signal,
      onProgress: (f) => options.report({ progress: 0.15 + 0.6 * f, message: "rendering" }),
    });
    options.report({ progress: 0.8, message: "mastering" });
    const mastered = masterTrack(stems, score, { lufs: plan.lufs });
    for (const format of audioFormats) {
      const bytes = await encodeAudio(mastered.mix, format, {
        title: plan.title,
        markers: score.sections.map((s) => ({ name: s.name, at: s.start })),
        loop: score.loop,
        ffmpeg: options.config.ffmpeg,
        signal: options.signal,
      });
      await writeFile(`${base}.${format}`, bytes, { flag: "wx" });
      files.push({ path: `${base}.${format}`, format, bytes: bytes.byteLength, kind: "mix" });
    }
  }
  options.report({ progress: 1, message: "done" });
  const key = `${plan.key.tonic} ${plan.key.mode}`;
  const sections = score.sections.map((s) => ({ name: s.name, start_seconds: s.start, end_seconds: s.end }));
  const instruments = [...new Set(score.parts.map((p) => p.name))];
  const summary = [
    `"${plan.title}": ${Math.round(score.duration)} s of ${plan.style} at ${Math.round(score.bpm)} BPM in ${key}, ${plan.meter.beatsPerBar}/${plan.meter.beatUnit}.`,
    `Sections: ${sections.map((s) => `${s.name} ${s.start_seconds.toFixed(1)}–${s.end_seconds.toFixed(1)} s`).join(", ")}.`,
    `Instruments: ${instruments.join(", ")}.`,
    understood.length ? `Understood: ${understood.join("; ")}.` : "",
    ignored.length ? `Not used: ${ignored.join("; ")}.` : "",
    changes.length ? `Changed: ${changes.join("; ")}.` : "",
  ]
    .filter(Boolean)
    .join("\n");
  return {
    plan,
    result: {
      session_id: options.sessionId,
      status: "done",
      track_id: `${options.sessionId}_v${options.version}`,
      version: options.version,
      title: plan.title,
      summary,
      duration_seconds: score.duration,
      bpm: score.bpm,
      key,
      time_signature: `${plan.meter.beatsPerBar}/${plan.meter.beatUnit}`,
      sections,
      instruments,
      files,
      understood,
      ignored,
      changes,
    },
  };
}
