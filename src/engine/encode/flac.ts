/**
 * A small FLAC encoder (format: xiph.org/flac/format.html, RFC 9639): fixed-blocksize frames of 4096
 * samples, left/right or mid/side stereo chosen per frame, FIXED linear predictors of order 0–4 picked by the
 * smallest residual, and partitioned Rice coding with one parameter per partition. STREAMINFO carries no MD5
 * (zero means "unknown", which decoders accept). A VORBIS_COMMENT block holds the title.
 */
import type { StereoBuffer } from "../types.js";
import { BitWriter, ByteCollector } from "./bytes.js";

const BLOCK = 4096;

const CRC8 = Uint8Array.from({ length: 256 }, (_, i) => {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
  return c;
});
const CRC16 = Uint16Array.from({ length: 256 }, (_, i) => {
  let c = i << 8;
  for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x8005) & 0xffff : (c << 1) & 0xffff;
  return c;
});

function crc8(b: Uint8Array, from: number, to: number): number {
  let c = 0;
  for (let i = from; i < to; i++) c = CRC8[c ^ b[i]!]!;
  return c;
}
function crc16(b: Uint8Array, from: number, to: number): number {
  let c = 0;
  for (let i = from; i < to; i++) c = ((c << 8) ^ CRC16[(c >> 8) ^ b[i]!]!) & 0xffff;
  return c;
}

/**
 * FIXED predictor residuals of the given order (FLAC format, "FIXED subframe"): one loop per order, so none
 * decides the order sample by sample.
 */
function residual(x: Int32Array, n: number, order: number, out: Int32Array): void {
  if (order === 0) out.set(x.subarray(0, n));
  else if (order === 1) for (let i = 1; i < n; i++) out[i - 1] = x[i]! - x[i - 1]!;
  else if (order === 2) for (let i = 2; i < n; i++) out[i - 2] = x[i]! - 2 * x[i - 1]! + x[i - 2]!;
  else if (order === 3) for (let i = 3; i < n; i++) out[i - 3] = x[i]! - 3 * x[i - 1]! + 3 * x[i - 2]! - x[i - 3]!;
  else for (let i = 4; i < n; i++) out[i - 4] = x[i]! - 4 * x[i - 1]! + 6 * x[i - 2]! - 4 * x[i - 3]! + x[i - 4]!;
}

/** A residual folded to an unsigned Rice input: 0, −1, 1, −2, … → 0, 1, 2, 3, … (below 2³¹ at 24 bits + side). */
const fold = (r: number) => (r < 0 ? -2 * r - 1 : 2 * r);

function riceParam(res: Int32Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += fold(res[i]!);
  return riceParamFor(sum / Math.max(1, to - from));
}

function riceBits(res: Int32Array, from: number, to: number, k: number): number {
  let quotients = 0;
  for (let i = from; i < to; i++) quotients += fold(res[i]!) >>> k;
  return quotients + (to - from) * (1 + k);
}

/** The largest Rice parameter: RICE2's 5-bit field (31 is its escape code). */
const MAX_RICE = 30;
/** The largest parameter the 4-bit field of plain Rice coding holds (15 is its escape code). */
const MAX_RICE_4BIT = 14;

/** Rice parameter for a mean folded residual: the largest k ≤ MAX_RICE with 2^(k+1) below the mean. */
function riceParamFor(mean: number): number {
  let k = 0;
  while (k < MAX_RICE && 2 ** (k + 1) < mean) k++;
  return k;
}

/**
 * The FIXED order (0–4) with the smallest residual, and an estimate of the channel's Rice-coded bits at it.
 * One pass differences the signal to all five orders at once and sums their magnitudes, as libFLAC's
 * FLAC__fixed_compute_best_predictor does; the first four samples (every order's warm-up) are left out.
 */
function bestOrder(x: Int32Array, n: number, bps: number, scratch: Int32Array): { order: number; bits: number } {
  if (n < 16) return exactBestOrder(x, n, bps, scratch);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let d1 = x[3]! - x[2]!;
  let d2 = d1 - (x[2]! - x[1]!);
  let d3 = d2 - (x[2]! - 2 * x[1]! + x[0]!);
  let prev = x[3]!;
  for (let i = 4; i < n; i++) {
    const e0 = x[i]!;
    const e1 = e0 - prev;
    const e2 = e1 - d1;
    const e3 = e2 - d2;
    const e4 = e3 - d3;
    s0 += Math.abs(e0);
    s1 += Math.abs(e1);
    s2 += Math.abs(e2);
    s3 += Math.abs(e3);
    s4 += Math.abs(e4);
    prev = e0;
    d1 = e1;
    d2 = e2;
    d3 = e3;
  }
  const sums = [s0, s1, s2, s3, s4];
  let order = 0;
  for (let o = 1; o <= 4; o++) if (sums[o]! < sums[order]!) order = o;
  // folded residuals average twice the magnitudes
  const mean = (2 * sums[order]!) / (n - 4);
  const k = riceParamFor(mean);
  return { order, bits: order * bps + (2 * sums[order]!) / 2 ** k + (n - order) * (1 + k) };
}

/** Every order tried in full (short frames, where the one-pass estimate has too few samples). */
function exactBestOrder(x: Int32Array, n: number, bps: number, scratch: Int32Array): { order: number; bits: number } {
  let best = { order: 0, bits: Number.POSITIVE_INFINITY };
  for (let order = 0; order <= Math.min(4, n - 1); order++) {
    residual(x, n, order, scratch);
    const bits = order * bps + riceBits(scratch, 0, n - order, riceParam(scratch, 0, n - order));
    if (bits < best.bits) best = { order, bits };
  }
  return best;
}

function writeSubframe(w: BitWriter, x: Int32Array, n: number, bps: number, order: number, scratch: Int32Array): void {
  w.write(0, 1);
  w.write(0b001000 | order, 6); // FIXED
  w.write(0, 1); // no wasted bits
  for (let i = 0; i < order; i++) w.write(x[i]! & ((2 ** bps - 1) | 0), bps);
  residual(x, n, order, scratch);
  // partition order: largest p ≤ 4 with n divisible by 2^p and each partition longer than the order
  let p = 4;
  while (p > 0 && (n % (1 << p) !== 0 || n >> p <= order)) p--;
  const parts = 1 << p;
  const size = n >> p;
  const lengths = Array.from({ length: parts }, (_, part) => (part === 0 ? size - order : size));
  const params: number[] = [];
  for (let part = 0, from = 0; part < parts; from += lengths[part++]!) {
    params.push(riceParam(scratch, from, from + lengths[part]!));
  }
  // loud 24-bit material (noise, square waves) needs parameters past 14: RICE2 has 5-bit ones
  const wide = params.some((k) => k > MAX_RICE_4BIT);
  w.write(wide ? 1 : 0, 2);
  w.write(p, 4);
  let at = 0;
  for (let part = 0; part < parts; part++) {
    const len = lengths[part]!;
    const k = params[part]!;
    w.write(k, wide ? 5 : 4);
    const low = (1 << k) - 1;
    for (let i = at; i < at + len; i++) {
      const u = fold(scratch[i]!);
      const q = u >>> k;
      // q zeros, a one, then the k low bits: one write when the code fits the writer's 24 bits
      if (q + 1 + k <= 24) w.write((1 << k) | (u & low), q + 1 + k);
      else {
        w.unary(q);
        if (k > 0) w.write(u & low, k);
      }
    }
    at += len;
  }
}

function utf8Number(v: number): number[] {
  if (v < 0x80) return [v];
  const bytes: number[] = [];
  let n = v;
  const conts: number[] = [];
  while (n >= 1 << (6 - conts.length)) {
    conts.unshift(0x80 | (n & 0x3f));
    n >>>= 6;
  }
  const lead = (0xff << (7 - conts.length)) & 0xff;
  bytes.push(lead | n, ...conts);
  return bytes;
}

function rateCode(rate: number): number {
  return rate === 44100 ? 0b1001 : rate === 48000 ? 0b1010 : rate === 96000 ? 0b1011 : rate === 32000 ? 0b1000 : 0;
}

export interface FlacOptions {
  bitDepth?: 16 | 24;
  title?: string;
}

/** Bytes a chunk gathers before it is handed on (whole frames; a 10-minute file is ~200 chunks). */
const CHUNK_BYTES = 1 << 18;
/** Where STREAMINFO's minimum and maximum frame sizes sit in the file ("fLaC", block header, 4 bytes in). */
const FRAME_SIZES_AT = 4 + 4 + 4;

/**
 * The file as chunks, written one after another: a 10-minute stereo file (~50 MB) is never whole in memory.
 * STREAMINFO leads the file, before any frame is known, so its frame sizes say "unknown" (0), as the format
 * allows; `sizes` receives them for a caller that holds the whole file. Each chunk is only valid until the
 * next one is asked for.
 */
export function* flacChunks(
  buffer: StereoBuffer,
  options: FlacOptions = {},
  sizes: { minFrame: number; maxFrame: number } = { minFrame: 0, maxFrame: 0 },
): Generator<Uint8Array> {
  const bps = options.bitDepth === 24 ? 24 : 16;
  const scale = 2 ** (bps - 1) - 1;
  const total = buffer.left.length;
  const w = new BitWriter(CHUNK_BYTES + (1 << 16));
  // "fLaC", STREAMINFO, VORBIS_COMMENT (last)
  for (const c of "fLaC") w.write(c.charCodeAt(0), 8);
  w.write(0, 1);
  w.write(0, 7);
  w.write(34, 24);
  w.write(BLOCK, 16);
  w.write(BLOCK, 16);
  w.write(0, 24);
  w.write(0, 24);
  // 20 bits rate, 3 bits channels − 1, 5 bits bps − 1, 36 bits total samples, then the (unknown) MD5
  w.write(buffer.sampleRate, 20);
  w.write(1, 3);
  w.write(bps - 1, 5);
  w.write(Math.floor(total / 2 ** 32) & 0x0f, 4);
  w.write(Math.floor(total / 2 ** 16) & 0xffff, 16);
  w.write(total & 0xffff, 16);
  for (let i = 0; i < 16; i++) w.write(0, 8);
  const vendor = new TextEncoder().encode("composer-mcp");
  const comments = [new TextEncoder().encode(`TITLE=${options.title ?? ""}`)].filter((c) => c.length > 6);
  const commentLen = 4 + vendor.length + 4 + comments.reduce((a, c) => a + 4 + c.length, 0);
  w.write(1, 1);
  w.write(4, 7);
  w.write(commentLen, 24);
  const le32 = (v: number) => {
    for (let i = 0; i < 4; i++) w.write((v >>> (8 * i)) & 0xff, 8);
  };
  le32(vendor.length);
  for (const b of vendor) w.write(b, 8);
  le32(comments.length);
  for (const c of comments) {
    le32(c.length);
    for (const b of c) w.write(b, 8);
  }
  const L = new Int32Array(BLOCK);
  const R = new Int32Array(BLOCK);
  const M = new Int32Array(BLOCK);
  const S = new Int32Array(BLOCK);
  const scratch = new Int32Array(BLOCK);
  let minFrame = Number.POSITIVE_INFINITY;
  let maxFrame = 0;
  // floor(x + 0.5) is Math.round here (Float32 × scale is exact in double), and much faster in V8
  const quant = (v: number) => Math.max(-scale - 1, Math.min(scale, Math.floor(v * scale + 0.5)));
  for (let frame = 0, start = 0; start < total; frame++, start += BLOCK) {
    const n = Math.min(BLOCK, total - start);
    for (let i = 0; i < n; i++) {
      const l = quant(buffer.left[start + i]!);
      const r = quant(buffer.right[start + i]!);
      L[i] = l;
      R[i] = r;
      M[i] = (l + r) >> 1;
      S[i] = l - r;
    }
    const bl = bestOrder(L, n, bps, scratch);
    const br = bestOrder(R, n, bps, scratch);
    const bm = bestOrder(M, n, bps, scratch);
    const bs = bestOrder(S, n, bps + 1, scratch);
    const midSide = bm.bits + bs.bits < bl.bits + br.bits;
    const frameStart = w.byteLength;
    w.write(0b11111111111110, 14);
    w.write(0, 1);
    w.write(0, 1); // fixed blocksize
    w.write(n === BLOCK ? 0b1100 : 0b0111, 4);
    w.write(rateCode(buffer.sampleRate), 4);
    w.write(midSide ? 0b1010 : 0b0001, 4);
    w.write(bps === 16 ? 0b100 : 0b110, 3);
    w.write(0, 1);
    for (const b of utf8Number(frame)) w.write(b, 8);
    if (n !== BLOCK) w.write(n - 1, 16);
    const header = w.bytes();
    w.write(crc8(header, frameStart, w.byteLength), 8);
    if (midSide) {
      writeSubframe(w, M, n, bps, bm.order, scratch);
      writeSubframe(w, S, n, bps + 1, bs.order, scratch);
    } else {
      writeSubframe(w, L, n, bps, bl.order, scratch);
      writeSubframe(w, R, n, bps, br.order, scratch);
    }
    w.align();
    const bytes = w.bytes();
    w.write(crc16(bytes, frameStart, w.byteLength), 16);
    const size = w.byteLength - frameStart;
    minFrame = Math.min(minFrame, size);
    maxFrame = Math.max(maxFrame, size);
    if (w.byteLength >= CHUNK_BYTES) {
      yield w.bytes();
      w.clear();
    }
  }
  sizes.minFrame = Number.isFinite(minFrame) ? minFrame : 0;
  sizes.maxFrame = maxFrame;
  if (w.byteLength > 0) yield w.bytes();
}

/** The whole file in one array, STREAMINFO's frame sizes filled in. */
export function encodeFlac(buffer: StereoBuffer, options: FlacOptions = {}): Uint8Array {
  const sizes = { minFrame: 0, maxFrame: 0 };
  const file = new ByteCollector();
  // copied as they come: each chunk's memory is reused for the next
  for (const chunk of flacChunks(buffer, options, sizes)) file.push(chunk);
  const out = file.result();
  const info = new DataView(out.buffer);
  const setU24 = (offset: number, v: number) => {
    info.setUint8(offset, (v >>> 16) & 0xff);
    info.setUint16(offset + 1, v & 0xffff);
  };
  setU24(FRAME_SIZES_AT, sizes.minFrame);
  setU24(FRAME_SIZES_AT + 3, sizes.maxFrame);
  return out;
}
