/**
 * Dynamics as gain computers (Giannoulis, Massberg & Reiss, "Digital Dynamic Range Compressor Design — A
 * Tutorial and Analysis", JAES 2012): a smoothed level detector in dB, a soft-knee static curve, and
 * the resulting linear gain. Gain curves can be computed on one signal and applied to others (stems).
 * Blocks of the thread's arena are compressed by the WebAssembly twin of `processStereo` (wasm/kernels.ts).
 */
import { inArena, wasmKernels } from "./kernels.js";

const wasm = wasmKernels();
export interface CompressorOptions {
  thresholdDb: number;
  ratio: number;
  kneeDb: number;
  attackSeconds: number;
  releaseSeconds: number;
}

export function staticGainDb(levelDb: number, o: CompressorOptions): number {
  const over = levelDb - o.thresholdDb;
  // Both curves are worked out on every call: arithmetic the first calls had skipped (a piece that first
  // passes the knee well into the master's glue curve) had no type feedback, and the optimised loop that met
  // it went back to the interpreter.
  const slope = 1 / o.ratio - 1;
  const t = over + o.kneeDb / 2;
  const inKnee = (slope * t * t) / (2 * o.kneeDb);
  const above = slope * over;
  if (2 * over < -o.kneeDb) return 0;
  return 2 * Math.abs(over) <= o.kneeDb ? inKnee : above;
}

/** Streaming feed-forward compressor (peak detector, log domain smoothing). */
export class Compressor {
  /** Current gain reduction, dB (0 = none): where the kernel reads and writes it too. */
  private readonly env = wasm?.arena.f64(1) ?? new Float64Array(1);
  private readonly att: number;
  private readonly rel: number;
  /** Detector level under which the static curve gives no reduction. */
  private readonly kneeLevel: number;
  constructor(
    sampleRate: number,
    private readonly o: CompressorOptions,
    /** Samples per detector step (gainFor is called once per step). */
    readonly stepSamples = 16,
  ) {
    this.att = Math.exp(-stepSamples / (o.attackSeconds * sampleRate));
    this.rel = Math.exp(-stepSamples / (o.releaseSeconds * sampleRate));
    this.kneeLevel = 10 ** ((o.thresholdDb - o.kneeDb / 2) / 20);
  }

  /** Gain (linear) for the next step given the detector input level (linear, ≥ 0). */
  gainFor(level: number): number {
    // under the knee the static curve gives no reduction: skip its logarithm; and a reduction decayed below
    // 1e-7 dB (a gain Float32 stores as exactly 1) is over: skip the exponential
    const target = level + 1e-9 < this.kneeLevel ? 0 : -staticGainDb(20 * Math.log10(level + 1e-9), this.o);
    const env = this.env;
    if (target === 0 && env[0]! < 1e-7) {
      env[0] = 0;
      return 1;
    }
    const c = target > env[0]! ? this.att : this.rel;
    env[0] = target + (env[0]! - target) * c;
    return 10 ** (-env[0]! / 20);
  }

  /** Compresses a stereo block in place, detecting on max(|L|, |R|) once per step. */
  processStereo(l: Float32Array, r: Float32Array, from: number, to: number): void {
    const step = this.stepSamples;
    if (wasm && from === 0 && step % 4 === 0 && inArena(l, r, this.env)) {
      const o = this.o;
      // biome-ignore format: the kernel's argument order, one line per group
      wasm!.kernels.compressStereo(
        l.byteOffset, r.byteOffset, to, step, this.kneeLevel,
        o.thresholdDb, o.ratio, o.kneeDb, this.att, this.rel, this.env.byteOffset,
      );
      return;
    }
    for (let i = from; i < to; i += step) {
      const end = Math.min(to, i + step);
      let peak = 0;
      for (let j = i; j < end; j++) {
        const a = Math.max(Math.abs(l[j]!), Math.abs(r[j]!));
        if (a > peak) peak = a;
      }
      const g = this.gainFor(peak);
      for (let j = i; j < end; j++) {
        l[j]! *= g;
        r[j]! *= g;
      }
    }
  }
}
