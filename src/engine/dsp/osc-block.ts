/**
 * Oscillators rendered a block at a time (the hot loop of every subtractive voice): each adds
 * level × waveform into buf[0, n) from `phase` at increment `inc` and returns the new phase.
 * PolyBLEP residuals inlined (Välimäki & Huovilainen 2007).
 */
import { SINE_TABLE } from "./oscillators.js";

export function addSaw(buf: Float32Array, n: number, phase: number, inc: number, level: number): number {
  const inv = 1 / inc;
  for (let i = 0; i < n; i++) {
    phase += inc;
    if (phase >= 1) phase -= 1;
    let v = 2 * phase - 1;
    if (phase < inc) {
      const t = phase * inv;
      v -= t + t - t * t - 1;
    } else if (phase > 1 - inc) {
      const t = (phase - 1) * inv;
      v -= t * t + t + t + 1;
    }
    buf[i]! += v * level;
  }
  return phase;
}

export function addPulse(
  buf: Float32Array,
  n: number,
  phase: number,
  inc: number,
  width: number,
  level: number,
): number {
  const inv = 1 / inc;
  for (let i = 0; i < n; i++) {
    phase += inc;
    if (phase >= 1) phase -= 1;
    let v = phase < width ? 1 : -1;
    if (phase < inc) {
      const t = phase * inv;
      v += t + t - t * t - 1;
    } else if (phase > 1 - inc) {
      const t = (phase - 1) * inv;
      v += t * t + t + t + 1;
    }
    let p2 = phase - width;
    if (p2 < 0) p2 += 1;
    if (p2 < inc) {
      const t = p2 * inv;
      v -= t + t - t * t - 1;
    } else if (p2 > 1 - inc) {
      const t = (p2 - 1) * inv;
      v -= t * t + t + t + 1;
    }
    buf[i]! += v * level;
  }
  return phase;
}

export function addTriangle(buf: Float32Array, n: number, phase: number, inc: number, level: number): number {
  for (let i = 0; i < n; i++) {
    phase += inc;
    if (phase >= 1) phase -= 1;
    buf[i]! += (phase < 0.5 ? 4 * phase - 1 : 3 - 4 * phase) * level;
  }
  return phase;
}

const SIZE = SINE_TABLE.length - 1;

export function addSine(buf: Float32Array, n: number, phase: number, inc: number, level: number): number {
  const table = SINE_TABLE;
  for (let i = 0; i < n; i++) {
    phase += inc;
    if (phase >= 1) phase -= 1;
    const p = phase * SIZE;
    const j = p | 0;
    const a = table[j]!;
    buf[i]! += (a + (table[j + 1]! - a) * (p - j)) * level;
  }
  return phase;
}
