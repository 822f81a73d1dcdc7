/**
 * File type by magic bytes (never by extension alone): a text file named .mp4 is not a video.
 * Container signatures from the format specs: ISO/IEC 14496-12 (ftyp), RIFF (WAVE/AVI/WEBP),
 * EBML (Matroska DocType), JPEG SOI, PNG signature, GIF87a/89a, MPEG audio and ADTS frame syncs.
 */
import type { ReferenceFormat, ReferenceKind } from "./types.js";

/** How many leading bytes `sniffFormat` wants. */
export const SNIFF_BYTES = 4096;

export interface Sniffed {
  format: ReferenceFormat;
  kind: ReferenceKind;
}

const KIND: Record<ReferenceFormat, ReferenceKind> = {
  mp4: "video",
  mov: "video",
  avi: "video",
  webm: "video",
  mkv: "video",
  jpg: "image",
  png: "image",
  gif: "image",
  webp: "image",
  mp3: "audio",
  wav: "audio",
  m4a: "audio",
  aac: "audio",
};

export function kindOf(format: ReferenceFormat): ReferenceKind {
  return KIND[format];
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  if (bytes.length < start + length) return "";
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

const AUDIO_BRANDS = new Set(["M4A ", "M4B ", "M4P ", "F4A ", "F4B "]);
const QUICKTIME_TOP_BOXES = new Set(["moov", "mdat", "wide", "free", "skip", "pnot"]);

function isoFormat(bytes: Uint8Array): ReferenceFormat | undefined {
  const box = ascii(bytes, 4, 4);
  if (box === "ftyp") {
    const brand = ascii(bytes, 8, 4);
    if (brand === "qt  ") return "mov";
    if (AUDIO_BRANDS.has(brand)) return "m4a";
    return "mp4";
  }
  return QUICKTIME_TOP_BOXES.has(box) ? "mov" : undefined;
}

function riffFormat(bytes: Uint8Array): ReferenceFormat | undefined {
  const magic = ascii(bytes, 0, 4);
  if (magic !== "RIFF" && magic !== "RF64" && magic !== "BW64") return undefined;
  const type = ascii(bytes, 8, 4);
  if (type === "WAVE") return "wav";
  if (type === "AVI ") return "avi";
  if (type === "WEBP" && magic === "RIFF") return "webp";
  return undefined;
}

function matroskaFormat(bytes: Uint8Array): ReferenceFormat | undefined {
  if (!(bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3)) return undefined;
  const head = ascii(bytes, 0, Math.min(bytes.length, 128));
  return head.includes("webm") ? "webm" : "mkv";
}

/** Bytes after an ID3v2 tag (synchsafe size, ID3v2.4 §3.1), or 0 when there is none. */
function id3Length(bytes: Uint8Array): number {
  if (ascii(bytes, 0, 3) !== "ID3" || bytes.length < 10) return 0;
  const size = ((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f);
  const footer = (bytes[5]! & 0x10) !== 0 ? 10 : 0;
  return 10 + size + footer;
}

function mpegAudioFormat(bytes: Uint8Array): ReferenceFormat | undefined {
  const skip = id3Length(bytes);
  if (skip > 0 && skip >= bytes.length) return "mp3"; // a tag longer than the sniff window: ID3 means MP3 in practice
  const b0 = bytes[skip];
  const b1 = bytes[skip + 1];
  if (b0 === undefined || b1 === undefined || b0 !== 0xff) {
    return ascii(bytes, skip, 4) === "ADIF" ? "aac" : undefined;
  }
  const b2 = bytes[skip + 2] ?? 0xff;
  // ADTS: 12-bit sync, layer 00, a sampling-frequency index that exists (ISO/IEC 13818-7 §6.2).
  if ((b1 & 0xf6) === 0xf0) return ((b2 >> 2) & 0xf) < 13 ? "aac" : undefined;
  // MPEG 1/2/2.5 layer I–III, with a bitrate index and sample-rate index that are not the reserved ones.
  const layerOk = ((b1 >> 1) & 3) !== 0 && ((b1 >> 3) & 3) !== 1;
  const headerOk = b2 >> 4 !== 0xf && ((b2 >> 2) & 3) !== 3;
  return (b1 & 0xe0) === 0xe0 && layerOk && headerOk ? "mp3" : undefined;
}

/** The format these leading bytes announce, or undefined when none of the supported ones. */
export function sniffFormat(bytes: Uint8Array): Sniffed | undefined {
  if (bytes.length < 4) return undefined;
  let format: ReferenceFormat | undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) format = "jpg";
  else if (ascii(bytes, 0, 8) === "\x89PNG\r\n\x1a\n") format = "png";
  else if (ascii(bytes, 0, 6) === "GIF87a" || ascii(bytes, 0, 6) === "GIF89a") format = "gif";
  else format = riffFormat(bytes) ?? isoFormat(bytes) ?? matroskaFormat(bytes) ?? mpegAudioFormat(bytes);
  return format ? { format, kind: KIND[format] } : undefined;
}
