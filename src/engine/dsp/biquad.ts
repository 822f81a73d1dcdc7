/**
 * Biquad filters with coefficients from Robert Bristow-Johnson's "Cookbook formulae for audio EQ biquad filter
 * coefficients". Direct form I state; process blocks in place.
 */
export type BiquadKind = "lowpass" | "highpass" | "bandpass" | "peaking" | "lowshelf" | "highshelf" | "notch";

export interface BiquadCoefficients {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

export function biquadCoefficients(
  kind: BiquadKind,
  sampleRate: number,
  freqHz: number,
  q = Math.SQRT1_2,
  gainDb = 0,
): BiquadCoefficients {
  const f = Math.min(Math.max(freqHz, 1), sampleRate * 0.49);
  const w0 = (2 * Math.PI * f) / sampleRate;
  const cos = Math.cos(w0);
  const sin = Math.sin(w0);
  const alpha = sin / (2 * q);
  const A = 10 ** (gainDb / 40);
  let b0: number;
  let b1: number;
  let b2: number;
  let a0: number;
  let a1: number;
  let a2: number;
  switch (kind) {
    case "lowpass":
      b0 = (1 - cos) / 2;
      b1 = 1 - cos;
      b2 = b0;
      a0 = 1 + alpha;
      a1 = -2 * cos;
      a2 = 1 - alpha;
      break;
    case "highpass":
      b0 = (1 + cos) / 2;
      b1 = -(1 + cos);
      b2 = b0;
      a0 = 1 + alpha;
      a1 = -2 * cos;
      a2 = 1 - alpha;
      break;
    case "bandpass": // constant 0 dB peak gain
      b0 = alpha;
      b1 = 0;
      b2 = -alpha;
      a0 = 1 + alpha;
      a1 = -2 * cos;
      a2 = 1 - alpha;
      break;
    case "notch":
      b0 = 1;
      b1 = -2 * cos;
      b2 = 1;
      a0 = 1 + alpha;
      a1 = -2 * cos;
      a2 = 1 - alpha;
      break;
    case "peaking":
      b0 = 1 + alpha * A;
      b1 = -2 * cos;
      b2 = 1 - alpha * A;
      a0 = 1 + alpha / A;
      a1 = -2 * cos;
      a2 = 1 - alpha / A;
      break;
    case "lowshelf": {
      const s = 2 * Math.sqrt(A) * alpha;
      b0 = A * (A + 1 - (A - 1) * cos + s);
      b1 = 2 * A * (A - 1 - (A + 1) * cos);
      b2 = A * (A + 1 - (A - 1) * cos - s);
      a0 = A + 1 + (A - 1) * cos + s;
      a1 = -2 * (A - 1 + (A + 1) * cos);
      a2 = A + 1 + (A - 1) * cos - s;
      break;
    }
    case "highshelf": {
      const s = 2 * Math.sqrt(A) * alpha;
      b0 = A * (A + 1 + (A - 1) * cos + s);
      b1 = -2 * A * (A - 1 + (A + 1) * cos);
      b2 = A * (A + 1 + (A - 1) * cos - s);
      a0 = A + 1 - (A - 1) * cos + s;
      a1 = 2 * (A - 1 - (A + 1) * cos);
      a2 = A + 1 - (A - 1) * cos - s;
      break;
    }
  }
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0 };
}

export class Biquad {
  /** The filter's memory (filterChunk below runs the loop on it). */
  x1 = 0;
  x2 = 0;
  y1 = 0;
  y2 = 0;
  constructor(public c: BiquadCoefficients) {}

  static of(kind: BiquadKind, sampleRate: number, freqHz: number, q?: number, gainDb?: number): Biquad {
    return new Biquad(biquadCoefficients(kind, sampleRate, freqHz, q, gainDb));
  }

  /**
   * Σ y² of `x` through two filters in series, both from rest, in one pass that writes nothing (a note's
   * weighted energy: reading it once is several times cheaper than filtering a copy twice and summing it).
   */
  static cascadeEnergy(first: BiquadCoefficients, second: BiquadCoefficients, x: Float32Array): number {
    const { b0, b1, b2, a1, a2 } = first;
    const { b0: c0, b1: c1, b2: c2, a1: d1, a2: d2 } = second;
    let x1 = 0;
    let x2 = 0;
    let y1 = 0;
    let y2 = 0;
    let z1 = 0;
    let z2 = 0;
    let e = 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      const y = b0 * v + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = v;
      // the second filter's input history is the first's output history (y1, y2)
      const z = c0 * y + c1 * y1 + c2 * y2 - d1 * z1 - d2 * z2;
      y2 = y1;
      y1 = y;
      z2 = z1;
      z1 = z;
      e += z * z;
    }
    return e;
  }

  processSample(x: number): number {
    const { b0, b1, b2, a1, a2 } = this.c;
    const y = b0 * x + b1 * this.x1 + b2 * this.x2 - a1 * this.y1 - a2 * this.y2;
    this.x2 = this.x1;
    this.x1 = x;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }

  /**
   * Filters [from, to) in place, a chunk per call of the loop's own function. One call over a long note
   * would run the loop optimised mid-way (on-stack replacement) and reach the state stores after it without
   * type feedback; V8 then drops back to the interpreter there, and re-enters the same cached code note after
   * note — ~600 deopts and ~200 MB of boxed numbers a render per worker. Called chunk by chunk, the loop's
   * function is optimised whole, with its feedback.
   */
  process(buf: Float32Array, from = 0, to = buf.length): void {
    for (let start = from; start < to; start += PROCESS_CHUNK) {
      filterChunk(this, buf, start, Math.min(to, start + PROCESS_CHUNK));
    }
    // Flush denormals once per call, as before the chunks: a long silence must not slow the filter down.
    if (Math.abs(this.y1) < 1e-20) this.y1 = 0;
    if (Math.abs(this.y2) < 1e-20) this.y2 = 0;
  }
}

const PROCESS_CHUNK = 4096;

function filterChunk(f: Biquad, buf: Float32Array, from: number, to: number): void {
  const { b0, b1, b2, a1, a2 } = f.c;
  let x1 = f.x1;
  let x2 = f.x2;
  let y1 = f.y1;
  let y2 = f.y2;
  for (let i = from; i < to; i++) {
    const x = buf[i]!;
    const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    buf[i] = y;
  }
  f.x1 = x1;
  f.x2 = x2;
  f.y1 = y1;
  f.y2 = y2;
}

/** A chain of biquads applied in order. */
export function processChain(chain: readonly Biquad[], buf: Float32Array, from = 0, to = buf.length): void {
  for (const f of chain) f.process(buf, from, to);
}
