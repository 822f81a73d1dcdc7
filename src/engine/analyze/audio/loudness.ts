/**
 * Integrated loudness, ITU-R BS.1770-4: K-weighting (high shelf + RLB high-pass), 400 ms blocks with
 * 75 % overlap, absolute gate −70 LUFS, relative gate −10 LU. The filter coefficients are derived for any
 * sample rate from the analogue prototypes that reproduce the standard's 48 kHz table (the derivation
 * libebur128 uses). Analysis-local on purpose: the sound stage's meter may differ in block handling.
 */
import type { Lufs } from "../../types.js";
import type { PcmAudio } from "./pcm.js";

interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

function kWeighting(sampleRate: number): [Biquad, Biquad] {
  // Stage 1: high shelf, +4 dB above ~1.7 kHz (head acoustics).
  let f0 = 1681.974450955533;
  const gainDb = 3.999843853973347;
  let q = 0.7071752369554196;
  let k = Math.tan((Math.PI * f0) / sampleRate);
  const vh = 10 ** (gainDb / 20);
  const vb = vh ** 0.4996667741545416;
  let a0 = 1 + k / q + k * k;
  const shelf: Biquad = {
    b0: (vh + (vb * k) / q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / q + k * k) / a0,
  };
  // Stage 2: RLB high-pass at ~38 Hz.
  f0 = 38.13547087602444;
  q = 0.5003270373238773;
  k = Math.tan((Math.PI * f0) / sampleRate);
  a0 = 1 + k / q + k * k;
  const highPass: Biquad = { b0: 1, b1: -2, b2: 1, a1: (2 * (k * k - 1)) / a0, a2: (1 - k / q + k * k) / a0 };
  return [shelf, highPass];
}

function filterSquared(input: Float32Array, stages: Biquad[]): Float64Array {
  const out = new Float64Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = input[i]!;
  for (const s of stages) {
    let x1 = 0;
    let x2 = 0;
    let y1 = 0;
    let y2 = 0;
    for (let i = 0; i < out.length; i++) {
      const x = out[i]!;
      const y = s.b0 * x + s.b1 * x1 + s.b2 * x2 - s.a1 * y1 - s.a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      out[i] = y;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * out[i]!;
  return out;
}

const blockLoudness = (power: number): number => -0.691 + 10 * Math.log10(power);

/** Integrated loudness in LUFS, or undefined for silence / audio shorter than one 400 ms block. */
export function integratedLoudness(audio: PcmAudio): Lufs | undefined {
  const rate = audio.sampleRate;
  const blockSize = Math.round(0.4 * rate);
  const step = Math.round(0.1 * rate);
  const n = audio.channels[0]?.length ?? 0;
  if (n < blockSize) return undefined;
  const stages = kWeighting(rate);
  // Channels up to stereo weigh 1.0 (BS.1770-4 Table 3); surround weights are not needed after a stereo downmix.
  const squared = audio.channels.map((ch) => filterSquared(ch, stages));
  const prefix = squared.map((sq) => {
    const p = new Float64Array(sq.length + 1);
    for (let i = 0; i < sq.length; i++) p[i + 1] = p[i]! + sq[i]!;
    return p;
  });
  const powers: number[] = [];
  for (let start = 0; start + blockSize <= n; start += step) {
    let power = 0;
    for (const p of prefix) power += (p[start + blockSize]! - p[start]!) / blockSize;
    powers.push(power);
  }
  const absolute = powers.filter((p) => blockLoudness(p) > -70);
  if (absolute.length === 0) return undefined;
  const relativeGate = blockLoudness(absolute.reduce((a, b) => a + b, 0) / absolute.length) - 10;
  const gated = absolute.filter((p) => blockLoudness(p) > relativeGate);
  const mean = gated.reduce((a, b) => a + b, 0) / Math.max(1, gated.length);
  return Math.round(blockLoudness(mean) * 10) / 10;
}
