/**
 * Joins two Ogg Vorbis streams encoded with the same settings from overlapping stretches of one signal into one
 * stream — so a long file can be encoded in segments on several cores (see ogg-segments.ts).
 *
 * Vorbis packets are MDCT blocks of two sizes that overlap their neighbours by half; a packet's window shape
 * depends on the sizes of the blocks on either side (Vorbis I spec §1.3.2, §4.3.1). The streams are joined at a
 * packet boundary where both encoders placed a block boundary at the same sample with the same block sizes on
 * both sides, so every window still meets the window its encoder planned for. The packets are then laid into
 * fresh pages (RFC 3533) with granule positions counted on from the first stream's.
 */
import { oggPackets, type TimedPacket } from "./ogg-pages.js";

/** Bit `p` of a Vorbis packet (bits are packed from the least significant end of each byte). */
const bit = (b: Uint8Array, p: number) => ((b[p >> 3] ?? 0) >> (p & 7)) & 1;

function bitsAt(b: Uint8Array, p: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) v |= bit(b, p + k) << k;
  return v;
}

/**
 * The block flag (0 short, 1 long) of each mode, read from the end of the setup header, where the mode
 * configurations sit after the codebooks, floors, residues and mappings: 41 bits each (block flag, a zero
 * window type, a zero transform type, the mapping), preceded by their count less one in 6 bits and followed
 * by the framing bit. Walking back mode by mode while each looks like one (zero types, a mapping under 64), the
 * largest count whose 6-bit field agrees is taken, as ffmpeg's Vorbis parser does (a smaller one can agree by
 * chance: a mode's mapping bits are mostly zero).
 */
export function modeBlockFlags(setup: Uint8Array): number[] | undefined {
  let end = setup.length * 8 - 1;
  while (end >= 0 && bit(setup, end) === 0) end--;
  if (end < 0) return undefined; // `end` is the framing bit
  let found = 0;
  for (let count = 1; count <= 64 && end - 41 * count - 6 >= 0; count++) {
    const at = end - 41 * count;
    if (bitsAt(setup, at + 1, 16) !== 0 || bitsAt(setup, at + 17, 16) !== 0 || bitsAt(setup, at + 33, 8) > 63) break;
    if (bitsAt(setup, at - 6, 6) === count - 1) found = count;
  }
  if (found === 0) return undefined;
  const first = end - 41 * found;
  return Array.from({ length: found }, (_, m) => bit(setup, first + 41 * m));
}

/** What the join needs of one stream: its headers, its audio packets, their block sizes and end positions. */
export interface VorbisStream {
  /** The Ogg stream's serial number. */
  serial: number;
  headers: Uint8Array[];
  audio: Uint8Array[];
  /** Block size of each audio packet, in samples. */
  sizes: number[];
  /** Sample position (in the stream's own count) where each audio packet's returned samples end. */
  ends: number[];
  /** The stream's last granule position: its length in samples. */
  length: number;
}

export function vorbisStream(bytes: Uint8Array): VorbisStream | undefined {
  const ogg = oggPackets(bytes);
  if (!ogg || ogg.packets.length < 4) return undefined;
  const [id, comment, setup] = ogg.packets as [Uint8Array, Uint8Array, Uint8Array];
  if (id[0] !== 1 || comment[0] !== 3 || setup[0] !== 5) return undefined;
  const blocks = [1 << (id[28]! & 15), 1 << (id[28]! >> 4)];
  const flags = modeBlockFlags(setup);
  if (!flags) return undefined;
  const modeBits = Math.ceil(Math.log2(flags.length));
  const audio = ogg.packets.slice(3);
  const sizes: number[] = [];
  const ends: number[] = [];
  let position = 0;
  for (const [k, p] of audio.entries()) {
    if (p.length === 0 || bit(p, 0) !== 0) return undefined;
    const flag = flags[bitsAt(p, 1, modeBits)];
    if (flag === undefined) return undefined;
    const size = blocks[flag]!;
    // a packet returns the samples between its centre and its predecessor's (the first returns none)
    if (k > 0) position += sizes[k - 1]! / 4 + size / 4;
    sizes.push(size);
    ends.push(position);
  }
  const last = ogg.granules[ogg.granules.length - 1]!;
  return { serial: ogg.serial, headers: [id, comment, setup], audio, sizes, ends, length: Number(last) };
}

/** A stream encoded from sample `offset` of the whole (its own positions count from there). */
export interface PlacedStream {
  stream: VorbisStream;
  offset: number;
}

/** An audio packet, its block size and its end position in the whole. */
interface PlacedPacket extends TimedPacket {
  size: number;
}

/**
 * The streams' audio packets as one sequence: each stream up to the first common block boundary at or after
 * `cuts[k]` (within `reach` samples), the next from there. Undefined when the headers differ or no boundary fits.
 */
export function joinVorbis(
  streams: readonly PlacedStream[],
  cuts: readonly number[],
  reach: number,
): { headers: Uint8Array[]; packets: PlacedPacket[]; length: number } | undefined {
  const first = streams[0];
  if (!first) return undefined;
  const same = (x: Uint8Array, y: Uint8Array) => x.length === y.length && x.every((v, i) => v === y[i]);
  if (streams.some((s) => !s.stream.headers.every((h, i) => same(h, first.stream.headers[i]!)))) return undefined;
  const packets: PlacedPacket[] = [];
  let from = 0; // first packet of the current stream still to take
  for (let k = 0; k < streams.length; k++) {
    const { stream: a, offset: oa } = streams[k]!;
    const next = streams[k + 1];
    let upTo = a.audio.length - 1; // last packet of `a` taken
    let resume = 0;
    if (next) {
      const { stream: b, offset: ob } = next;
      const inB = new Map(b.ends.map((e, j) => [e + ob, j]));
      let found = false;
      for (let i = Math.max(from, 1); i + 1 < a.audio.length && a.ends[i]! + oa <= cuts[k]! + reach; i++) {
        const at = a.ends[i]! + oa;
        const j = inB.get(at);
        if (at < cuts[k]! || j === undefined || j + 1 >= b.audio.length) continue;
        // the windows on both sides of the boundary were planned for these very block sizes
        if (a.sizes[i] !== b.sizes[j] || a.sizes[i + 1] !== b.sizes[j + 1]) continue;
        upTo = i;
        resume = j + 1;
        found = true;
        break;
      }
      if (!found) return undefined;
    }
    for (let i = from; i <= upTo; i++) packets.push({ data: a.audio[i]!, size: a.sizes[i]!, end: a.ends[i]! + oa });
    from = resume;
  }
  // the joined sequence must count its samples as a decoder will: each packet a quarter of its own block and
  // of its predecessor's past the one before
  for (let k = 1; k < packets.length; k++) {
    const [p, q] = [packets[k - 1]!, packets[k]!];
    if (q.end - p.end !== p.size / 4 + q.size / 4) return undefined;
  }
  const last = streams[streams.length - 1]!;
  return { headers: first.stream.headers, packets, length: last.stream.length + last.offset };
}
