/**
 * export_track: a stored version written out again in any formats, without composing again. The stored
 * master is re-encoded as is (any rate, bit depth, format); a new loudness target or stems re-render the
 * stored score (deterministic) and re-master it.
 */
import { existsSync } from "node:fs";
import type { CallContext } from "../../backend/music-backend.js";
import type { ExportInput, ExportResult } from "../../backend/schemas.js";
import { ComposerError } from "../../errors.js";
import { resampleStereo } from "../dsp/resample.js";
import { remaster, renderScore, throwIfAborted } from "../pipeline.js";
import type { MasteredTrack, RenderedStems, Score, StereoBuffer } from "../types.js";
import type { Engine } from "./context.js";
import { deliver, type VideoBed } from "./deliver.js";
import { versionOfTrackId } from "./describe.js";
import { slug } from "./names.js";
import { resolveOutDir } from "./paths.js";
import { FloatWavReader } from "./pcm.js";
import type { VersionManifest } from "./records.js";
import { latestVideo, needVideo, videoBed } from "./references.js";

const MAX_EXPORTS_KEPT = 200;
const formatBytes = (n: number) =>
  n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

/** The instruments the version was rendered with, so a second render sounds the same. */
function sameSoundfont(manifest: VersionManifest, configured: string | undefined): string | undefined {
  if (manifest.master.engine === "builtin") return undefined;
  return manifest.master.soundfont && existsSync(manifest.master.soundfont) ? manifest.master.soundfont : configured;
}

function requestedVersion(input: ExportInput): number | undefined {
  if (input.track_id === undefined) return input.version;
  const fromId = versionOfTrackId(input.session_id, input.track_id);
  if (fromId === undefined) {
    throw new ComposerError(
      "INVALID_ARGUMENT",
      `track_id ${input.track_id} does not belong to session ${input.session_id}.`,
      {
        hint: "Use a track_id returned by generate_track for this session, or pass `version` instead.",
      },
    );
  }
  if (input.version !== undefined && input.version !== fromId) {
    throw new ComposerError("INVALID_ARGUMENT", `track_id names version ${fromId} but version is ${input.version}.`, {
      hint: "Pass only one of track_id and version.",
    });
  }
  return fromId;
}

export async function exportTrack(engine: Engine, input: ExportInput, ctx: CallContext): Promise<ExportResult> {
  const { store, stages, config } = engine;
  const wanted = requestedVersion(input);
  const formats = [...new Set(input.formats ?? ["wav" as const])];
  const outDir = resolveOutDir(config.outputDir, input.out_dir);
  const queued = store.withSession(
    input.session_id,
    async () => {
      const manifest = await store.version(input.session_id, wanted);
      const referenced =
        input.reference_id !== undefined ? await store.findReference(input.reference_id, input.session_id) : undefined;
      let video: VideoBed | undefined;
      if (formats.includes("mp4")) {
        const source = referenced ?? latestVideo(await store.references(input.session_id));
        if (!source) throw needVideo();
        video = videoBed(engine, source, input.bgm_volume);
      }
      ctx.report({ progress: 0.05, message: "reading the version" });
      const score = await store.readJson<Score>(manifest, "score.json");
      const lufs = input.lufs ?? manifest.master.lufs;
      const remastered = Math.abs(lufs - manifest.master.lufs) > 0.05;
      let mastered: MasteredTrack;
      let rendered: RenderedStems | undefined;
      if (manifest.master.premix && !input.stems) {
        ctx.report({ progress: 0.1, message: "mastering" });
        stages.prepareEncoders?.(formats, score.duration);
        // At another rate the stored mix is converted as it is read, and mastered at the rate it is written at.
        // A loop is converted whole, around its ends, so it still repeats without a seam.
        const reader = new FloatWavReader(score.loop ? undefined : input.sample_rate);
        await store.readStoredChunks(manifest, manifest.master.premix, (chunk) => reader.push(chunk));
        const premix = reader.result();
        mastered = remaster(stages, score.loop ? loopAt(premix, input.sample_rate) : premix, score, lufs);
      } else {
        // Stems, or a version whose pre-master mix was pruned: render the stored score again.
        stages.prepareRender?.(score.duration);
        const again = await renderScore(stages, score, {
          lufs,
          stems: input.stems === true,
          // rendered at the rate it is written at: no conversion afterwards, nor its copy beside the render
          sampleRate: input.sample_rate ?? manifest.master.sampleRate,
          soundfont: sameSoundfont(manifest, config.soundfont),
          scratchDir: store.dataDir,
          signal: ctx.signal,
          onProgress: (f) => ctx.report({ progress: 0.05 + 0.6 * f, message: f < 0.9 ? "rendering" : "mastering" }),
          beforeMaster: async () => stages.prepareEncoders?.(formats, score.duration),
        });
        mastered = again.mastered;
        rendered = again.stems;
      }
      const mix = mastered.mix;
      const stems = input.stems ? mastered.stems : undefined;
      throwIfAborted(ctx.signal);
      ctx.report({ progress: 0.7, message: "writing files" });
      const files = await deliver(stages, {
        dir: outDir,
        stem: `${slug(manifest.title)}-v${manifest.version}`,
        formats,
        mix,
        stems,
        score,
        video,
        bitDepth: input.bit_depth,
        sampleRate: input.sample_rate,
        ffmpeg: config.ffmpeg,
        signal: ctx.signal,
        onProgress: (f) => ctx.report({ progress: 0.7 + 0.28 * f, message: "writing files" }),
      });
      // the files are written: the next render may write into this one's buffers
      if (rendered) stages.recycleRender?.(rendered);
      const meta = await store.load(input.session_id);
      meta.exports = [
        ...(meta.exports ?? []),
        { version: manifest.version, at: new Date().toISOString(), files },
      ].slice(-MAX_EXPORTS_KEPT);
      await store.save(meta).catch(() => {});
      ctx.report({ progress: 1, message: "done" });
      const settings = [
        remastered ? `re-mastered to ${lufs} LUFS` : `mastered at ${manifest.master.lufs} LUFS`,
        input.sample_rate ? `${input.sample_rate} Hz` : "",
        input.bit_depth ? `${input.bit_depth}-bit` : "",
      ].filter(Boolean);
      return {
        session_id: input.session_id,
        status: "done" as const,
        files,
        summary: [
          `Exported version ${manifest.version} ("${manifest.title}"), ${settings.join(", ")}:`,
          ...files.map((f) => `${f.path} (${f.kind}${f.role ? ` ${f.role}` : ""}, ${formatBytes(f.bytes)})`),
        ].join("\n"),
      };
    },
    ctx.signal,
  );
  ctx.bindSession(input.session_id);
  return queued;
}

/** A loop's stored mix at `rate`, converted as one period of a loop (see Resampler's `circular`). */
function loopAt(mix: StereoBuffer, rate: number | undefined): StereoBuffer {
  return !rate || rate === mix.sampleRate ? mix : resampleStereo(mix, rate, true);
}
