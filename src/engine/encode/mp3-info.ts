/**
 * The LAME "Info" tag (the Xing header of a constant-bit-rate stream plus LAME's 36-byte extension), written
 * as a silent first frame. Without it a decoder plays every frame whole: the encoder's 576-sample delay, the
 * decoder's 529 and the last frame's padding become audible silence (a gap at a loop's seam) and the duration
 * reads up to ~50 ms long. With it, gapless-aware decoders (ffmpeg, foobar2000, Rockbox, browsers) trim exactly
 * `delaySamples` + 529 at the start and stop `paddingSamples` before the end.
 *
 * Layout: Xing/Info tag as described at gabriel.mp3-tech.org/mp3infotag.html (LAME tag revision 0); frame
 * headers per ISO/IEC 11172-3 §2.4.2.3 and 13818-3 (MPEG-2/2.5 low sample rates).
 */
import { ComposerError } from "../types.js";

export interface FrameHeader {
  /** 1 = MPEG-1, 2 = MPEG-2, 2.5 = MPEG-2.5. */
  version: 1 | 2 | 2.5;
  bitrateKbps: number;
  sampleRateHz: number;
  padded: boolean;
  /** 0 stereo, 1 joint stereo, 2 dual channel, 3 mono (the header's two mode bits). */
  channelMode: number;
  frameBytes: number;
  samplesPerFrame: number;
  /** Bytes of side information after the 4-byte header (where the Xing tag starts). */
  sideInfoBytes: number;
}

const MPEG1_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MPEG2_KBPS = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const MPEG1_HZ = [44100, 48000, 32000];

/** Where each field sits, counted from the "Info" marker. */
const AT = {
  flags: 4,
  frames: 8,
  bytes: 12,
  toc: 16,
  quality: 116,
  encoder: 120,
  revisionMethod: 129,
  lowpass: 130,
  peak: 131,
  replayGain: 135,
  encodingFlags: 139,
  bitrate: 140,
  delayPadding: 141,
  misc: 144,
  mp3Gain: 145,
  preset: 146,
  musicLength: 148,
  musicCrc: 152,
  tagCrc: 154,
  end: 156,
} as const;

const XING_FLAGS = 0x0f; // frames, bytes, TOC and quality fields present
const VBR_METHOD_CBR = 1;
const ATH_TYPE = 4; // LAME's default absolute-threshold-of-hearing curve
const MAX_12_BITS = 4095;
/** 100 − 10·4 − 3: LAME's defaults (VBR quality 4, algorithm quality 3), which the WASM build leaves alone. */
const DEFAULT_QUALITY = 57;

/** The Layer III frame header at `at`, or undefined when none is there. */
export function parseFrameHeader(bytes: Uint8Array, at = 0): FrameHeader | undefined {
  if (at + 4 > bytes.length) return undefined;
  const b1 = bytes[at + 1]!;
  const b2 = bytes[at + 2]!;
  const b3 = bytes[at + 3]!;
  if (bytes[at] !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b1 >> 3) & 3;
  if (versionBits === 1 || ((b1 >> 1) & 3) !== 1) return undefined; // reserved version, or not Layer III
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5;
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const bitrateKbps = (version === 1 ? MPEG1_KBPS : MPEG2_KBPS)[bitrateIndex]!;
  const sampleRateHz = MPEG1_HZ[rateIndex]! / (version === 1 ? 1 : version === 2 ? 2 : 4);
  const padded = ((b2 >> 1) & 1) === 1;
  const channelMode = b3 >> 6;
  const samplesPerFrame = version === 1 ? 1152 : 576;
  const mono = channelMode === 3;
  return {
    version,
    bitrateKbps,
    sampleRateHz,
    padded,
    channelMode,
    frameBytes: frameBytesOf(version, bitrateKbps, sampleRateHz, padded),
    samplesPerFrame,
    sideInfoBytes: version === 1 ? (mono ? 17 : 32) : mono ? 9 : 17,
  };
}

function frameBytesOf(version: 1 | 2 | 2.5, kbps: number, rateHz: number, padded: boolean): number {
  return Math.floor(((version === 1 ? 144000 : 72000) * kbps) / rateHz) + (padded ? 1 : 0);
}

/** CRC-16/ARC byte table: polynomial 0x8005 reflected (0xA001), one entry per byte value. */
const CRC_TABLE = (() => {
  const t = new Uint16Array(256);
  for (let b = 0; b < 256; b++) {
    let c = b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    t[b] = c;
  }
  return t;
})();

/** CRC-16/ARC (initial 0), continued from `crc`: the checksum LAME's tag uses for the music and itself. */
export function crc16Arc(bytes: Uint8Array, crc = 0, from = 0, to = bytes.length): number {
  let c = crc;
  for (let i = from; i < to; i++) c = (c >>> 8) ^ CRC_TABLE[(c ^ bytes[i]!) & 0xff]!;
  return c;
}

/**
 * Walks a stream of back-to-back Layer III frames held in parts (as an encoder hands them out): the first
 * frame's header, the frame count, the byte count and the CRC-16 of all of it. Throws when the parts are not
 * exactly whole frames: the tag would then describe another stream.
 */
export function scanFrames(parts: readonly Uint8Array[]): {
  first: FrameHeader | undefined;
  frames: number;
  bytes: number;
  crc: number;
} {
  let bytes = 0;
  let crc = 0;
  for (const p of parts) {
    bytes += p.length;
    crc = crc16Arc(p, crc);
  }
  const header = new Uint8Array(4);
  let part = 0;
  let partStart = 0;
  const fill = (offset: number): boolean => {
    for (let k = 0; k < 4; k++) {
      const at = offset + k;
      while (part < parts.length && at >= partStart + parts[part]!.length) partStart += parts[part++]!.length;
      if (part >= parts.length) return false;
      header[k] = parts[part]![at - partStart]!;
    }
    return true;
  };
  let first: FrameHeader | undefined;
  let frames = 0;
  let at = 0;
  while (at < bytes) {
    const h = fill(at) ? parseFrameHeader(header) : undefined;
    if (!h) throw new ComposerError("INTERNAL", `no MP3 frame header at byte ${at} of ${bytes}`);
    first ??= h;
    frames++;
    at += h.frameBytes;
  }
  if (at !== bytes) throw new ComposerError("INTERNAL", `the last MP3 frame runs ${at - bytes} bytes past the stream`);
  return { first, frames, bytes, crc };
}

export interface InfoTagFields {
  /** The first audio frame's header: the tag frame copies its version, rate and channel mode. */
  audio: FrameHeader;
  /** Audio frames after the tag frame. */
  frames: number;
  /** Bytes of those audio frames. */
  audioBytes: number;
  /** CRC-16/ARC of those audio frames. */
  musicCrc: number;
  /** Samples before the first wanted one, counted from the first decoded sample minus the decoder's 529. */
  delaySamples: number;
  /** Samples after the last wanted one in the last frame. */
  paddingSamples: number;
  lowpassHz?: number;
  /** Xing quality indicator, 0..100 (LAME writes 100 − 10·vbrQuality − algorithmQuality). */
  quality?: number;
}

/** The smallest frame at the stream's rate and bit rate or above that holds the whole tag. */
function tagHeader(audio: FrameHeader): FrameHeader {
  const table = audio.version === 1 ? MPEG1_KBPS : MPEG2_KBPS;
  for (const kbps of table) {
    if (kbps < audio.bitrateKbps) continue;
    const frameBytes = frameBytesOf(audio.version, kbps, audio.sampleRateHz, false);
    if (frameBytes >= 4 + audio.sideInfoBytes + AT.end) {
      return { ...audio, bitrateKbps: kbps, padded: false, frameBytes };
    }
  }
  throw new ComposerError("INTERNAL", `no ${audio.sampleRateHz} Hz frame is large enough for the Info tag`);
}

function headerBytes(h: FrameHeader): number[] {
  const versionBits = h.version === 1 ? 3 : h.version === 2 ? 2 : 0;
  const table = h.version === 1 ? MPEG1_KBPS : MPEG2_KBPS;
  const rateIndex = MPEG1_HZ.indexOf(h.sampleRateHz * (h.version === 1 ? 1 : h.version === 2 ? 2 : 4));
  // no CRC protection, no padding, "original" set as LAME's own frames have it
  return [
    0xff,
    0xe0 | (versionBits << 3) | (1 << 1) | 1,
    (table.indexOf(h.bitrateKbps) << 4) | (rateIndex << 2),
    (h.channelMode << 6) | 0x04,
  ];
}

/** LAME's stereo-mode code (3 bits) for the header's channel mode. */
const STEREO_MODE = [1, 3, 2, 0];

function sourceRateCode(rateHz: number): number {
  if (rateHz < 32000) return 0;
  if (rateHz === 44100) return 1;
  if (rateHz === 48000) return 2;
  return rateHz > 48000 ? 3 : 0;
}

/** The Info tag frame to put before the audio frames. */
export function infoTagFrame(f: InfoTagFields): Uint8Array {
  if (f.delaySamples < 0 || f.delaySamples > MAX_12_BITS || f.paddingSamples < 0 || f.paddingSamples > MAX_12_BITS) {
    throw new ComposerError(
      "INTERNAL",
      `encoder delay ${f.delaySamples} / padding ${f.paddingSamples} do not fit 12 bits each`,
    );
  }
  const h = tagHeader(f.audio);
  const frame = new Uint8Array(h.frameBytes);
  const view = new DataView(frame.buffer);
  frame.set(headerBytes(h), 0);
  const x = 4 + h.sideInfoBytes; // side information stays zero: the frame decodes as silence
  const totalBytes = h.frameBytes + f.audioBytes;
  frame.set([0x49, 0x6e, 0x66, 0x6f], x); // "Info": the Xing tag of a constant-bit-rate stream
  view.setUint32(x + AT.flags, XING_FLAGS);
  view.setUint32(x + AT.frames, f.frames);
  view.setUint32(x + AT.bytes, totalBytes);
  // constant bit rate: byte position grows linearly with time (each entry is 1/256ths of the file at i %)
  for (let i = 0; i < 100; i++) frame[x + AT.toc + i] = Math.floor((i * 256) / 100);
  view.setUint32(x + AT.quality, f.quality ?? DEFAULT_QUALITY);
  for (const [i, c] of [..."LAME3.100"].entries()) frame[x + AT.encoder + i] = c.charCodeAt(0);
  frame[x + AT.revisionMethod] = (0 << 4) | VBR_METHOD_CBR;
  frame[x + AT.lowpass] = Math.min(255, Math.round((f.lowpassHz ?? 0) / 100));
  // peak (float) and radio/audiophile replay gain stay 0: not measured
  frame[x + AT.encodingFlags] = ATH_TYPE;
  frame[x + AT.bitrate] = Math.min(255, f.audio.bitrateKbps);
  const dp = (f.delaySamples << 12) | f.paddingSamples;
  frame.set([(dp >> 16) & 0xff, (dp >> 8) & 0xff, dp & 0xff], x + AT.delayPadding);
  frame[x + AT.misc] = (sourceRateCode(f.audio.sampleRateHz) << 6) | (STEREO_MODE[f.audio.channelMode]! << 2);
  // mp3 gain 0, preset/surround 0 (plain CBR)
  view.setUint32(x + AT.musicLength, totalBytes);
  view.setUint16(x + AT.musicCrc, f.musicCrc);
  view.setUint16(x + AT.tagCrc, crc16Arc(frame, 0, 0, x + AT.tagCrc));
  return frame;
}

export interface InfoTag {
  header: FrameHeader;
  frames: number;
  totalBytes: number;
  quality: number;
  encoder: string;
  vbrMethod: number;
  bitrateKbps: number;
  delaySamples: number;
  paddingSamples: number;
  musicLength: number;
  musicCrc: number;
  tagCrc: number;
  /** The tag CRC recomputed over the frame: equal to `tagCrc` when the tag is intact. */
  tagCrcComputed: number;
}

/** The Info/Xing tag with LAME extension at the start of `file`, or undefined when it has none. */
export function readInfoTag(file: Uint8Array): InfoTag | undefined {
  const header = parseFrameHeader(file, 0);
  if (!header || header.frameBytes > file.length) return undefined;
  const x = 4 + header.sideInfoBytes;
  const marker = String.fromCharCode(...file.subarray(x, x + 4));
  if ((marker !== "Info" && marker !== "Xing") || x + AT.end > header.frameBytes) return undefined;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const dp =
    (file[x + AT.delayPadding]! << 16) | (file[x + AT.delayPadding + 1]! << 8) | file[x + AT.delayPadding + 2]!;
  return {
    header,
    frames: view.getUint32(x + AT.frames),
    totalBytes: view.getUint32(x + AT.bytes),
    quality: view.getUint32(x + AT.quality),
    encoder: String.fromCharCode(...file.subarray(x + AT.encoder, x + AT.encoder + 9)),
    vbrMethod: file[x + AT.revisionMethod]! & 0x0f,
    bitrateKbps: file[x + AT.bitrate]!,
    delaySamples: dp >> 12,
    paddingSamples: dp & 0xfff,
    musicLength: view.getUint32(x + AT.musicLength),
    musicCrc: view.getUint16(x + AT.musicCrc),
    tagCrc: view.getUint16(x + AT.tagCrc),
    tagCrcComputed: crc16Arc(file, 0, 0, x + AT.tagCrc),
  };
}
