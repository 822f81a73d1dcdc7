import { type AudioFormat, ComposerError, type EncodeOptions, type StereoBuffer } from "../types.js";

/** Stereo buffer → file bytes in the given format. */
export async function encodeAudio(
  _buffer: StereoBuffer,
  format: AudioFormat,
  _options: EncodeOptions = {},
): Promise<Uint8Array> {
  throw new ComposerError("NOT_AVAILABLE_YET", `Encoding ${format} is being built.`);
}
