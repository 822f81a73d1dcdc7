/**
 * MP3 (LAME) and Ogg Vorbis through wasm-media-encoders: pure WebAssembly, no native code. Input is fed in
 * chunks so the encoders' own buffers stay small; the output is collected once. What goes in passes the peak
 * guard first (dsp/peak-guard.ts): lossy decoding overshoots, and the file must still read ≤ −1 dBTP.
 */
import { createMp3Encoder, createOggEncoder } from "wasm-media-encoders";
import { guarded, peakGuard } from "../dsp/peak-guard.js";
import type { StereoBuffer } from "../types.js";

const CHUNK = 1152 * 64;

/** The buffer chunk by chunk as the encoder should get it: through the peak guard when it has work to do. */
function* chunksOf(buffer: StereoBuffer, loop: boolean): Generator<[Float32Array, Float32Array]> {
  const gains = peakGuard(buffer, loop);
  const l = gains ? new Float32Array(CHUNK) : undefined;
  const r = gains ? new Float32Array(CHUNK) : undefined;
  for (let i = 0; i < buffer.left.length; i += CHUNK) {
    const end = Math.min(buffer.left.length, i + CHUNK);
    if (gains && l && r) {
      guarded(buffer, gains, i, end, l, r, loop);
      yield [l.subarray(0, end - i), r.subarray(0, end - i)];
    } else yield [buffer.left.subarray(i, end), buffer.right.subarray(i, end)];
  }
}

class Collector {
  private parts: Uint8Array[] = [];
  private size = 0;
  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.parts.push(bytes.slice()); // the encoder owns (and reuses) its output view
    this.size += bytes.length;
  }
  result(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

/**
 * The MP3 as it comes out of the encoder, chunk by chunk (each only valid until the next is asked for: the
 * encoder reuses its output memory), so a long piece can go to disk without the whole file in memory.
 */
export async function* mp3Chunks(
  buffer: StereoBuffer,
  bitrate: 128 | 192 | 256 | 320 = 256,
  loop = false,
): AsyncGenerator<Uint8Array> {
  const encoder = await createMp3Encoder();
  // constant bit rate: every decoder (and ffprobe) derives the exact duration from it
  encoder.configure({ sampleRate: buffer.sampleRate, channels: 2, bitrate });
  for (const chunk of chunksOf(buffer, loop)) {
    const bytes = encoder.encode(chunk);
    if (bytes.length > 0) yield bytes;
  }
  const last = encoder.finalize();
  if (last.length > 0) yield last;
}

export async function encodeMp3(
  buffer: StereoBuffer,
  bitrate: 128 | 192 | 256 | 320 = 256,
  loop = false,
): Promise<Uint8Array> {
  const out = new Collector();
  for await (const bytes of mp3Chunks(buffer, bitrate, loop)) out.push(bytes);
  return out.result();
}

export async function encodeOggVorbis(buffer: StereoBuffer, vbrQuality = 5, loop = false): Promise<Uint8Array> {
  const encoder = await createOggEncoder();
  encoder.configure({ sampleRate: buffer.sampleRate, channels: 2, vbrQuality });
  const out = new Collector();
  for (const chunk of chunksOf(buffer, loop)) out.push(encoder.encode(chunk));
  out.push(encoder.finalize());
  return out.result();
}
