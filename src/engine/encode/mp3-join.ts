/**
 * Joins two MPEG-1 Layer III streams encoded from overlapping stretches of one signal, on the same frame grid,
 * into one stream that decodes as if a single encoder had run — so a long file can be encoded in segments on
 * several cores.
 *
 * Two things tie a frame to its predecessors, and the join must honour both (ISO/IEC 11172-3 §2.4.1.7, §2.4.3.4):
 *   - the bit reservoir: a frame's main data starts `main_data_begin` bytes back, inside earlier frames' payload.
 *     The second stream's first kept frame reaches back into its own run-in frames, which are dropped; those
 *     bytes are copied into the first stream's last frames, after their own main data, where the decoder then
 *     finds them. That needs enough free payload there: joins are tried at several frames.
 *   - the window sequence: a granule's MDCT window overlaps its neighbours', so both streams must have chosen the
 *     same block types for the last granule before the join (each saw the same audio around it).
 * Away from the join each stream is untouched; at the join the decoded audio differs from a single encode's only
 * by quantisation noise.
 */
import { type FrameHeader, parseFrameHeader } from "./mp3-info.js";

/** What the join needs of one frame. */
export interface FrameFacts {
  /** Byte offset of the frame in its stream. */
  at: number;
  header: FrameHeader;
  /** Offset of the payload (after header, CRC and side information) within the frame. */
  payloadOffset: number;
  /** Payload bytes of the stream's earlier frames: where this frame's payload starts in the reservoir's count. */
  payloadStart: number;
  /** Bytes the main data starts before this frame's payload. */
  mainDataBegin: number;
  /** Bytes of main data (part2_3_length summed over granules and channels, rounded up). */
  mainDataBytes: number;
  /** The last granule's window per channel: window_switching_flag, block_type and mixed_block_flag packed. */
  lastWindows: number[];
}

/** Reads `count` bits MSB-first at bit offset `bit` of `bytes`. */
function bitsAt(bytes: Uint8Array, bit: number, count: number): number {
  let v = 0;
  for (let k = 0; k < count; k++) {
    const b = bit + k;
    v = (v << 1) | ((bytes[b >> 3]! >> (7 - (b & 7))) & 1);
  }
  return v;
}

/** Side information bits per granule and channel in MPEG-1 (the same for long and switched windows). */
const GRANULE_CHANNEL_BITS = 59;

/** Every frame of an MPEG-1 Layer III stream, or undefined when it is not one (the caller then encodes whole). */
export function frameFacts(bytes: Uint8Array): FrameFacts[] | undefined {
  const frames: FrameFacts[] = [];
  let payloadStart = 0;
  for (let at = 0; at < bytes.length; ) {
    const header = parseFrameHeader(bytes, at);
    if (header?.version !== 1 || at + header.frameBytes > bytes.length) return undefined;
    const crc = (bytes[at + 1]! & 1) === 0 ? 2 : 0;
    const channels = header.channelMode === 3 ? 1 : 2;
    const side = (at + 4 + crc) * 8;
    const mainDataBegin = bitsAt(bytes, side, 9);
    // private bits, then each channel's four scfsi bits
    let bit = side + 9 + (channels === 1 ? 5 : 3) + 4 * channels;
    let mainBits = 0;
    const lastWindows: number[] = [];
    for (let gr = 0; gr < 2; gr++) {
      for (let ch = 0; ch < channels; ch++) {
        mainBits += bitsAt(bytes, bit, 12);
        // part2_3_length 12, big_values 9, global_gain 8, scalefac_compress 4, then window_switching_flag
        const switching = bitsAt(bytes, bit + 33, 1);
        // block_type and mixed_block_flag (3 bits) under a marker bit of their own
        if (gr === 1) lastWindows.push(switching === 1 ? 8 | bitsAt(bytes, bit + 34, 3) : 0);
        bit += GRANULE_CHANNEL_BITS;
      }
    }
    const payloadOffset = 4 + crc + header.sideInfoBytes;
    frames.push({
      at,
      header,
      payloadOffset,
      payloadStart,
      mainDataBegin,
      mainDataBytes: Math.ceil(mainBits / 8),
      lastWindows,
    });
    payloadStart += header.frameBytes - payloadOffset;
    at += header.frameBytes;
  }
  return frames;
}

/** Where a frame's payload ends, in the reservoir's count. */
const payloadEnd = (f: FrameFacts) => f.payloadStart + f.header.frameBytes - f.payloadOffset;

/** The byte of the stream at payload position `p` (in one of `frames`). */
function payloadByte(frames: readonly FrameFacts[], p: number): number {
  let lo = 0;
  let hi = frames.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (frames[mid]!.payloadStart <= p) lo = mid;
    else hi = mid - 1;
  }
  const f = frames[lo]!;
  return f.at + f.payloadOffset + (p - f.payloadStart);
}

export interface Segment {
  bytes: Uint8Array;
  frames: FrameFacts[];
  /** The global index of this stream's frame 0 (its input started that many frames into the whole). */
  firstFrame: number;
}

/** Where two streams join: a's bytes before `headEnd`, then b's from `tailStart`. */
export interface Join {
  headEnd: number;
  tailStart: number;
}

/**
 * Joins `a` up to global frame `join` (exclusive) to `b` from it, writing b's reservoir bytes into a's tail in
 * place; undefined (and `a` untouched) when this join cannot work: not enough free payload, or the windows
 * before the join disagree.
 */
export function joinAt(a: Segment, b: Segment, join: number): Join | undefined {
  const ia = join - a.firstFrame;
  const ib = join - b.firstFrame;
  if (ia < 1 || ia > a.frames.length || ib < 1 || ib >= b.frames.length) return undefined;
  const lastA = a.frames[ia - 1]!;
  const prevB = b.frames[ib - 1]!;
  if (lastA.lastWindows.join() !== prevB.lastWindows.join()) return undefined;
  const reach = b.frames[ib]!.mainDataBegin;
  const headEnd = payloadEnd(lastA);
  const tailStart = b.frames[ib]!.payloadStart;
  if (headEnd - reach < lastA.payloadStart - lastA.mainDataBegin + lastA.mainDataBytes) return undefined;
  for (let k = 1; k <= reach; k++) {
    a.bytes[payloadByte(a.frames, headEnd - k)] = b.bytes[payloadByte(b.frames, tailStart - k)]!;
  }
  return { headEnd: lastA.at + lastA.header.frameBytes, tailStart: b.frames[ib]!.at };
}

/**
 * The segments as one stream: each joined to the next at the first frame in its `candidates` that works (see
 * joinAt), as views of the segments' own bytes; undefined when some pair has no such frame.
 */
export function joinSegments(
  segments: readonly Segment[],
  candidates: readonly (readonly number[])[],
): Uint8Array[] | undefined {
  const joins: Join[] = [];
  for (let k = 1; k < segments.length; k++) {
    let found: Join | undefined;
    for (const join of candidates[k - 1] ?? []) {
      found = joinAt(segments[k - 1]!, segments[k]!, join);
      if (found) break;
    }
    if (!found) return undefined;
    joins.push(found);
  }
  return segments.map((s, k) => s.bytes.subarray(joins[k - 1]?.tailStart ?? 0, joins[k]?.headEnd ?? s.bytes.length));
}
