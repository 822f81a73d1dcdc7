/**
 * The stored master of a version: 32-bit float stereo WAV (WAVE_FORMAT_IEEE_FLOAT), lossless, so export can
 * re-encode to any format, rate or bit depth without composing or rendering again.
 * Format: Microsoft RIFF WAVE, "fmt " chunk with format tag 3 (IEEE float).
 */

import { ComposerError } from "../../errors.js";
import type { StereoBuffer } from "../types.js";

const HEADER_BYTES = 44;

export function floatWav(buffer: StereoBuffer): Uint8Array {
  const frames = Math.min(buffer.left.length, buffer.right.length);
  const dataBytes = frames * 2 * 4;
  const out = new Uint8Array(HEADER_BYTES + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (at: number, text: string) => {
    for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 3, true);
  view.setUint16(22, 2, true);
  view.setUint32(24, buffer.sampleRate, true);
  view.setUint32(28, buffer.sampleRate * 8, true);
  view.setUint16(32, 8, true);
  view.setUint16(34, 32, true);
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
  for (let i = 0, at = HEADER_BYTES; i < frames; i++, at += 8) {
    view.setFloat32(at, buffer.left[i] ?? 0, true);
    view.setFloat32(at + 4, buffer.right[i] ?? 0, true);
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
