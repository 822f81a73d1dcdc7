/**
 * generate_track in a session: pick the base plan (latest version, or the one the prompt goes back to),
 * interpret the brief against it, compose, render, master, then write the version — files first, manifest
 * last — and the deliverables. Cancelling or failing at any point leaves no version and no files behind.
 */
import { basename } from "node:path";
import type { CallContext } from "../../backend/music-backend.js";
import type { ExportFormat, GenerateInput, GenerateResult } from "../../backend/schemas.js";
import { ComposerError } from "../../errors.js";
import { log } from "../../log.js";
import { kernelsUnavailable } from "../dsp/kernels.js";
import { arrangementPicture, waveformPicture } from "../pictures/index.js";
import { DEFAULTS, overridesOf, preMasterSources, renderScore, throwIfAborted } from "../pipeline.js";
import { usesSoundfont } from "../synthesize/soundfont/render.js";
import type { Interpretation, Plan, RenderedStems, Score } from "../types.js";
import { type Engine, inBackground } from "./context.js";
import { deliver, removeAll } from "./deliver.js";
import { describeTrack, trackId } from "./describe.js";
import { slug } from "./names.js";
import { floatWavChunks } from "./pcm.js";
import { prunePremixBudget, prunePremixes } from "./prune.js";
import type { ReferenceRecord, VersionManifest } from "./records.js";
import { adoptReference, latestVideo, needVideo, videoBed } from "./references.js";
import { parseRestore } from "./restore.js";

/** The plan to edit: the latest version's, or the version the prompt asks to go back to. */
function basePlan(versions: VersionManifest[], prompt: string) {
  const restore = parseRestore(prompt);
  if (restore && versions.length > 0) {
    const base = versions.find((v) => v.version === restore.version);
    if (!base) {
      throw new ComposerError("NOT_FOUND", `There is no version ${restore.version} to go back to.`, {
        hint: `This session has versions ${versions.map((v) => v.version).join(", ")}.`,
      });
    }
    return { base, brief: restore.rest, restored: restore.version };
  }
  return { base: versions.at(-1), brief: prompt, restored: undefined };
}

function interpretAgainst(
  engine: Engine,
  brief: string,
  input: GenerateInput,
  previous: Plan | undefined,
  restored: number | undefined,
  reference: ReferenceRecord | undefined,
): Interpretation {
  const overrides = overridesOf(input);
  if (previous && restored !== undefined && brief === "" && Object.keys(overrides).length === 0) {
    return {
      plan: previous,
      understood: [`back to version ${restored}`],
      ignored: [],
      changes: [`restored version ${restored}`],
    };
  }
  const interpretation = engine.stages.interpret(brief, {
    ...(previous ? { previous } : {}),
    overrides,
    ...(reference ? { reference: reference.analysis } : {}),
  });
  if (restored !== undefined) interpretation.changes.unshift(`starting again from version ${restored}`);
  return interpretation;
}

export async function generateTrack(engine: Engine, input: GenerateInput, ctx: CallContext): Promise<GenerateResult> {
  const { store } = engine;
  const formats = [...new Set(input.formats ?? DEFAULTS.formats)];
  if (input.prompt.trim() === "") {
    throw new ComposerError("INVALID_ARGUMENT", "`prompt` is only whitespace.", {
      hint: "Describe the music, e.g. '60 s upbeat pop at 118 BPM', or a change like 'slightly slower'.",
    });
  }
  let outcome: Outcome;
  if (input.session_id !== undefined) {
    const sessionId = input.session_id;
    const queued = store.withSession(sessionId, () => addVersion(engine, input, formats, sessionId, ctx), ctx.signal);
    ctx.bindSession(sessionId);
    outcome = await queued;
  } else {
    if (formats.includes("mp4") && input.reference_id === undefined) throw needVideo();
    const found = input.reference_id !== undefined ? await store.findReference(input.reference_id) : undefined;
    const sessionId = found?.session_id ?? (await store.create()).id;
    ctx.bindSession(sessionId);
    try {
      outcome = await store.withSession(
        sessionId,
        () => addVersion(engine, input, formats, sessionId, ctx),
        ctx.signal,
      );
    } catch (error) {
      // A session this call created and could not fill is not worth keeping.
      if (!found) await store.removeIfEmpty(sessionId).catch(() => {});
      throw error;
    }
  }
  // The version is safe on disk; bookkeeping must not turn success into failure.
  await store.addUsage(1, outcome.seconds).catch(() => {});
  inBackground(engine, () => prunePremixBudget(store));
  ctx.report({ progress: 1, message: "done" });
  return outcome.result;
}

interface Outcome {
  result: GenerateResult;
  seconds: number;
}

/** Everything that happens holding the session lock. */
async function addVersion(
  engine: Engine,
  input: GenerateInput,
  formats: ExportFormat[],
  sessionId: string,
  ctx: CallContext,
): Promise<Outcome> {
  const { store, stages, config } = engine;
  throwIfAborted(ctx.signal);
  ctx.report({ progress: 0.01, message: "starting" });
  const attached = await store.references(sessionId);
  const found = input.reference_id !== undefined ? await store.findReference(input.reference_id, sessionId) : undefined;
  const reference = found ? await adoptReference(engine, found, sessionId) : attached.at(-1);
  const videoRef = reference?.kind === "video" ? reference : latestVideo(attached);
  if (formats.includes("mp4") && !videoRef) throw needVideo();
  const video = formats.includes("mp4") && videoRef ? videoBed(engine, videoRef) : undefined;
  const versions = await store.versions(sessionId);
  const { base, brief, restored } = basePlan(versions, input.prompt);
  const previous = base ? await store.readJson<Plan>(base, "plan.json") : undefined;

  ctx.report({ progress: 0.03, message: "reading the brief" });
  // A reference the base plan was already fitted to is not applied again (it would undo later edits).
  const fresh = reference && (found || !base || base.reference_id !== reference.reference_id) ? reference : undefined;
  const interpretation = interpretAgainst(engine, brief, input, previous, restored, fresh);
  const plan = interpretation.plan;
  stages.prepareRender?.(plan.durationSeconds);
  warnOnceWithoutKernels();
  ctx.report({ progress: 0.08, message: "composing" });
  const score = stages.compose(plan);
  throwIfAborted(ctx.signal);
  ctx.report({ progress: 0.12, message: "rendering" });
  const stage = await store.stage(sessionId);
  try {
    // The pre-master mix goes to disk straight from the render, before mastering changes it in place: a
    // 10-minute piece never holds a second copy of its mix or of the file in memory.
    const { stems, mastered } = await renderScore(stages, score, {
      lufs: plan.lufs,
      stems: input.stems === true,
      soundfont: config.soundfont,
      scratchDir: stage.dir,
      signal: ctx.signal,
      onProgress: (f) => ctx.report({ progress: 0.12 + 0.68 * f, message: f < 0.9 ? "rendering" : "mastering" }),
      beforeMaster: async (rendered) => {
        stages.prepareEncoders?.(formats, score.duration);
        const frames = rendered.mix?.left.length ?? rendered.stems.drums.left.length;
        await stage.putChunks("premaster.wav", floatWavChunks(preMasterSources(rendered), rendered.sampleRate, frames));
      },
    });

    // the pictures are drawn in the files' own lane, once the encoders are at work (the MP3 is the long pole)
    const waveform = drawnOnce(() => waveformPicture(mastered.mix, score.sections, plan.title, score.hits).png);
    const arrangement = drawnOnce(() => arrangementPicture(score).png);
    ctx.report({ progress: 0.86, message: "writing files" });
    const files = await deliver(stages, {
      dir: config.outputDir,
      stem: `${slug(plan.title)}-v${stage.version}`,
      formats,
      mix: mastered.mix,
      stems: input.stems ? mastered.stems : undefined,
      score,
      pictures: [
        { name: "waveform", png: waveform },
        { name: "arrangement", png: arrangement },
      ],
      video,
      ffmpeg: config.ffmpeg,
      signal: ctx.signal,
      onProgress: (f) => ctx.report({ progress: 0.86 + 0.12 * f, message: "writing files" }),
    });
    try {
      ctx.report({ progress: 0.98, message: "saving the version" });
      await stage.put("plan.json", JSON.stringify(plan));
      await stage.put("score.json", JSON.stringify(score));
      await stage.put("waveform.png", waveform());
      await stage.put("arrangement.png", arrangement());
      const notes = [
        ...loudnessNotes(plan.lufs, mastered.integratedLufs, plan.language),
        soundNote(stems, score, plan.language),
      ];
      const result = describeTrack(interpretation, score, {
        sessionId,
        version: stage.version,
        files,
        ...(notes.length > 0 ? { notes } : {}),
      });
      result.sound = stems.engine === "soundfont" && stems.soundfont ? stems.soundfont : "built-in synthesis";
      await engine.hooks.beforeCommit?.(stage);
      throwIfAborted(ctx.signal);
      await stage.commit({
        session_id: sessionId,
        version: stage.version,
        track_id: trackId(sessionId, stage.version),
        created_at: new Date().toISOString(),
        title: plan.title,
        seed: plan.seed,
        based_on: base?.version ?? null,
        reference_id: reference?.reference_id ?? null,
        master: {
          premix: "premaster.wav",
          sampleRate: mastered.mix.sampleRate,
          frames: mastered.mix.left.length,
          lufs: plan.lufs,
          integratedLufs: mastered.integratedLufs,
          truePeakDbtp: mastered.truePeakDbtp,
          engine: stems.engine,
          ...(stems.soundfont ? { soundfont: stems.soundfont } : {}),
        },
        result,
      });
      // the files and pictures are written: the next render may write into this one's buffers
      stages.recycleRender?.(stems);
      await store.touch(sessionId).catch(() => {});
      await prunePremixes(store, sessionId).catch(() => {});
      return { result, seconds: score.duration };
    } catch (error) {
      await removeAll(files);
      throw error;
    }
  } catch (error) {
    await stage.abort();
    throw error;
  }
}

/** A picture drawn when first asked for (by the files' lane or the version's copy), then kept. */
let kernelsChecked = false;

/** A line in the log (once) when the WebAssembly kernels could not load: renders still work, more slowly. */
function warnOnceWithoutKernels(): void {
  if (kernelsChecked) return;
  kernelsChecked = true;
  const reason = kernelsUnavailable();
  if (reason) log.warn("rendering without the WebAssembly kernels (slower)", { reason });
}

function drawnOnce(draw: () => Uint8Array): () => Uint8Array {
  let png: Uint8Array | undefined;
  return () => {
    png ??= draw();
    return png;
  };
}

/**
 * A loudness target the limiter cannot reach under −1 dBTP (very loud asks on dynamic material) is said
 * plainly, with what was delivered, rather than left for the user to measure.
 */
/** Which instruments the SoundFont played (the "the result says which was used"). */
function soundNote(rendered: RenderedStems, score: Score, language: string): string {
  if (rendered.engine !== "soundfont" || !rendered.soundfont) {
    return language === "zh" ? "音色：内置合成器。" : "Sound: built-in synthesis.";
  }
  const file = basename(rendered.soundfont);
  const sampled = score.parts.filter(usesSoundfont);
  // part names read "Role: instrument"; the instrument is what the listener cares about
  const names = [...new Set(sampled.map((p) => p.name.split(": ").pop() ?? p.name))].join(", ");
  const all = sampled.length === score.parts.length;
  if (language === "zh") return `音色：${names} 来自 SoundFont ${file}${all ? "。" : "，其余为内置合成。"}`;
  return `Sound: ${names} from the SoundFont ${file}${all ? "." : "; the rest built-in synthesis."}`;
}

function loudnessNotes(target: number, measured: number, language: string): string[] {
  if (!Number.isFinite(measured) || Math.abs(measured - target) <= 0.5) return [];
  const got = measured.toFixed(1);
  const want = target.toFixed(0);
  return language === "zh"
    ? [`响度：${got} LUFS——要求的 ${want} LUFS 会让峰值超过 −1 dBTP，这是不失真的最大响度。`]
    : [
        `Loudness: ${got} LUFS — the ${want} LUFS asked for would push peaks past −1 dBTP, so this is as loud as it goes cleanly.`,
      ];
}
