/**
 * Video → duration, frame rate, scene cuts, whether it has its own sound (and that sound's analysis).
 * Without ffmpeg, MP4/MOV still give duration, frame rate and track kinds through the box reader.
 */
import { findFfmpeg } from "../../dsp/ffmpeg.js";
import { ComposerError, type ReferenceAnalysis } from "../../types.js";
import { decodeWithFfmpeg } from "../audio/decode.js";
import { analyzePcm } from "../audio/index.js";
import { probeMedia } from "../probe.js";
import type { ReferenceDetails, ReferenceFormat } from "../types.js";
import { assertMp4Complete, readMp4Info } from "./mp4-boxes.js";
import { detectSceneCuts } from "./scene-cuts.js";

export { readMp4Info } from "./mp4-boxes.js";
export { detectSceneCuts, parseFrameMeasures, pickCuts } from "./scene-cuts.js";

export interface VideoFindings {
  /** False when the container holds no picture (an audio-only MP4/WebM): the caller treats it as audio. */
  hasVideo: boolean;
  analysis: ReferenceAnalysis;
  details: ReferenceDetails;
}

export interface VideoOptions {
  ffmpeg: string;
  signal?: AbortSignal | undefined;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export async function analyzeVideo(
  path: string,
  format: ReferenceFormat,
  options: VideoOptions,
): Promise<VideoFindings> {
  if (format === "mp4" || format === "mov" || format === "m4a") await assertMp4Complete(path);
  const tools = findFfmpeg(options.ffmpeg);
  if (!tools) return analyzeWithoutFfmpeg(path, format);
  const probed = await probeMedia(tools.ffprobe, path, options.signal);
  const details: ReferenceDetails = { skipped: [] };
  const analysis: ReferenceAnalysis = { kind: "video", hasAudio: probed.audio !== undefined };
  const duration = probed.video?.durationSeconds ?? probed.durationSeconds ?? probed.audio?.durationSeconds;
  if (duration === undefined || !(duration > 0)) {
    throw new ComposerError(
      "UNSUPPORTED_FORMAT",
      "The file's duration could not be read; it may be corrupt or truncated.",
    );
  }
  analysis.durationSeconds = round3(duration);
  if (probed.audio) details.audioCodec = probed.audio.codec;
  if (probed.video) {
    if (probed.video.frameRate) analysis.frameRate = Math.round(probed.video.frameRate * 1000) / 1000;
    details.videoCodec = probed.video.codec;
    details.width = probed.video.width;
    details.height = probed.video.height;
    analysis.sceneCutsSeconds = (await detectSceneCuts(path, options)).filter((t) => t < duration - 0.01);
  }
  if (probed.audio) {
    try {
      const pcm = await decodeWithFfmpeg(tools.ffmpeg, path, Math.min(2, probed.audio.channels), options.signal);
      const audio = analyzePcm(pcm);
      Object.assign(details, audio.details);
      const { durationSeconds: _ignored, ...rest } = audio.analysis;
      Object.assign(analysis, rest);
    } catch (error) {
      if (error instanceof ComposerError && error.code === "CANCELLED") throw error;
      details.skipped?.push("its sound could not be decoded for tempo, key and loudness");
    }
  }
  if (details.skipped?.length === 0) delete details.skipped;
  return { hasVideo: probed.video !== undefined, analysis, details };
}

async function analyzeWithoutFfmpeg(path: string, format: ReferenceFormat): Promise<VideoFindings> {
  if (format !== "mp4" && format !== "mov" && format !== "m4a") {
    throw new ComposerError("NEEDS_FFMPEG", `Reading ${format} video needs ffmpeg, which was not found.`);
  }
  const info = await readMp4Info(path);
  const video = info.tracks.find((t) => t.handler === "vide");
  const hasAudio = info.tracks.some((t) => t.handler === "soun");
  const duration = video?.durationSeconds || info.durationSeconds;
  if (!(duration > 0)) throw new ComposerError("UNSUPPORTED_FORMAT", "The file's duration could not be read.");
  const analysis: ReferenceAnalysis = { kind: "video", durationSeconds: round3(duration), hasAudio };
  if (video?.frameRate) analysis.frameRate = Math.round(video.frameRate * 1000) / 1000;
  const skipped = ["scene cuts need ffmpeg"];
  if (hasAudio) skipped.push("tempo, key and loudness of its sound need ffmpeg");
  return { hasVideo: video !== undefined, analysis, details: { skipped } };
}
