/**
 * encode/: stereo buffer → file bytes. WAV and FLAC are written here in TypeScript, MP3 and Ogg Vorbis by the
 * WASM LAME/Vorbis encoders, M4A/AAC by ffmpeg when present (NEEDS_FFMPEG otherwise). A different output
 * sample rate is reached by the windowed-sinc resampler first; loop points and markers are rescaled with it.
 */
import { resampleStereo } from "../dsp/resample.js";
import { truePeakLinear } from "../dsp/true-peak.js";
import { type AudioFormat, ComposerError, type EncodeOptions, type StereoBuffer } from "../types.js";
import { encodeAac } from "./ffmpeg-aac.js";
import { encodeFlac, type FlacOptions, flacChunks } from "./flac.js";
import { encodeMp3, encodeOggVorbis, mp3Chunks, oggChunks } from "./lossy.js";
import { SEGMENT_DEFAULTS, warmEncodeWorkers } from "./segments.js";
import { encodeWav, wavChunks } from "./wav.js";

const MP3_RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];

function resampled(buffer: StereoBuffer, rate: number | undefined): StereoBuffer {
  if (!rate || rate === buffer.sampleRate) return buffer;
  if (!(rate >= 8000 && rate <= 192000)) {
    throw new ComposerError("INVALID_ARGUMENT", `sampleRate must be 8000..192000 Hz, got: ${rate}`);
  }
  const out = resampleStereo(buffer, rate);
  // Resampling can ring past the master's true-peak ceiling (the Gibbs overshoot of its band limit);
  // trim any rise back to the source's true peak so the master's promise holds at every output rate.
  const before = truePeakLinear(buffer);
  const after = truePeakLinear(out);
  if (after > before && before > 0) {
    const trim = before / after;
    for (const ch of [out.left, out.right]) for (let i = 0; i < ch.length; i++) ch[i]! *= trim;
  }
  return out;
}

/**
 * Readies what encoding `formats` at `seconds` will use, while the caller still masters: the encoder workers
 * of MP3 and Ogg streams long enough to be encoded in segments. Not for long pieces: their master's buffers
 * are at their largest meanwhile, and a worker's start is small beside their encode.
 */
export function prepareEncoders(formats: readonly string[], seconds: number): void {
  const lossy = formats.includes("mp3") || formats.includes("ogg");
  if (lossy && seconds >= SEGMENT_DEFAULTS.minSeconds && seconds <= SEGMENT_DEFAULTS.keepWarmSeconds) {
    warmEncodeWorkers();
  }
}

/**
 * The file as chunks to write one after another, for the formats that can be produced that way without the
 * whole encoding in memory (WAV, FLAC, MP3 and Ogg, at any rate: another rate converts the buffer first);
 * undefined for the rest (use `encodeAudio`). Each chunk is only valid until the next one is asked for.
 */
export function encodeAudioChunks(
  buffer: StereoBuffer,
  format: AudioFormat,
  options: EncodeOptions = {},
): Iterable<Uint8Array> | AsyncIterable<Uint8Array> | undefined {
  const signal = options.signal;
  if (signal?.aborted) throw cancelled();
  const streams = format === "wav" || format === "flac" || format === "ogg" || format === "mp3";
  const rate = options.sampleRate ?? buffer.sampleRate;
  if (!streams || (format === "mp3" && !MP3_RATES.includes(rate))) return undefined;
  // at another rate the buffer is converted first (whole), and the file still streams from the copy
  const audio = resampled(buffer, options.sampleRate);
  if (format === "wav") return stoppable(wavChunks(audio, options), signal);
  if (format === "flac") return stoppable(flacChunks(audio, flacOptions(options)), signal);
  if (format === "ogg") {
    return stoppableAsync(oggChunks(audio, 5, !!options.loop, oggComments(audio, options)), signal);
  }
  return stoppableAsync(mp3Chunks(audio, 256, !!options.loop), signal);
}

const cancelled = () => new ComposerError("CANCELLED", "Encoding was cancelled.");

/** The chunks until `signal` aborts: a long file stops between chunks rather than being written to its end. */
function* stoppable(chunks: Iterable<Uint8Array>, signal: AbortSignal | undefined): Generator<Uint8Array> {
  for (const chunk of chunks) {
    if (signal?.aborted) throw cancelled();
    yield chunk;
  }
}

async function* stoppableAsync(
  chunks: AsyncIterable<Uint8Array>,
  signal: AbortSignal | undefined,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    if (signal?.aborted) throw cancelled();
    yield chunk;
  }
}

/** The title, and a loop's points as the LOOPSTART/LOOPLENGTH comments game engines read. */
function oggComments(audio: StereoBuffer, options: EncodeOptions): Record<string, string> {
  const tags: Record<string, string> = {};
  if (options.title) tags.TITLE = options.title;
  if (options.loop) {
    const start = Math.round(options.loop.start * audio.sampleRate);
    const end = Math.min(audio.left.length, Math.round(options.loop.end * audio.sampleRate));
    tags.LOOPSTART = String(start);
    tags.LOOPLENGTH = String(Math.max(0, end - start));
  }
  return tags;
}

/** FLAC holds 16 or 24 bits: a 32-bit float request gets 24. */
function flacOptions(options: EncodeOptions): FlacOptions {
  return {
    bitDepth: options.bitDepth === 24 || options.bitDepth === 32 ? 24 : 16,
    ...(options.title ? { title: options.title } : {}),
  };
}

export async function encodeAudio(
  buffer: StereoBuffer,
  format: AudioFormat,
  options: EncodeOptions = {},
): Promise<Uint8Array> {
  if (options.signal?.aborted) throw cancelled();
  const rate = options.sampleRate ?? buffer.sampleRate;
  if (format === "mp3" && !MP3_RATES.includes(rate)) {
    throw new ComposerError("INVALID_ARGUMENT", `MP3 supports ${MP3_RATES.join(", ")} Hz, got: ${rate}`);
  }
  const audio = resampled(buffer, options.sampleRate);
  switch (format) {
    case "wav":
      return encodeWav(audio, options);
    case "flac":
      return encodeFlac(audio, flacOptions(options));
    case "mp3":
      return encodeMp3(audio, 256, !!options.loop);
    case "ogg":
      return encodeOggVorbis(audio, 5, !!options.loop, oggComments(audio, options));
    case "m4a":
    case "aac":
      return encodeAac(audio, format, options);
    default:
      throw new ComposerError("UNSUPPORTED_FORMAT", `Cannot encode ${String(format)}.`);
  }
}
