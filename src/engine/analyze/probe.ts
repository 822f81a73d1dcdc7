/** ffprobe's view of a media file: container duration, first video and audio stream. */
import { runTool } from "../dsp/ffmpeg.js";
import { ComposerError, type Seconds } from "../types.js";

export interface ProbedVideo {
  codec: string;
  width: number;
  height: number;
  frameRate: number | undefined;
  durationSeconds: Seconds | undefined;
  frameCount: number | undefined;
}

export interface ProbedAudio {
  codec: string;
  channels: number;
  sampleRate: number;
  durationSeconds: Seconds | undefined;
}

export interface ProbedMedia {
  durationSeconds: Seconds | undefined;
  video: ProbedVideo | undefined;
  audio: ProbedAudio | undefined;
}

interface RawStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  channels?: number;
  sample_rate?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: string;
  nb_frames?: string;
  disposition?: { attached_pic?: number };
}

function number(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** "30000/1001" → 29.97; "0/0" → undefined. */
export function parseRate(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const [num, den] = text.split("/").map(Number);
  if (num === undefined || !Number.isFinite(num) || num <= 0) return undefined;
  const rate = den === undefined ? num : num / den;
  return Number.isFinite(rate) && rate > 0 && rate < 1000 ? rate : undefined;
}

export async function probeMedia(ffprobe: string, path: string, signal?: AbortSignal): Promise<ProbedMedia> {
  let stdout: Buffer;
  try {
    ({ stdout } = await runTool(
      ffprobe,
      ["-v", "error", "-show_entries", "format=duration:stream", "-of", "json", path],
      { signal, timeoutMs: 60_000 },
    ));
  } catch (error) {
    if (error instanceof ComposerError && error.code !== "INTERNAL") throw error;
    throw new ComposerError(
      "UNSUPPORTED_FORMAT",
      "The file could not be read as media; it may be corrupt or truncated.",
      {
        cause: error,
      },
    );
  }
  const json = JSON.parse(stdout.toString("utf8")) as { format?: { duration?: string }; streams?: RawStream[] };
  const streams = json.streams ?? [];
  // Cover art in audio files is a one-frame "video" stream; it is not a picture track.
  const v = streams.find((s) => s.codec_type === "video" && s.disposition?.attached_pic !== 1);
  const a = streams.find((s) => s.codec_type === "audio");
  return {
    durationSeconds: number(json.format?.duration),
    video: v && {
      codec: v.codec_name ?? "unknown",
      width: v.width ?? 0,
      height: v.height ?? 0,
      frameRate: parseRate(v.avg_frame_rate) ?? parseRate(v.r_frame_rate),
      durationSeconds: number(v.duration),
      frameCount: number(v.nb_frames),
    },
    audio: a && {
      codec: a.codec_name ?? "unknown",
      channels: a.channels ?? 2,
      sampleRate: number(a.sample_rate) ?? 44100,
      durationSeconds: number(a.duration),
    },
  };
}
