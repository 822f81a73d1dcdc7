/**
 * WAV writer: 16/24-bit PCM or 32-bit IEEE float, with LIST/INFO metadata (INAM title, ISFT software),
 * cue points plus LIST/adtl labels for section markers, and a `smpl` chunk carrying the loop (the chunk
 * samplers and game engines read).
 */
import { STAGING, wasmKernels } from "../dsp/kernels.js";
import type { EncodeOptions, StereoBuffer } from "../types.js";
import { ByteWriter, chunk } from "./riff.js";

const SOFTWARE = "composer-mcp";

function infoList(title: string | undefined): Uint8Array {
  const w = new ByteWriter(128);
  w.ascii("INFO");
  const entry = (id: string, text: string) => {
    const bytes = new TextEncoder().encode(`${text}\0`);
    chunk(w, id, bytes);
  };
  if (title) entry("INAM", title);
  entry("ISFT", SOFTWARE);
  return w.result();
}

function cueChunks(markers: { name: string; at: number }[], sampleRate: number, length: number): Uint8Array[] {
  const cues = markers
    .map((m, i) => ({ id: i + 1, name: m.name, pos: Math.min(length, Math.max(0, Math.round(m.at * sampleRate))) }))
    .filter((m) => m.pos < length || length === 0);
  if (cues.length === 0) return [];
  const cue = new ByteWriter(4 + cues.length * 24);
  cue.u32(cues.length);
  for (const c of cues) cue.u32(c.id).u32(c.pos).ascii("data").u32(0).u32(0).u32(c.pos);
  const adtl = new ByteWriter(64);
  adtl.ascii("adtl");
  for (const c of cues) {
    const text = new TextEncoder().encode(`${c.name}\0`);
    const body = new Uint8Array(4 + text.length);
    new DataView(body.buffer).setUint32(0, c.id, true);
    body.set(text, 4);
    chunk(adtl, "labl", body);
  }
  return [cue.result(), adtl.result()];
}

function smplChunk(loop: { start: number; end: number }, sampleRate: number, length: number): Uint8Array {
  const start = Math.max(0, Math.min(length - 1, Math.round(loop.start * sampleRate)));
  const end = Math.max(start, Math.min(length - 1, Math.round(loop.end * sampleRate) - 1)); // inclusive
  const w = new ByteWriter(60);
  w.u32(0) // manufacturer
    .u32(0) // product
    .u32(Math.round(1e9 / sampleRate)) // sample period, ns
    .u32(60) // MIDI unity note
    .u32(0) // pitch fraction
    .u32(0) // SMPTE format
    .u32(0) // SMPTE offset
    .u32(1) // loops
    .u32(0) // sampler data
    .u32(0) // cue id
    .u32(0) // type: forward
    .u32(start)
    .u32(end)
    .u32(0) // fraction
    .u32(0); // play count: infinite
  return w.result();
}

/** Typed arrays use the platform's byte order; WAV is little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Frames per data chunk when streaming (≈ 1 MB of 16-bit stereo). */
const CHUNK_FRAMES = 1 << 18;

/** Everything before the sample data: RIFF header, fmt, INFO, cue/adtl, smpl, and the data chunk header. */
function wavHeader(buffer: StereoBuffer, options: EncodeOptions, bits: 16 | 24 | 32): Uint8Array {
  const rate = buffer.sampleRate;
  const n = buffer.left.length;
  const bytesPerSample = bits / 8;
  const dataBytes = n * 2 * bytesPerSample;
  const extras: [string, Uint8Array][] = [];
  extras.push(["LIST", infoList(options.title)]);
  const [cue, adtl] = cueChunks(options.markers ?? [], rate, n);
  if (cue && adtl) extras.push(["cue ", cue], ["LIST", adtl]);
  if (options.loop) extras.push(["smpl", smplChunk(options.loop, rate, n)]);
  const extraBytes = extras.reduce((a, [, b]) => a + 8 + b.length + (b.length & 1), 0);
  const w = new ByteWriter(44 + extraBytes);
  w.ascii("RIFF")
    .u32(4 + 24 + extraBytes + 8 + dataBytes + (dataBytes & 1))
    .ascii("WAVE");
  w.ascii("fmt ").u32(16);
  w.u16(bits === 32 ? 3 : 1) // IEEE float or PCM
    .u16(2)
    .u32(rate)
    .u32(rate * 2 * bytesPerSample)
    .u16(2 * bytesPerSample)
    .u16(bits);
  for (const [id, body] of extras) chunk(w, id, body);
  w.ascii("data").u32(dataBytes);
  return w.result();
}

/**
 * Frames [from, to) as interleaved little-endian samples into `out` (which has room for them). Rounding is
 * floor(x + 0.5), which is Math.round for every Float32 sample times the scale (exact in double) and several
 * times faster in V8.
 */
function writeFrames(
  buffer: StereoBuffer,
  bits: 16 | 24 | 32,
  from: number,
  to: number,
  out: Uint8Array,
  gain = 1,
): void {
  const { left, right } = buffer;
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  if (bits === 32) {
    for (let i = from, o = 0; i < to; i++, o += 8) {
      view.setFloat32(o, left[i]! * gain, true);
      view.setFloat32(o + 4, right[i]! * gain, true);
    }
  } else if (bits === 24) {
    for (let i = from, o = 0; i < to; i++) {
      const l = Math.max(-8388608, Math.min(8388607, Math.floor(left[i]! * gain * 8388607 + 0.5)));
      const r = Math.max(-8388608, Math.min(8388607, Math.floor(right[i]! * gain * 8388607 + 0.5)));
      out[o++] = l & 0xff;
      out[o++] = (l >> 8) & 0xff;
      out[o++] = (l >> 16) & 0xff;
      out[o++] = r & 0xff;
      out[o++] = (r >> 8) & 0xff;
      out[o++] = (r >> 16) & 0xff;
    }
  } else if (framesThroughKernel(buffer, from, to, out, gain)) {
    return;
  } else if (LITTLE_ENDIAN && out.byteOffset % 2 === 0) {
    const pcm = new Int16Array(out.buffer, out.byteOffset, (to - from) * 2);
    for (let i = from, o = 0; i < to; i++, o += 2) {
      pcm[o] = Math.max(-32768, Math.min(32767, Math.floor(left[i]! * gain * 32767 + 0.5)));
      pcm[o + 1] = Math.max(-32768, Math.min(32767, Math.floor(right[i]! * gain * 32767 + 0.5)));
    }
  } else {
    for (let i = from, o = 0; i < to; i++, o += 4) {
      view.setInt16(o, Math.max(-32768, Math.min(32767, Math.floor(left[i]! * gain * 32767 + 0.5))), true);
      view.setInt16(o + 2, Math.max(-32768, Math.min(32767, Math.floor(right[i]! * gain * 32767 + 0.5))), true);
    }
  }
}

/**
 * 16-bit frames through the kernel (wasm/kernels.ts pcm16: the same rounding and clamping), in chunks staged in
 * the arena; false where it cannot run, and the JavaScript does it.
 */
function framesThroughKernel(buffer: StereoBuffer, from: number, to: number, out: Uint8Array, gain: number): boolean {
  const wasm = wasmKernels();
  // (a channel shorter than the frames is read as the JavaScript reads it: past its end, NaN, written as 0)
  if (!wasm || buffer.left.length < to || buffer.right.length < to) return false;
  const { samples, samplesRight, pcm16 } = wasm.staging;
  const bytes = new Uint8Array(pcm16.buffer, pcm16.byteOffset, pcm16.byteLength);
  for (let start = from; start < to; start += STAGING.samples) {
    const n = Math.min(STAGING.samples, to - start);
    samples.set(buffer.left.subarray(start, start + n));
    samplesRight.set(buffer.right.subarray(start, start + n));
    wasm.kernels.pcm16(samples.byteOffset, samplesRight.byteOffset, n, gain, pcm16.byteOffset);
    // the kernel writes little-endian, as WAV is
    out.set(bytes.subarray(0, 4 * n), 4 * (start - from));
  }
  return true;
}

/**
 * The WAV file as a sequence of chunks (header, then about 1 MB of samples at a time, then the pad byte when
 * the data is odd-sized), so a long master can go to disk without its whole encoding in memory. Each chunk
 * is only valid until the next one is asked for (the sample buffer is reused). `gain` scales every sample.
 */
export function* wavChunks(buffer: StereoBuffer, options: EncodeOptions = {}, gain = 1): Generator<Uint8Array> {
  const bits = options.bitDepth ?? 16;
  yield wavHeader(buffer, options, bits);
  const n = buffer.left.length;
  const frameBytes = 2 * (bits / 8);
  const scratch = new Uint8Array(Math.min(n, CHUNK_FRAMES) * frameBytes);
  for (let from = 0; from < n; from += CHUNK_FRAMES) {
    const to = Math.min(n, from + CHUNK_FRAMES);
    const out = scratch.subarray(0, (to - from) * frameBytes);
    writeFrames(buffer, bits, from, to, out, gain);
    yield out;
  }
  if ((n * frameBytes) & 1) yield new Uint8Array(1);
}

export function encodeWav(buffer: StereoBuffer, options: EncodeOptions = {}): Uint8Array {
  const bits = options.bitDepth ?? 16;
  const header = wavHeader(buffer, options, bits);
  const n = buffer.left.length;
  const dataBytes = n * 2 * (bits / 8);
  const out = new Uint8Array(header.length + dataBytes + (dataBytes & 1));
  out.set(header);
  writeFrames(buffer, bits, 0, n, out.subarray(header.length, header.length + dataBytes));
  return out;
}
