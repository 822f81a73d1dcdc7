/**
 * The stored master of a version: 32-bit float stereo WAV (WAVE_FORMAT_IEEE_FLOAT), lossless, so export can
 * re-encode to any format, rate or bit depth without composing or rendering again.
 * Format: Microsoft RIFF WAVE, "fmt " chunk with format tag 3 (IEEE float).
 */

import { ComposerError } from "../../errors.js";
import { Resampler } from "../dsp/resample.js";
import type { StereoBuffer } from "../types.js";

const HEADER_BYTES = 44;

/** Typed arrays use the platform's byte order; WAV is little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Frames per chunk when streaming (1 MB of float stereo). */
const CHUNK_FRAMES = 1 << 17;

/**
 * The float WAV of the sum of `sources` (one buffer, or stems that sum to the mix), as chunks to write in
 * turn: no copy of the whole mix is ever made. Each chunk is only valid until the next one is asked for.
 */
export function* floatWavChunks(sources: StereoBuffer[], sampleRate: number, frames: number): Generator<Uint8Array> {
  const dataBytes = frames * 2 * 4;
  const header = new Uint8Array(HEADER_BYTES);
  const view = new DataView(header.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) header[at + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 3, true);
  view.setUint16(22, 2, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 8, true);
  view.setUint16(32, 8, true);
  view.setUint16(34, 32, true);
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
  yield header;
  const scratch = new Uint8Array(LITTLE_ENDIAN ? 0 : Math.min(frames, CHUNK_FRAMES) * 8);
  const sums = new Float32Array(Math.min(frames, CHUNK_FRAMES) * 2);
  for (let from = 0; from < frames; from += CHUNK_FRAMES) {
    const to = Math.min(frames, from + CHUNK_FRAMES);
    sums.fill(0);
    for (const source of sources) {
      const n = Math.min(to, source.left.length, source.right.length);
      for (let i = from, o = 0; i < n; i++, o += 2) {
        sums[o] = sums[o]! + source.left[i]!;
        sums[o + 1] = sums[o + 1]! + source.right[i]!;
      }
    }
    if (LITTLE_ENDIAN) {
      // the interleaved sums are the file's bytes already
      yield new Uint8Array(sums.buffer, 0, (to - from) * 8);
      continue;
    }
    const out = scratch.subarray(0, (to - from) * 8);
    const data = new DataView(out.buffer, out.byteOffset, out.byteLength);
    for (let o = 0; o < (to - from) * 2; o++) data.setFloat32(o * 4, sums[o]!, true);
    yield out;
  }
}

export function floatWav(buffer: StereoBuffer): Uint8Array {
  const frames = Math.min(buffer.left.length, buffer.right.length);
  const out = new Uint8Array(HEADER_BYTES + frames * 8);
  let at = 0;
  for (const chunk of floatWavChunks([buffer], buffer.sampleRate, frames)) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Reads back what `floatWav` wrote (and only that shape). */
export function readFloatWav(bytes: Uint8Array): StereoBuffer {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (
    bytes.byteLength < HEADER_BYTES ||
    tag(0) !== "RIFF" ||
    tag(8) !== "WAVE" ||
    view.getUint16(20, true) !== 3 ||
    view.getUint16(22, true) !== 2 ||
    tag(36) !== "data"
  ) {
    throw new ComposerError("INTERNAL", "The stored master of this version is not in the expected format.");
  }
  const sampleRate = view.getUint32(24, true);
  const frames = Math.floor(Math.min(view.getUint32(40, true), bytes.byteLength - HEADER_BYTES) / 8);
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  for (let i = 0, at = HEADER_BYTES; i < frames; i++, at += 8) {
    left[i] = view.getFloat32(at, true);
    right[i] = view.getFloat32(at + 4, true);
  }
  return { sampleRate, left, right };
}

/**
 * Reads what `floatWav` wrote from chunks as they arrive (a file streamed from disk), straight into the two
 * channels: the bytes are never held whole. With `outputRate` other than the file's, it converts as it reads:
 * only a window of the source is kept, never the whole source beside its conversion (a 10-minute mix at
 * 48 kHz would otherwise hold ~440 MB at once).
 */
export class FloatWavReader {
  private header = new Uint8Array(HEADER_BYTES);
  private headerBytes = 0;
  private buffer: StereoBuffer | undefined;
  /** Bytes of sample data taken so far, and a partial frame carried between chunks. */
  private dataBytes = 0;
  private readonly carry = new Uint8Array(8);
  private carried = 0;
  private conversion: Conversion | undefined;

  constructor(private readonly outputRate?: number) {}

  push(chunk: Uint8Array): void {
    let at = 0;
    if (this.headerBytes < HEADER_BYTES) {
      const take = Math.min(HEADER_BYTES - this.headerBytes, chunk.length);
      this.header.set(chunk.subarray(0, take), this.headerBytes);
      this.headerBytes += take;
      at = take;
      if (this.headerBytes < HEADER_BYTES) return;
      const head = readFloatWav(this.header);
      const frames = Math.floor(new DataView(this.header.buffer).getUint32(40, true) / 8);
      const rate = this.outputRate ?? head.sampleRate;
      if (rate !== head.sampleRate) this.conversion = new Conversion(frames, head.sampleRate, rate);
      // in shared memory: the encoder workers read it where it is (a long mix is not copied for them)
      const length = this.conversion?.resampler.outLength ?? frames;
      const channel = () => new Float32Array(new SharedArrayBuffer(length * 4));
      this.buffer = { sampleRate: rate, left: channel(), right: channel() };
    }
    const frames = this.conversion?.frames ?? this.buffer!.left.length;
    for (; at < chunk.length && this.dataBytes < frames * 8; ) {
      if (this.carried > 0 || chunk.length - at < 8) {
        const take = Math.min(8 - this.carried, chunk.length - at);
        this.carry.set(chunk.subarray(at, at + take), this.carried);
        this.carried += take;
        at += take;
        if (this.carried === 8) {
          this.take(new DataView(this.carry.buffer), 1);
          this.carried = 0;
        }
        continue;
      }
      const whole = Math.min(Math.floor((chunk.length - at) / 8), frames - this.dataBytes / 8, CHUNK_FRAMES);
      this.take(new DataView(chunk.buffer, chunk.byteOffset + at, whole * 8), whole);
      at += whole * 8;
    }
  }

  /** `count` frames of little-endian float pairs: into the channels, or through the conversion into them. */
  private take(view: DataView, count: number): void {
    const first = this.dataBytes / 8;
    const b = this.buffer!;
    const c = this.conversion;
    const [left, right, offset] = c ? c.room(first, count) : [b.left, b.right, 0];
    for (let i = 0; i < count; i++) {
      left[first - offset + i] = view.getFloat32(8 * i, true);
      right[first - offset + i] = view.getFloat32(8 * i + 4, true);
    }
    this.dataBytes += count * 8;
    c?.convert(first + count, b, false);
  }

  /** The channels read; frames the file did not reach stay zero (the checksum catches a short file). */
  result(): StereoBuffer {
    if (!this.buffer)
      throw new ComposerError("INTERNAL", "The stored master of this version is not in the expected format.");
    // a file cut short: its frames end here, and the conversion pads the rest with silence
    this.conversion?.convert(this.dataBytes / 8, this.buffer, true);
    return this.buffer;
  }
}

/** A conversion as the source streams in: a window of source frames, and the outputs made so far. */
class Conversion {
  readonly resampler: Resampler;
  private left: Float32Array;
  private right: Float32Array;
  /** Source frame at window[0], and frames held. */
  private start = 0;
  private held = 0;
  /** The next output to make. */
  private next = 0;

  constructor(
    readonly frames: number,
    fromRate: number,
    toRate: number,
  ) {
    this.resampler = new Resampler(frames, fromRate, toRate);
    this.left = new Float32Array(2 * CHUNK_FRAMES);
    this.right = new Float32Array(2 * CHUNK_FRAMES);
  }

  /** Room for source frames [first, first + count) in the window: its channels and the frame at index 0. */
  room(first: number, count: number): [Float32Array, Float32Array, number] {
    // the outputs still to make read from firstInput(next) on: what lies before goes
    const keep = Math.min(this.resampler.firstInput(this.next), first);
    if (keep > this.start) {
      const drop = keep - this.start;
      this.left.copyWithin(0, drop, this.held);
      this.right.copyWithin(0, drop, this.held);
      this.start = keep;
      this.held -= drop;
    }
    const need = first + count - this.start;
    if (need > this.left.length) {
      const grow = (a: Float32Array) => {
        const b = new Float32Array(Math.max(need, 2 * a.length));
        b.set(a.subarray(0, this.held));
        return b;
      };
      this.left = grow(this.left);
      this.right = grow(this.right);
    }
    this.held = first + count - this.start;
    return [this.left, this.right, this.start];
  }

  /** Makes every output whose source frames have arrived (`read` of them; all of them once `final`). */
  convert(read: number, out: StereoBuffer, final: boolean): void {
    const r = this.resampler;
    if (final && read < this.frames) {
      // a file cut short: the frames it lacks are silence
      const [left, right, offset] = this.room(read, this.frames - read);
      left.fill(0, read - offset);
      right.fill(0, read - offset);
    }
    let to = this.next;
    const available = final ? this.frames : read;
    while (to < r.outLength && r.endInput(to) <= available) to++;
    if (to === this.next) return;
    r.range(this.left, this.start, out.left, this.next, to);
    r.range(this.right, this.start, out.right, this.next, to);
    this.next = to;
  }
}
