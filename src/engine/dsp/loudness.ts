/**
 * Integrated loudness per ITU-R BS.1770-4: K-weighting (pre-filter shelf + RLB high-pass), mean square over
 * 400 ms blocks with 75 % overlap, absolute gate −70 LUFS, relative gate −10 LU. The K filters are derived for
 * any sample rate from their analogue prototypes (the parameters libebur128 uses), which reproduces the
 * standard's 48 kHz coefficients exactly.
 */
import type { PremixAnalysis, StereoBuffer } from "../types.js";
import { Biquad, type BiquadCoefficients } from "./biquad.js";
import { STAGING, wasmKernels } from "./kernels.js";

/** A filter state near zero, as zero: a long silence must not slow the filters down on denormals. */
function flushDenormal(v: number): number {
  return Math.abs(v) < 1e-20 ? 0 : v;
}

function kShelf(sampleRate: number): BiquadCoefficients {
  const f0 = 1681.974450955533;
  const G = 3.999843853973347;
  const Q = 0.7071752369554196;
  const K = Math.tan((Math.PI * f0) / sampleRate);
  const Vh = 10 ** (G / 20);
  const Vb = Vh ** 0.4996667741545416;
  const a0 = 1 + K / Q + K * K;
  return {
    b0: (Vh + (Vb * K) / Q + K * K) / a0,
    b1: (2 * (K * K - Vh)) / a0,
    b2: (Vh - (Vb * K) / Q + K * K) / a0,
    a1: (2 * (K * K - 1)) / a0,
    a2: (1 - K / Q + K * K) / a0,
  };
}

function kHighpass(sampleRate: number): BiquadCoefficients {
  const f0 = 38.13547087602444;
  const Q = 0.5003270373238773;
  const K = Math.tan((Math.PI * f0) / sampleRate);
  const a0 = 1 + K / Q + K * K;
  return { b0: 1, b1: -2, b2: 1, a1: (2 * (K * K - 1)) / a0, a2: (1 - K / Q + K * K) / a0 };
}

/**
 * Σ of K-weighted squares of one channel, through the end of the signal (no tail): a note's contribution to a
 * part's loudness, before gating. The filters start at rest, as a note does.
 */
export function kWeightedEnergy(x: Float32Array, sampleRate: number): number {
  return Biquad.cascadeEnergy(kShelf(sampleRate), kHighpass(sampleRate), x);
}

/** The K-weighting's two filters, shelf first (what kWeightedEnergy runs a signal through). */
export function kWeightingFilters(sampleRate: number): [BiquadCoefficients, BiquadCoefficients] {
  return [kShelf(sampleRate), kHighpass(sampleRate)];
}

/** Sum of K-weighted squares per 100 ms hop, over both channels (the gating blocks are 4 hops). */
export function kWeightedHopEnergies(buffer: StereoBuffer): Float64Array {
  const hop = Math.round(buffer.sampleRate * 0.1);
  const steps = kWeightedStepEnergies(buffer, hop);
  const hops = Math.floor(buffer.left.length / hop);
  return Float64Array.from(steps.subarray(0, hops));
}

/** Gated integrated loudness from hop energies (each 100 ms of `hopSamples`). −Infinity for silence. */
export function gatedLoudness(hopEnergy: Float64Array, hopSamples: number): number {
  const blocks: number[] = [];
  for (let b = 0; b + 4 <= hopEnergy.length; b++) {
    const z = (hopEnergy[b]! + hopEnergy[b + 1]! + hopEnergy[b + 2]! + hopEnergy[b + 3]!) / (4 * hopSamples);
    blocks.push(z);
  }
  const loud = (z: number) => -0.691 + 10 * Math.log10(z);
  const absGated = blocks.filter((z) => z > 0 && loud(z) > -70);
  if (absGated.length === 0) return Number.NEGATIVE_INFINITY;
  const meanAbs = absGated.reduce((a, b) => a + b, 0) / absGated.length;
  const relative = loud(meanAbs) - 10;
  const relGated = absGated.filter((z) => loud(z) > relative);
  const mean = relGated.reduce((a, b) => a + b, 0) / relGated.length;
  return loud(mean);
}

/** Integrated loudness in LUFS (ITU-R BS.1770-4). −Infinity for silence. */
export function integratedLoudness(buffer: StereoBuffer): number {
  const hop = Math.round(buffer.sampleRate * 0.1);
  return gatedLoudness(kWeightedHopEnergies(buffer), hop);
}

/** K-weighted energy (sum of squares over both channels) per step of `step` samples, streamed. */
export function kWeightedStepEnergies(buffer: StereoBuffer, step: number): Float32Array {
  const n = buffer.left.length;
  const steps = Math.ceil(n / step);
  const energy = new Float32Array(steps);
  const block = new Float32Array(step * 64);
  for (const ch of [buffer.left, buffer.right]) {
    const shelf = new Biquad(kShelf(buffer.sampleRate));
    const hp = new Biquad(kHighpass(buffer.sampleRate));
    for (let start = 0; start < n; start += block.length) {
      const len = Math.min(block.length, n - start);
      block.set(ch.subarray(start, start + len));
      shelf.process(block, 0, len);
      hp.process(block, 0, len);
      for (let j = 0; j < len; j += step) {
        let sum = 0;
        const end = Math.min(len, j + step);
        for (let i = j; i < end; i++) sum += block[i]! * block[i]!;
        energy[(start + j) / step]! += sum;
      }
    }
  }
  return energy;
}

/** A KWeightedSteps meter's accumulators: moments per step, and per hop boundary the part of its step before it. */
export type KMoments = PremixAnalysis["loudness"];

/** Zeroed accumulators for a meter over `length` samples; in shared memory when `shared`. */
export function kMomentArrays(
  length: number,
  sampleRate: number,
  step: number,
  moments = true,
  shared = false,
): KMoments {
  const steps = Math.ceil(length / step);
  const hops = Math.floor(length / Math.round(sampleRate * 0.1));
  const f32 = (n: number) => new Float32Array(shared ? new SharedArrayBuffer(4 * n) : new ArrayBuffer(4 * n));
  const split = 3 * (hops + 1);
  return {
    m0: f32(steps),
    m1: f32(moments ? steps : 0),
    m2: f32(moments ? steps : 0),
    split: new Float64Array(shared ? new SharedArrayBuffer(8 * split) : new ArrayBuffer(8 * split)),
  };
}

/** The most a meter's copies take of the arena for the kernel (a piece of up to ~6 minutes at 48 kHz). */
const KWEIGHTED_ARENA_BYTES = 8 * 1024 * 1024;

/**
 * K-weighted energy per step of `step` samples (both channels), streamed block by block, kept as the three
 * moments Σy², Σj·y², Σj²·y² (j = index within the step) so the loudness after a gain that ramps linearly
 * across each step — (g0 + d·j)² — follows without filtering again: g0²·m0 + 2·g0·d·m1 + d²·m2. Hops are the
 * standard's 100 ms (round(0.1·rate) samples, as `integratedLoudness` cuts them); where a hop boundary falls
 * inside a step, the moments up to it are kept too, so the hops match a full measure exactly.
 */
export class KWeightedSteps {
  readonly steps: number;
  readonly hopSamples: number;
  readonly hops: number;
  readonly m0: Float32Array;
  readonly m1: Float32Array;
  readonly m2: Float32Array;
  /** Moments of each hop boundary's step up to the boundary, 3 per hop. */
  private readonly split: Float64Array;
  /** Per channel (left at 0, right at 8): the shelf's x1, x2, its output's u1, u2, the high-pass's y1, y2. */
  private readonly state = new Float64Array(16);
  /** Whether the moments may be copied into the arena (see useArena). */
  private arenaAllowed = false;
  /** The moments copied into the kernels' arena, with room for a curve and its hop energies (see loudness). */
  private inArena:
    | {
        m0: Float32Array;
        m1: Float32Array;
        m2: Float32Array;
        split: Float64Array;
        gains: Float32Array;
        out: Float64Array;
      }
    | undefined;
  private readonly shelf: BiquadCoefficients;
  private readonly highpass: BiquadCoefficients;
  /** The shelf's b0, b1, b2, a1, a2 and the high-pass's a1, a2, as the kernel reads them. */
  private readonly coefs: Float64Array;

  constructor(
    readonly length: number,
    sampleRate: number,
    readonly step: number,
    /** Keep the moments a gain ramp needs (false: energies only, for `loudness()` without gains). */
    readonly moments = true,
    /** Arrays to accumulate into (shared between threads that each add their own steps), from `kMomentArrays`. */
    arrays?: KMoments,
  ) {
    this.steps = Math.ceil(length / step);
    this.hopSamples = Math.round(sampleRate * 0.1);
    this.hops = Math.floor(length / this.hopSamples);
    const own = arrays ?? kMomentArrays(length, sampleRate, step, moments);
    this.m0 = own.m0;
    this.m1 = own.m1;
    this.m2 = own.m2;
    this.split = own.split;
    this.shelf = kShelf(sampleRate);
    this.highpass = kHighpass(sampleRate);
    const { b0, b1, b2, a1, a2 } = this.shelf;
    this.coefs = Float64Array.of(b0, b1, b2, a1, a2, this.highpass.a1, this.highpass.a2, 0);
  }

  /** The accumulated moments (to hand to another thread, which rebuilds the meter around them). */
  get arrays(): KMoments {
    return { m0: this.m0, m1: this.m1, m2: this.m2, split: this.split };
  }

  /**
   * Adds samples [from, to) of both channels, read at index i − base; `from` a multiple of the step, blocks fed
   * in order. Steps before `recordFrom` (a multiple of the step) only run the filters: a meter that starts
   * early arrives at `recordFrom` in the state a meter run from the start would have. The two channels run
   * in one loop: each filter is a recursion bound by its own latency, so two side by side cost little more.
   */
  add(left: Float32Array, right: Float32Array, from: number, to: number, base = 0, recordFrom = 0): void {
    if (!this.addThroughKernel(left, right, from, to, base, recordFrom))
      this.addInJs(left, right, from, to, base, recordFrom);
  }

  /**
   * `add` through the kernel (wasm/kernels.ts kWeight: each channel's arithmetic as below, the two in one
   * vector), in chunks staged in the arena; false where it cannot run, and the JavaScript does it.
   */
  private addThroughKernel(
    left: Float32Array,
    right: Float32Array,
    from: number,
    to: number,
    base: number,
    recordFrom: number,
  ): boolean {
    const wasm = wasmKernels();
    const { step, hopSamples: hop, moments } = this;
    const chunk = STAGING.samples;
    // (a channel shorter than the block is read as the JavaScript reads it: past its end, NaN)
    const short = to - base > left.length || to - base > right.length;
    if (!wasm || short || hop < 1 || step < STAGING.minStep || chunk % step !== 0) return false;
    const { kernels, staging } = wasm;
    const { samples, samplesRight, kWeighting: kw } = staging;
    const st = this.state;
    // [x1, x2, u1, u2, y1, y2 as (left, right) pairs | coefficients | 6 sums per step]
    for (let v = 0; v < 6; v++) {
      kw[2 * v] = st[v]!;
      kw[2 * v + 1] = st[8 + v]!;
    }
    kw.set(this.coefs, 12);
    const at = kw.byteOffset;
    for (let start = from; start < to; start += chunk) {
      const n = Math.min(chunk, to - start);
      samples.set(left.subarray(start - base, start - base + n));
      samplesRight.set(right.subarray(start - base, start - base + n));
      kernels.kWeight(samples.byteOffset, samplesRight.byteOffset, n, start, step, hop, at + 96, at, at + 160, moments);
      for (let s = start, j = 20; s < start + n; s += step, j += 6) {
        if (s < recordFrom) continue;
        const k = s / step;
        const boundary = (Math.floor(s / hop) + 1) * hop;
        if (boundary < Math.min(to, s + step)) {
          const h = 3 * (boundary / hop);
          this.split[h]! += kw[j + 3]!;
          this.split[h + 1]! += kw[j + 4]!;
          this.split[h + 2]! += kw[j + 5]!;
        }
        this.m0[k]! += kw[j]!;
        if (moments) {
          this.m1[k]! += kw[j + 1]!;
          this.m2[k]! += kw[j + 2]!;
        }
      }
    }
    for (let c = 0; c < 2; c++) {
      st[8 * c] = kw[c]!;
      st[8 * c + 1] = kw[2 + c]!;
      for (let v = 2; v < 6; v++) st[8 * c + v] = flushDenormal(kw[2 * v + c]!);
    }
    return true;
  }

  /** `add` in JavaScript (where the kernels cannot run; tests compare the two). */
  addInJs(left: Float32Array, right: Float32Array, from: number, to: number, base = 0, recordFrom = 0): void {
    const moments = this.moments;
    const { b0: sb0, b1: sb1, b2: sb2, a1: sa1, a2: sa2 } = this.shelf;
    const { a1: ha1, a2: ha2 } = this.highpass;
    const st = this.state;
    // shelf x1, x2, y1, y2 and high-pass y1, y2, per channel (the high-pass input is the shelf output)
    let lx1 = st[0]!;
    let lx2 = st[1]!;
    let lu1 = st[2]!;
    let lu2 = st[3]!;
    let ly1 = st[4]!;
    let ly2 = st[5]!;
    let rx1 = st[8]!;
    let rx2 = st[9]!;
    let ru1 = st[10]!;
    let ru2 = st[11]!;
    let ry1 = st[12]!;
    let ry2 = st[13]!;
    const step = this.step;
    const hop = this.hopSamples;
    for (let start = from; start < to; start += step) {
      const k = start / step;
      const end = Math.min(to, start + step);
      const boundary = (Math.floor(start / hop) + 1) * hop;
      const cut = Math.min(boundary, end);
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      const record = start >= recordFrom;
      for (let i = start; i < end; i++) {
        if (i === cut && record) {
          const h = 3 * (boundary / hop);
          this.split[h]! += s0;
          this.split[h + 1]! += s1;
          this.split[h + 2]! += s2;
        }
        // K-weighting (BS.1770-4 stage 1 shelf, stage 2 RLB high-pass with b = 1, −2, 1)
        const l = left[i - base]!;
        const r = right[i - base]!;
        const lu = sb0 * l + sb1 * lx1 + sb2 * lx2 - sa1 * lu1 - sa2 * lu2;
        const ru = sb0 * r + sb1 * rx1 + sb2 * rx2 - sa1 * ru1 - sa2 * ru2;
        lx2 = lx1;
        lx1 = l;
        rx2 = rx1;
        rx1 = r;
        const ly = lu - 2 * lu1 + lu2 - ha1 * ly1 - ha2 * ly2;
        const ry = ru - 2 * ru1 + ru2 - ha1 * ry1 - ha2 * ry2;
        lu2 = lu1;
        lu1 = lu;
        ru2 = ru1;
        ru1 = ru;
        ly2 = ly1;
        ly1 = ly;
        ry2 = ry1;
        ry1 = ry;
        const e = ly * ly + ry * ry;
        s0 += e;
        if (moments) {
          const j = i - start;
          s1 += j * e;
          s2 += j * j * e;
        }
      }
      if (!record) continue;
      this.m0[k]! += s0;
      if (moments) {
        this.m1[k]! += s1;
        this.m2[k]! += s2;
      }
    }
    st.set([lx1, lx2, flushDenormal(lu1), flushDenormal(lu2), flushDenormal(ly1), flushDenormal(ly2), 0, 0], 0);
    st.set([rx1, rx2, flushDenormal(ru1), flushDenormal(ru2), flushDenormal(ry1), flushDenormal(ry2), 0, 0], 8);
  }

  /**
   * Integrated loudness (BS.1770-4 gating) of the analysed signal after multiplying it by `gains` (one knot
   * per step at its first sample, linear in between, the last held) and then by `scale`.
   */
  loudness(gains?: Float32Array, scale = 1): number {
    if (gains && !this.moments) throw new Error("KWeightedSteps kept no moments: loudness with gains needs them");
    const hopEnergy = (gains && this.hopEnergiesThroughKernel(gains)) || this.hopEnergies(gains);
    if (scale !== 1) for (let h = 0; h < this.hops; h++) hopEnergy[h]! *= scale * scale;
    return gatedLoudness(hopEnergy, this.hopSamples);
  }

  /**
   * The hop energies under `gains` through the kernel (wasm/kernels.ts curveHopEnergies: hopEnergies'
   * arithmetic), on copies of the moments taken into the arena at the first call (they no longer change once
   * the meter is measured; the arena's owner frees them with the rest of its work). Undefined where it
   * cannot run.
   */
  private hopEnergiesThroughKernel(gains: Float32Array): Float64Array | undefined {
    const wasm = this.arenaAllowed ? wasmKernels() : undefined;
    const { steps, hops } = this;
    if (!wasm || steps === 0 || gains.length < steps) return undefined;
    if (!this.inArena) {
      const arena = wasm.arena;
      const bytes = 4 * 4 * steps + 8 * (this.split.length + hops) + 6 * 16;
      // (a long piece's moments are read where they are, in JavaScript: their copy would cost memory at the limit)
      if (arena.room() < bytes || bytes > KWEIGHTED_ARENA_BYTES) return undefined;
      const m0 = arena.f32(steps, false);
      m0.set(this.m0);
      const m1 = arena.f32(steps, false);
      m1.set(this.m1);
      const m2 = arena.f32(steps, false);
      m2.set(this.m2);
      const split = arena.f64(this.split.length);
      split.set(this.split);
      this.inArena = { m0, m1, m2, split, gains: arena.f32(steps, false), out: arena.f64(hops) };
    }
    const a = this.inArena;
    a.gains.set(gains.subarray(0, steps));
    wasm.kernels.curveHopEnergies(
      a.m0.byteOffset,
      a.m1.byteOffset,
      a.m2.byteOffset,
      a.split.byteOffset,
      a.gains.byteOffset,
      steps,
      this.step,
      this.hopSamples,
      this.length,
      hops,
      a.out.byteOffset,
    );
    return Float64Array.from(a.out);
  }

  /**
   * Lets `loudness(gains)` copy the moments into this thread's arena for the kernel, until leaveArena: the
   * caller owns that stretch of the arena and frees it after (the master does, around its loudness search).
   */
  useArena(): void {
    this.arenaAllowed = true;
  }

  /** Lets go of the moments' arena copies (before their owner frees the arena). */
  leaveArena(): void {
    this.arenaAllowed = false;
    this.inArena = undefined;
  }

  /** Each hop's energy under `gains` (one knot per step at its first sample, linear in between, the last held). */
  private hopEnergies(gains?: Float32Array): Float64Array {
    const hopEnergy = new Float64Array(this.hops);
    const { step, hopSamples: hop, steps } = this;
    const last = steps - 1;
    for (let k = 0; k < steps; k++) {
      const g0 = gains ? gains[k]! : 1;
      const d = gains && k < last ? (gains[k + 1]! - g0) / step : 0;
      const e = gains ? g0 * g0 * this.m0[k]! + 2 * g0 * d * this.m1[k]! + d * d * this.m2[k]! : this.m0[k]!;
      const start = k * step;
      const h = Math.floor(start / hop);
      const boundary = (h + 1) * hop;
      if (boundary < start + step && boundary < this.length) {
        const s = 3 * (h + 1);
        const head = g0 * g0 * this.split[s]! + 2 * g0 * d * this.split[s + 1]! + d * d * this.split[s + 2]!;
        if (h < this.hops) hopEnergy[h]! += head;
        if (h + 1 < this.hops) hopEnergy[h + 1]! += e - head;
      } else if (h < this.hops) hopEnergy[h]! += e;
    }
    return hopEnergy;
  }
}
