/**
 * Small filters for voices: a one-pole lowpass/highpass and a resonant state-variable filter.
 * SVF: the trapezoidal ("TPT") form from Zavalishin, "The Art of VA Filter Design" (2012), as arranged by
 * Andrew Simper (Cytomic, "SvfLinearTrapOptimised2"); stable under fast cutoff modulation.
 */

export class OnePole {
  private z = 0;
  private a = 0;
  constructor(sampleRate: number, cutoffHz: number) {
    this.set(sampleRate, cutoffHz);
  }
  set(sampleRate: number, cutoffHz: number): void {
    this.a = 1 - Math.exp((-2 * Math.PI * Math.min(cutoffHz, sampleRate * 0.49)) / sampleRate);
  }
  lowpass(x: number): number {
    this.z += this.a * (x - this.z);
    return this.z;
  }
  highpass(x: number): number {
    this.z += this.a * (x - this.z);
    return x - this.z;
  }
  processLowpass(buf: Float32Array, from = 0, to = buf.length): void {
    let z = this.z;
    const a = this.a;
    for (let i = from; i < to; i++) {
      z += a * (buf[i]! - z);
      buf[i] = z;
    }
    this.z = Math.abs(z) < 1e-20 ? 0 : z;
  }
  processHighpass(buf: Float32Array, from = 0, to = buf.length): void {
    let z = this.z;
    const a = this.a;
    for (let i = from; i < to; i++) {
      const x = buf[i]!;
      z += a * (x - z);
      buf[i] = x - z;
    }
    this.z = Math.abs(z) < 1e-20 ? 0 : z;
  }
}

export type SvfMode = "lp" | "bp" | "hp";

/** The modes as a filter state's kernels number them (dsp/subtractive.ts, dsp/percussion.ts). */
export const SVF_MODES: Record<SvfMode, number> = { lp: 0, bp: 1, hp: 2 };

export class Svf {
  private ic1 = 0;
  private ic2 = 0;
  private a1 = 0;
  private a2 = 0;
  private a3 = 0;
  private k = 1;
  constructor(
    private readonly sampleRate: number,
    cutoffHz: number,
    /** 0..1; 1 self-oscillates. */
    resonance = 0,
  ) {
    this.set(cutoffHz, resonance);
  }

  set(cutoffHz: number, resonance: number): void {
    const c = COEFFICIENTS;
    svfCoefficients(c, 0, this.sampleRate, cutoffHz, resonance);
    this.a1 = c[0]!;
    this.a2 = c[1]!;
    this.a3 = c[2]!;
    this.k = c[3]!;
  }

  /** Returns lowpass, keeps bandpass/highpass reachable through `band`/`high`. */
  lp(x: number): number {
    const v3 = x - this.ic2;
    const v1 = this.a1 * this.ic1 + this.a2 * v3;
    const v2 = this.ic2 + this.a2 * this.ic1 + this.a3 * v3;
    this.ic1 = 2 * v1 - this.ic1;
    this.ic2 = 2 * v2 - this.ic2;
    return v2;
  }

  bp(x: number): number {
    const v3 = x - this.ic2;
    const v1 = this.a1 * this.ic1 + this.a2 * v3;
    const v2 = this.ic2 + this.a2 * this.ic1 + this.a3 * v3;
    this.ic1 = 2 * v1 - this.ic1;
    this.ic2 = 2 * v2 - this.ic2;
    return v1;
  }

  hp(x: number): number {
    const v3 = x - this.ic2;
    const v1 = this.a1 * this.ic1 + this.a2 * v3;
    const v2 = this.ic2 + this.a2 * this.ic1 + this.a3 * v3;
    this.ic1 = 2 * v1 - this.ic1;
    this.ic2 = 2 * v2 - this.ic2;
    return x - this.k * v1 - v2;
  }
}

const COEFFICIENTS = new Float64Array(4);

/**
 * An SVF's coefficients for a cutoff (Hz) and resonance (0..1 — 1 self-oscillates), into into[at, at + 4):
 * a1, a2, a3, k (a voice whose state is one array keeps them there: dsp/subtractive.ts).
 */
export function svfCoefficients(
  into: Float64Array,
  at: number,
  sampleRate: number,
  cutoffHz: number,
  resonance: number,
): void {
  const fc = Math.min(Math.max(cutoffHz, 10), sampleRate * 0.45);
  const g = Math.tan((Math.PI * fc) / sampleRate);
  const k = 2 - 2 * Math.min(Math.max(resonance, 0), 0.98);
  const a1 = 1 / (1 + g * (g + k));
  const a2 = g * a1;
  into[at] = a1;
  into[at + 1] = a2;
  into[at + 2] = g * a2;
  into[at + 3] = k;
}

/** Soft saturation: a rational tanh approximation (Padé 3/2), exact enough for drive stages and cheap. */
export function softClip(x: number): number {
  if (x > 3) return 1;
  if (x < -3) return -1;
  const x2 = x * x;
  return (x * (27 + x2)) / (27 + 9 * x2);
}

export function dbToGain(db: number): number {
  return 10 ** (db / 20);
}

export function gainToDb(gain: number): number {
  return 20 * Math.log10(Math.max(gain, 1e-12));
}
