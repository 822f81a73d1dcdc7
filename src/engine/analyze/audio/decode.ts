/** Any supported audio (or a video's sound) → PcmAudio: WAV natively, everything else through ffmpeg. */
import { readFile } from "node:fs/promises";
import { requireFfmpeg, runTool } from "../../dsp/ffmpeg.js";
import { ComposerError } from "../../types.js";
import { probeMedia } from "../probe.js";
import { deinterleave, type PcmAudio } from "./pcm.js";
import { decodeWav } from "./wav.js";

export const DECODE_DEFAULTS = {
  /** ffmpeg decodes at this rate: tempo and key need nothing above 11 kHz; loudness loses < 0.3 dB (see report). */
  sampleRate: 22050,
  /** Longer references are analysed over their first ten minutes. */
  maxSeconds: 600,
} as const;

export interface DecodeOptions {
  ffmpeg: string;
  signal?: AbortSignal | undefined;
}

export async function decodeAudioFile(path: string, isWav: boolean, options: DecodeOptions): Promise<PcmAudio> {
  if (isWav) return decodeWav(await readFile(path));
  const tools = requireFfmpeg(options.ffmpeg, "Reading this audio format");
  const probed = await probeMedia(tools.ffprobe, path, options.signal);
  if (!probed.audio) throw new ComposerError("UNSUPPORTED_FORMAT", "The file has no audio stream to analyse.");
  return decodeWithFfmpeg(tools.ffmpeg, path, Math.min(2, probed.audio.channels), options.signal);
}

/** ffmpeg → f32le at DECODE_DEFAULTS.sampleRate, stereo kept (loudness sums channel power). */
export async function decodeWithFfmpeg(
  ffmpeg: string,
  path: string,
  channelCount: number,
  signal?: AbortSignal,
): Promise<PcmAudio> {
  const args = ["-nostdin", "-v", "error", "-i", path, "-vn", "-sn", "-dn", "-t", String(DECODE_DEFAULTS.maxSeconds)];
  args.push("-f", "f32le", "-acodec", "pcm_f32le", "-ac", String(channelCount));
  args.push("-ar", String(DECODE_DEFAULTS.sampleRate), "-");
  let stdout: Buffer;
  try {
    ({ stdout } = await runTool(ffmpeg, args, { signal, timeoutMs: 300_000 }));
  } catch (error) {
    if (error instanceof ComposerError && error.code !== "INTERNAL") throw error;
    throw new ComposerError("UNSUPPORTED_FORMAT", "The audio could not be decoded; the file may be corrupt.", {
      cause: error,
    });
  }
  const channels = deinterleave(stdout, channelCount);
  if ((channels[0]?.length ?? 0) < DECODE_DEFAULTS.sampleRate / 10) {
    throw new ComposerError("UNSUPPORTED_FORMAT", "The audio is shorter than a tenth of a second; nothing to analyse.");
  }
  return { sampleRate: DECODE_DEFAULTS.sampleRate, channels };
}
