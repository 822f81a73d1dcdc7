/**
 * Raw AAC (ADTS) that reports its own length. An ADTS stream has no duration field: ffprobe, and players like
 * it, estimate one from the average bit rate of the first frames (ffprobe 5: the first 50), so a track that
 * opens quietly (few bits) reads seconds too long. Fill elements (ISO/IEC 14496-3: ID_FIL with EXT_FILL) pad
 * the opening frames up to the bit rate of the rest — or, after a dense opening, the rest up to the opening's —
 * so the two agree. Decoders skip fill: the audio decodes sample for sample the same.
 *
 *   frame: header │ raw_data_block: … elements … [ID_FIL cnt (esc) 0x00 0xA5…] ID_END │ byte alignment
 */

import { BitWriter, ByteCollector } from "./bytes.js";

export const ADTS_FILL_DEFAULTS = {
  /** Frames a duration estimate averages (ffprobe's parser; the padding tracks the average up to here). */
  estimateFrames: 50,
  /** A raw data block's largest size a channel (the decoder's input buffer: 6144 bits). */
  maxBlockBytesPerChannel: 768,
} as const;

/** One FIL element's largest payload: a longer fill is several elements. */
const MAX_FIL_BYTES = 269;

const ID_FIL = 6;
const ID_END = 7;
const EXT_FILL_BYTE = 0xa5;

interface Frame {
  at: number;
  header: number;
  length: number;
  channels: number;
}

/** The stream's frames, or undefined when it is not plain ADTS (a CRC or several blocks a frame are left alone). */
function framesOf(adts: Uint8Array): Frame[] | undefined {
  const frames: Frame[] = [];
  for (let at = 0; at < adts.length; ) {
    if (at + 7 > adts.length || adts[at] !== 0xff || (adts[at + 1]! & 0xf6) !== 0xf0) return undefined;
    const crc = (adts[at + 1]! & 1) === 0;
    const length = ((adts[at + 3]! & 3) << 11) | (adts[at + 4]! << 3) | (adts[at + 5]! >> 5);
    if (crc || (adts[at + 6]! & 3) !== 0 || length < 8 || at + length > adts.length) return undefined;
    const channels = ((adts[at + 2]! & 1) << 2) | (adts[at + 3]! >> 6) || 2;
    frames.push({ at, header: 7, length, channels });
    at += length;
  }
  return frames;
}

/** The sizes of the FIL elements that carry `total` fill bytes. */
function filElements(total: number): number[] {
  const sizes: number[] = [];
  for (let left = total; left > 0; left -= MAX_FIL_BYTES) sizes.push(Math.min(MAX_FIL_BYTES, left));
  return sizes;
}

/** The bits of FIL elements carrying these byte counts. */
const filBits = (sizes: readonly number[]) => sizes.reduce((n, c) => n + 3 + 4 + (c >= 15 ? 8 : 0) + 8 * c, 0);

/**
 * The frame grown by about `grow` bytes (within one) with a fill element before its ID_END; the frame itself
 * when its block does not end in ID_END as expected.
 */
function padFrame(frame: Uint8Array, header: number, grow: number, maxBlockBytes: number): Uint8Array {
  let last = frame.length - 1;
  while (last >= header && frame[last] === 0) last--;
  if (last < header) return frame;
  // the last set bit ends ID_END (111); byte alignment after it is zeros
  const byte = frame[last]!;
  let lowest = 0;
  while (((byte >> lowest) & 1) === 0) lowest++;
  const endBit = (last - header) * 8 + (7 - lowest);
  const pre = endBit - 2;
  const payloadBits = (frame.length - header) * 8;
  const bitAt = (b: number) => (frame[header + (b >> 3)]! >> (7 - (b & 7))) & 1;
  if (pre < 0 || bitAt(pre) + bitAt(pre + 1) + bitAt(pre + 2) !== 3 || endBit >= payloadBits) return frame;
  const oldBytes = frame.length - header;
  const room = Math.min(grow, maxBlockBytes - oldBytes);
  const blockBytes = (fill: number[]) => Math.ceil((pre + filBits(fill) + 3) / 8);
  let total = Math.max(0, room);
  while (total > 0 && blockBytes(filElements(total)) - oldBytes > room) total--;
  if (total === 0) return frame;
  const fill = filElements(total);
  const out = new BitWriter(header + blockBytes(fill));
  out.writeBytes(frame.subarray(0, header + (pre >> 3)));
  for (let b = pre & ~7; b < pre; b++) out.write(bitAt(b), 1);
  for (const count of fill) {
    out.write(ID_FIL, 3);
    if (count >= 15) {
      out.write(15, 4);
      out.write(count - 14, 8);
    } else out.write(count, 4);
    // extension_payload: EXT_FILL (0000) and its fill_nibble (0000), then fill bytes
    out.write(0, 8);
    for (let k = 1; k < count; k++) out.write(EXT_FILL_BYTE, 8);
  }
  out.write(ID_END, 3);
  out.align();
  const result = out.bytes();
  // the header's 13-bit frame_length
  const length = result.length;
  result[3] = (result[3]! & 0xfc) | ((length >> 11) & 3);
  result[4] = (length >> 3) & 0xff;
  result[5] = (result[5]! & 0x1f) | ((length & 7) << 5);
  return result;
}

/** The ADTS stream with its bit rate evened out as above; the input itself when it is not plain ADTS or too short. */
export function evenAdtsBitRate(adts: Uint8Array, opening: number = ADTS_FILL_DEFAULTS.estimateFrames): Uint8Array {
  const frames = framesOf(adts);
  // no more frames than an estimate averages: it averages them all, and is right as it is
  if (!frames || frames.length <= opening) return adts;
  const frame = (k: number) => adts.subarray(frames[k]!.at, frames[k]!.at + frames[k]!.length);
  const pad = (k: number, want: number) =>
    want > 0
      ? padFrame(frame(k), frames[k]!.header, want, ADTS_FILL_DEFAULTS.maxBlockBytesPerChannel * frames[k]!.channels)
      : frame(k);
  const n = frames.length;
  let rest = 0;
  for (let k = opening; k < n; k++) rest += frames[k]!.length;
  // the opening grows along the rest's average (its running total never falls behind: so estimates over fewer
  // frames come out near right too)
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let k = 0; k < opening; k++) {
    const p = pad(k, Math.round(((k + 1) * rest) / (n - opening) - total - frames[k]!.length));
    parts.push(p);
    total += p.length;
  }
  // a denser opening than the rest: the rest grows to its average instead
  const lack = (total / opening) * (n - opening) - rest;
  let owed = 0;
  for (let k = opening; k < n; k++) {
    owed += lack > 0 ? lack / (n - opening) : 0;
    const p = pad(k, Math.floor(owed));
    owed -= p.length - frames[k]!.length;
    parts.push(p);
  }
  const out = new ByteCollector();
  for (const p of parts) out.push(p, true);
  return out.result();
}
