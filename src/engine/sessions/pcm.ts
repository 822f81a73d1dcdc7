/**
 * The stored master of a version: 32-bit float stereo WAV (WAVE_FORMAT_IEEE_FLOAT), lossless, so export can
 * re-encode to any format, rate or bit depth without composing or rendering again.
 * Format: Microsoft RIFF WAVE, "fmt " chunk with format tag 3 (IEEE float).
 */

import { ComposerError } from "../../errors.js";
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
 * channels: the bytes are never held whole.
 */
export class FloatWavReader {
  private header = new Uint8Array(HEADER_BYTES);
  private headerBytes = 0;
  private buffer: StereoBuffer | undefined;
  /** Bytes of sample data taken so far, and a partial frame carried between chunks. */
  private dataBytes = 0;
  private readonly carry = new Uint8Array(8);
  private carried = 0;

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
      // in shared memory: the encoder workers read it where it is (a long mix is not copied for them)
      const channel = () => new Float32Array(new SharedArrayBuffer(frames * 4));
      this.buffer = { sampleRate: head.sampleRate, left: channel(), right: channel() };
    }
    const b = this.buffer!;
    const frames = b.left.length;
    for (; at < chunk.length && this.dataBytes < frames * 8; ) {
      if (this.carried > 0 || chunk.length - at < 8) {
        const take = Math.min(8 - this.carried, chunk.length - at);
        this.carry.set(chunk.subarray(at, at + take), this.carried);
        this.carried += take;
        at += take;
        if (this.carried === 8) {
          const view = new DataView(this.carry.buffer);
          const frame = this.dataBytes / 8;
          b.left[frame] = view.getFloat32(0, true);
          b.right[frame] = view.getFloat32(4, true);
          this.dataBytes += 8;
          this.carried = 0;
        }
        continue;
      }
      const whole = Math.min(Math.floor((chunk.length - at) / 8), frames - this.dataBytes / 8);
      const view = new DataView(chunk.buffer, chunk.byteOffset + at, whole * 8);
      const first = this.dataBytes / 8;
      for (let i = 0; i < whole; i++) {
        b.left[first + i] = view.getFloat32(8 * i, true);
        b.right[first + i] = view.getFloat32(8 * i + 4, true);
      }
      at += whole * 8;
      this.dataBytes += whole * 8;
    }
  }

  /** The channels read; frames the file did not reach stay zero (the checksum catches a short file). */
  result(): StereoBuffer {
    if (!this.buffer)
      throw new ComposerError("INTERNAL", "The stored master of this version is not in the expected format.");
    return this.buffer;
  }
}
