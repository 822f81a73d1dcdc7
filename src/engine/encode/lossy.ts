/**
 * MP3 (LAME) and Ogg Vorbis through wasm-media-encoders: pure WebAssembly, no native code. Input is fed in
 * chunks so the encoders' own buffers stay small; the output is collected once. What goes in passes the peak
 * guard first (dsp/peak-guard.ts): lossy decoding overshoots, and the file must still read ≤ −1 dBTP.
 */
import { guarded, peakGuard } from "../dsp/peak-guard.js";
import type { StereoBuffer } from "../types.js";
import { BitWriter, ByteCollector } from "./bytes.js";
import { infoTagFrame, scanFrames } from "./mp3-info.js";
import { encodeMp3InSegments } from "./mp3-segments.js";
import { addVorbisComments } from "./ogg-comments.js";
import { oggPagesInSegments } from "./ogg-segments.js";
import type { Mp3Bitrate, Mp3Job, OggJob } from "./segments.js";
import { createMp3Encoder, createOggEncoder } from "./wasm-codecs.js";

export type { Mp3Bitrate, Mp3Job, OggJob };

const MPEG1_FRAME_SAMPLES = 1152;
/** The Ogg stream serial number of every Vorbis file (one logical stream per file: any value serves). */
const OGG_SERIAL = 0x636f6d70; // "comp"
const CHUNK = MPEG1_FRAME_SAMPLES * 64;

export const MP3_DEFAULTS = {
  /** LAME's encoder delay: the first input sample comes out of the decoder's synthesis this much late. */
  encoderDelaySamples: 576,
  /**
   * A loop's samples fed again on each side of it: one MPEG-1 frame, so the frames that straddle the seam
   * (MDCT windows overlap by half a granule, the bit reservoir reaches back) see continuous audio.
   */
  loopWrapSamples: 1152,
} as const;

/**
 * The buffer chunk by chunk as the encoder should get it: through the peak guard when it has work to do.
 * Sample i of [from, to) is the buffer's i-th, wrapped around its length (so a loop can be fed with its own
 * tail before it and its head after it).
 */
function* chunksOf(
  buffer: StereoBuffer,
  loop: boolean,
  from = 0,
  to = buffer.left.length,
  gains = peakGuard(buffer, loop),
): Generator<[Float32Array, Float32Array]> {
  const n = buffer.left.length;
  if (n === 0) return;
  const inRange = from >= 0 && to <= n;
  if (!gains && inRange) {
    for (let i = from; i < to; i += CHUNK) {
      const end = Math.min(to, i + CHUNK);
      yield [buffer.left.subarray(i, end), buffer.right.subarray(i, end)];
    }
    return;
  }
  const l = new Float32Array(CHUNK);
  const r = new Float32Array(CHUNK);
  for (let i = from; i < to; i += CHUNK) {
    const end = Math.min(to, i + CHUNK);
    // copy [i, end) in runs that do not cross a wrap of the buffer
    for (let at = i; at < end; ) {
      const src = ((at % n) + n) % n;
      const run = Math.min(end - at, n - src);
      const outL = l.subarray(at - i, at - i + run);
      const outR = r.subarray(at - i, at - i + run);
      if (gains) guarded(buffer, gains, src, src + run, outL, outR, loop);
      else {
        outL.set(buffer.left.subarray(src, src + run));
        outR.set(buffer.right.subarray(src, src + run));
      }
      at += run;
    }
    yield [l.subarray(0, end - i), r.subarray(0, end - i)];
  }
}

/**
 * The MP3 as chunks to write one after another (the generator keeps no reference to them): a LAME Info tag
 * frame first (encoder delay and padding, so gapless decoders return exactly the buffer's samples), then the
 * audio frames. The frames are collected before the tag can be written (256 kbit/s is ~2 MB a minute).
 * A loop is encoded with its last `loopWrapSamples` before it and its first after it, which the tag's delay
 * and padding then cut away: the seam's frames were coded from continuous audio and the file repeats cleanly.
 */
export async function* mp3Chunks(
  buffer: StereoBuffer,
  bitrate: Mp3Bitrate = 256,
  loop = false,
): AsyncGenerator<Uint8Array> {
  const n = buffer.left.length;
  const wrap = loop && n > 0 ? MP3_DEFAULTS.loopWrapSamples : 0;
  const gains = peakGuard(buffer, loop);
  const job = { buffer, bitrate, loop, gains, from: -wrap, to: n + wrap };
  const audio = (await encodeMp3InSegments(job)) ?? [await encodeMp3Range(job)];
  const scan = scanFrames(audio);
  if (scan.first) {
    const delaySamples = MP3_DEFAULTS.encoderDelaySamples + wrap;
    yield infoTagFrame({
      audio: scan.first,
      frames: scan.frames,
      audioBytes: scan.bytes,
      musicCrc: scan.crc,
      delaySamples,
      paddingSamples: scan.frames * scan.first.samplesPerFrame - delaySamples - n,
    });
  }
  yield* audio;
}

/**
 * The MP3 frames of stream positions [from, to) of `buffer` (wrapped around it for a loop; see chunksOf),
 * through the guard's `gains`, at a constant bit rate: every frame the same size, so a seek by byte offset
 * (and the tag's TOC) is exact.
 */
export async function encodeMp3Range(job: Mp3Job): Promise<Uint8Array> {
  const { buffer, loop, gains, from, to } = job;
  const encoder = await createMp3Encoder();
  encoder.configure({ sampleRate: buffer.sampleRate, channels: 2, bitrate: job.bitrate });
  // a constant bit rate bounds the size: the frames are written straight into one array, never held twice
  const frames = Math.ceil((to - from) / MPEG1_FRAME_SAMPLES) + 4;
  const out = new BitWriter(frames * (Math.floor((144000 * job.bitrate) / buffer.sampleRate) + 1));
  for (const chunk of chunksOf(buffer, loop, from, to, gains)) out.writeBytes(encoder.encode(chunk));
  out.writeBytes(encoder.finalize());
  return out.bytes();
}

export async function encodeMp3(buffer: StereoBuffer, bitrate: Mp3Bitrate = 256, loop = false): Promise<Uint8Array> {
  const out = new ByteCollector();
  for await (const bytes of mp3Chunks(buffer, bitrate, loop)) out.push(bytes, true); // fresh per file
  return out.result();
}

export async function encodeOggVorbis(
  buffer: StereoBuffer,
  vbrQuality = 5,
  loop = false,
  comments: Record<string, string> = {},
): Promise<Uint8Array> {
  const out = new ByteCollector();
  for await (const bytes of oggChunks(buffer, vbrQuality, loop, comments)) out.push(bytes, true); // fresh per file
  return out.result();
}

/** Bytes an Ogg chunk gathers (whole pages) before it is handed on. */
const OGG_CHUNK_BYTES = 1 << 18;

/**
 * The Ogg Vorbis file as chunks of whole pages, `comments` in its comment header. Encoded in segments, the
 * file is paged once and handed on page by page — a 10-minute file is never joined into one array, nor copied
 * again to add its comments.
 */
export async function* oggChunks(
  buffer: StereoBuffer,
  vbrQuality = 5,
  loop = false,
  comments: Record<string, string> = {},
): AsyncGenerator<Uint8Array> {
  const job = { buffer, vbrQuality, loop, gains: peakGuard(buffer, loop), from: 0, to: buffer.left.length };
  const pages = await oggPagesInSegments(job, comments);
  if (!pages) {
    const whole = await encodeOggRange(job);
    yield Object.keys(comments).length > 0 ? addVorbisComments(whole, comments) : whole;
    return;
  }
  let batch = new ByteCollector();
  let size = 0;
  for (const page of pages) {
    batch.push(page, true);
    size += page.length;
    if (size >= OGG_CHUNK_BYTES) {
      yield batch.result();
      batch = new ByteCollector();
      size = 0;
    }
  }
  if (size > 0) yield batch.result();
}

/**
 * An Ogg Vorbis stream of positions [from, to) of `buffer` through the guard's `gains`. Every stream gets the
 * same serial number, so streams of segments can be joined (see ogg-join.ts).
 */
export async function encodeOggRange(job: OggJob): Promise<Uint8Array> {
  const { buffer, loop, gains, from, to } = job;
  const encoder = await createOggEncoder();
  encoder.configure({
    sampleRate: buffer.sampleRate,
    channels: 2,
    vbrQuality: job.vbrQuality,
    oggSerialNo: OGG_SERIAL,
  });
  const out = new ByteCollector();
  for (const chunk of chunksOf(buffer, loop, from, to, gains)) out.push(encoder.encode(chunk));
  out.push(encoder.finalize());
  return out.result();
}
