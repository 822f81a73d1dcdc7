/**
 * Native WAV reader: RIFF/RF64 with PCM 8/16/24/32-bit integer or 32/64-bit float, any channel count,
 * WAVE_FORMAT_EXTENSIBLE included (Microsoft "Multiple Channel Audio Data and WAVE Files", 2001).
 */
import { ComposerError } from "../../types.js";
import type { PcmAudio } from "./pcm.js";

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

interface FmtChunk {
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign: number;
}

function corrupt(why: string): ComposerError {
  return new ComposerError("UNSUPPORTED_FORMAT", `This WAV file cannot be read: ${why}.`);
}

function readFmt(view: DataView, at: number, size: number): FmtChunk {
  if (size < 16) throw corrupt("its fmt chunk is too short");
  let format = view.getUint16(at, true);
  const bitsPerSample = view.getUint16(at + 14, true);
  if (format === FORMAT_EXTENSIBLE && size >= 40) format = view.getUint16(at + 24, true);
  return {
    format,
    channels: view.getUint16(at + 2, true),
    sampleRate: view.getUint32(at + 4, true),
    bitsPerSample,
    blockAlign: view.getUint16(at + 12, true),
  };
}

function sampleReader(view: DataView, fmt: FmtChunk): (offset: number) => number {
  const { format, bitsPerSample: bits } = fmt;
  if (format === FORMAT_FLOAT && bits === 32) return (o) => view.getFloat32(o, true);
  if (format === FORMAT_FLOAT && bits === 64) return (o) => view.getFloat64(o, true);
  if (format !== FORMAT_PCM) throw corrupt(`sample format ${format} is not PCM or float`);
  if (bits === 8) return (o) => (view.getUint8(o) - 128) / 128;
  if (bits === 16) return (o) => view.getInt16(o, true) / 32768;
  if (bits === 24) return (o) => ((view.getInt8(o + 2) << 16) | view.getUint16(o, true)) / 8388608;
  if (bits === 32) return (o) => view.getInt32(o, true) / 2147483648;
  throw corrupt(`${bits}-bit PCM is not supported`);
}

/** Decodes a whole WAV file into one Float32Array per channel. */
export function decodeWav(bytes: Uint8Array): PcmAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (bytes.length < 12 || (magic !== "RIFF" && magic !== "RF64" && magic !== "BW64")) throw corrupt("no RIFF header");
  let fmt: FmtChunk | undefined;
  let dataAt = -1;
  let dataSize = 0;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === "fmt ") fmt = readFmt(view, body, size);
    if (id === "data") {
      dataAt = body;
      // RF64 writes 0xFFFFFFFF here; a truncated file claims more than it has. Both: take what is there.
      dataSize = Math.min(size, bytes.length - body);
      break;
    }
    at = body + size + (size & 1);
  }
  if (!fmt) throw corrupt("it has no fmt chunk");
  if (dataAt < 0) throw corrupt("it has no data chunk");
  if (fmt.channels < 1 || fmt.sampleRate < 1000 || fmt.blockAlign < 1) throw corrupt("its header is invalid");
  const read = sampleReader(view, fmt);
  const frames = Math.floor(dataSize / fmt.blockAlign);
  if (frames < 1) throw corrupt("it holds no audio");
  const bytesPerSample = fmt.bitsPerSample / 8;
  const channels = Array.from({ length: fmt.channels }, () => new Float32Array(frames));
  for (let i = 0; i < frames; i++) {
    const frameAt = dataAt + i * fmt.blockAlign;
    for (let c = 0; c < fmt.channels; c++) channels[c]![i] = read(frameAt + c * bytesPerSample);
  }
  return { sampleRate: fmt.sampleRate, channels };
}
