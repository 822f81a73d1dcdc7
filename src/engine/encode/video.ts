/**
 * The finished piece laid under a video: the picture stream copied untouched, the music (a mastered WAV)
 * mixed under the video's own sound at `bgmVolume` with a fade-out that ends on the last frame, AAC audio,
 * duration equal to the video's. The output is written beside its target and renamed into place; an
 * existing file is never overwritten (CONFLICT).
 */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, open, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { requireFfmpeg, runTool } from "../dsp/ffmpeg.js";
import { ComposerError, type Seconds } from "../types.js";

export const MUX_DEFAULTS = {
  /** Music level under a video that has its own sound (speech, ambience). */
  bgmVolumeWithSound: 0.35,
  /** Music level when the video is silent. */
  bgmVolumeSilent: 1.0,
  fadeOutSeconds: 1.5,
  audioBitrate: "192k",
  audioSampleRate: 48000,
} as const;

export interface MuxOptions {
  video: string;
  /** A mastered WAV (or any audio ffmpeg reads). */
  music: string;
  /** Output path (.mp4, .mov or .m4v); must not exist yet. */
  out: string;
  /** 0..2 linear gain for the music; defaults depend on `videoHasAudio`. */
  bgmVolume?: number | undefined;
  fadeOutSeconds?: Seconds | undefined;
  /** Whether the video has its own sound to keep under the music; probed when omitted. */
  videoHasAudio?: boolean | undefined;
  ffmpeg: string;
  signal?: AbortSignal | undefined;
}

export interface MuxResult {
  path: string;
  bytes: number;
  durationSeconds: Seconds;
}

interface VideoFacts {
  durationSeconds: Seconds;
  hasAudio: boolean;
}

async function probeVideo(ffprobe: string, path: string, signal?: AbortSignal): Promise<VideoFacts> {
  let text: string;
  try {
    const { stdout } = await runTool(
      ffprobe,
      ["-v", "error", "-show_entries", "format=duration:stream=codec_type,duration", "-of", "json", path],
      { signal, timeoutMs: 60_000 },
    );
    text = stdout.toString("utf8");
  } catch (error) {
    if (error instanceof ComposerError && error.code !== "INTERNAL") throw error;
    throw new ComposerError("UNSUPPORTED_FORMAT", `The video ${basename(path)} could not be read.`, { cause: error });
  }
  const json = JSON.parse(text) as {
    format?: { duration?: string };
    streams?: { codec_type?: string; duration?: string }[];
  };
  const streams = json.streams ?? [];
  const video = streams.find((s) => s.codec_type === "video");
  if (!video) throw new ComposerError("UNSUPPORTED_FORMAT", `${basename(path)} has no video stream.`);
  const duration = Number(video.duration ?? json.format?.duration);
  if (!(duration > 0))
    throw new ComposerError("UNSUPPORTED_FORMAT", `The duration of ${basename(path)} could not be read.`);
  return { durationSeconds: duration, hasAudio: streams.some((s) => s.codec_type === "audio") };
}

/** The filter graph: music at its level, padded/trimmed to the video, faded out, then mixed under the video's sound. */
export function mixGraph(
  durationSeconds: Seconds,
  volume: number,
  fadeSeconds: Seconds,
  withVideoSound: boolean,
): string {
  const d = durationSeconds.toFixed(3);
  const fade = Math.max(0, Math.min(fadeSeconds, durationSeconds));
  const fadeStart = Math.max(0, durationSeconds - fade).toFixed(3);
  const rate = MUX_DEFAULTS.audioSampleRate;
  const music =
    `[1:a]aresample=${rate},aformat=channel_layouts=stereo,volume=${volume.toFixed(3)},apad,atrim=0:${d}` +
    (fade > 0 ? `,afade=t=out:st=${fadeStart}:d=${fade.toFixed(3)}` : "");
  if (!withVideoSound) return `${music}[aout]`;
  // amix scales each input by 1/2; volume=2 after it restores unity so levels are exactly as set.
  return (
    `${music}[bgm];[0:a]aresample=${rate},aformat=channel_layouts=stereo,apad,atrim=0:${d}[orig];` +
    "[orig][bgm]amix=inputs=2:duration=first:dropout_transition=0,volume=2[aout]"
  );
}

function containerFor(out: string): string {
  const ext = extname(out).toLowerCase();
  return ext === ".mov" ? "mov" : "mp4";
}

async function mustNotExist(path: string): Promise<void> {
  try {
    await access(path, constants.F_OK);
  } catch {
    return;
  }
  throw new ComposerError("CONFLICT", `${path} already exists; it is never overwritten.`, {
    hint: "Choose another file name or folder.",
  });
}

export async function muxMusicUnderVideo(options: MuxOptions): Promise<MuxResult> {
  const tools = requireFfmpeg(options.ffmpeg, "Exporting video");
  await mustNotExist(options.out);
  for (const input of [options.video, options.music]) {
    try {
      await access(input, constants.R_OK);
    } catch {
      throw new ComposerError("NOT_FOUND", `No file at ${input}.`);
    }
  }
  const facts = await probeVideo(tools.ffprobe, options.video, options.signal);
  const withVideoSound = options.videoHasAudio ?? facts.hasAudio;
  if (withVideoSound && !facts.hasAudio) {
    throw new ComposerError("INVALID_ARGUMENT", `${basename(options.video)} has no sound of its own to mix under.`);
  }
  const volume = options.bgmVolume ?? (withVideoSound ? MUX_DEFAULTS.bgmVolumeWithSound : MUX_DEFAULTS.bgmVolumeSilent);
  if (!(volume >= 0 && volume <= 2))
    throw new ComposerError("INVALID_ARGUMENT", "`bgm_volume` must be between 0 and 2.");
  const fade = options.fadeOutSeconds ?? MUX_DEFAULTS.fadeOutSeconds;

  // Reserve the name first ('wx'), so a concurrent export cannot take it; ffmpeg writes a sibling temp file.
  const reserved = await open(options.out, "wx").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "EEXIST")
      throw new ComposerError("CONFLICT", `${options.out} already exists; it is never overwritten.`);
    throw new ComposerError("INVALID_ARGUMENT", `Cannot write ${options.out}: ${error.message}.`);
  });
  await reserved.close();
  const temp = join(dirname(options.out), `.${basename(options.out)}.${randomBytes(4).toString("hex")}.part`);
  const args = ["-nostdin", "-v", "error", "-i", options.video, "-i", options.music];
  args.push("-filter_complex", mixGraph(facts.durationSeconds, volume, fade, withVideoSound));
  args.push("-map", "0:v:0", "-map", "[aout]", "-c:v", "copy", "-c:a", "aac", "-b:a", MUX_DEFAULTS.audioBitrate);
  args.push("-t", facts.durationSeconds.toFixed(3), "-movflags", "+faststart", "-f", containerFor(options.out), temp);
  try {
    await runTool(tools.ffmpeg, args, { signal: options.signal, timeoutMs: 600_000 });
    await rename(temp, options.out);
  } catch (error) {
    await unlink(temp).catch(() => {});
    await unlink(options.out).catch(() => {});
    throw error;
  }
  const bytes = (await stat(options.out)).size;
  const written = await probeVideo(tools.ffprobe, options.out, options.signal);
  return { path: options.out, bytes, durationSeconds: Math.round(written.durationSeconds * 1000) / 1000 };
}
