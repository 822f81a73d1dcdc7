/** Decoded audio as the analysers take it, and the small conversions between layouts. */

export interface PcmAudio {
  sampleRate: number;
  /** One array per channel, -1..1 nominal. */
  channels: Float32Array[];
}

export function durationOf(audio: PcmAudio): number {
  return (audio.channels[0]?.length ?? 0) / audio.sampleRate;
}

/** Mean of the channels. */
export function toMono(audio: PcmAudio): Float32Array {
  const n = audio.channels[0]?.length ?? 0;
  if (audio.channels.length === 1) return audio.channels[0] ?? new Float32Array(0);
  const out = new Float32Array(n);
  const scale = 1 / audio.channels.length;
  for (const ch of audio.channels) for (let i = 0; i < n; i++) out[i]! += ch[i]! * scale;
  return out;
}

/**
 * Integer-factor decimation to at most `maxRate` with a boxcar pre-filter. Tempo and key only look below
 * ~5 kHz, so the boxcar's imperfect stop band does not matter there.
 */
export function decimate(
  mono: Float32Array,
  sampleRate: number,
  maxRate: number,
): { samples: Float32Array; sampleRate: number } {
  const factor = Math.max(1, Math.floor(sampleRate / maxRate + 1e-9));
  if (factor === 1) return { samples: mono, sampleRate };
  const n = Math.floor(mono.length / factor);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < factor; k++) sum += mono[i * factor + k]!;
    out[i] = sum / factor;
  }
  return { samples: out, sampleRate: sampleRate / factor };
}

/** Interleaved float32 little-endian (ffmpeg `-f f32le`) → one array per channel. */
export function deinterleave(bytes: Uint8Array, channelCount: number): Float32Array[] {
  const frames = Math.floor(bytes.byteLength / (4 * channelCount));
  const view = new DataView(bytes.buffer, bytes.byteOffset, frames * 4 * channelCount);
  const channels = Array.from({ length: channelCount }, () => new Float32Array(frames));
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channelCount; c++) channels[c]![i] = view.getFloat32((i * channelCount + c) * 4, true);
  }
  return channels;
}
