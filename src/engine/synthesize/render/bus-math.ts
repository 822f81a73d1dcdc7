/**
 * The per-sample loops of the render buses. Blocks of the thread's arena (dsp/kernels.ts) go to each loop's
 * WebAssembly SIMD twin (wasm/kernels.ts), about four times faster; other arrays run the JavaScript here, each a
 * small monomorphic function V8 optimises on its own (the same loops inline in one long block loop ran several
 * times slower).
 */
import { blockBuffer, inArena, wasmKernels } from "../../dsp/kernels.js";
import { ANALYSIS_STEP } from "../../dsp/mix-analysis.js";
import { sine } from "../../dsp/oscillators.js";

const wasm = wasmKernels();
const kernel = wasm?.kernels;

/**
 * A mono part into its role's dry pair (panned) and straight into the reverb's input (panned × send).
 * Returns the energy it sent, for the reverb's attribution of wet signal to roles.
 */
export function addMono(
  x: Float32Array,
  n: number,
  gl: number,
  gr: number,
  send: number,
  dryL: Float32Array,
  dryR: Float32Array,
  tankL: Float32Array,
  tankR: Float32Array,
): number {
  if (kernel && inArena(x, dryL, dryR, tankL, tankR)) {
    return kernel.addMono(
      x.byteOffset,
      n,
      gl,
      gr,
      send,
      dryL.byteOffset,
      dryR.byteOffset,
      tankL.byteOffset,
      tankR.byteOffset,
    );
  }
  if (!(send > 0)) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      dryL[i]! += v * gl;
      dryR[i]! += v * gr;
    }
    return 0;
  }
  const sl = gl * send;
  const sr = gr * send;
  let e = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    dryL[i]! += v * gl;
    dryR[i]! += v * gr;
    const a = v * sl;
    const b = v * sr;
    tankL[i]! += a;
    tankR[i]! += b;
    e += a * a + b * b;
  }
  return e;
}

/** A stereo part (drums, compressed parts) into its role's dry pair and the reverb's input; returns the sent energy. */
export function addStereo(
  l: Float32Array,
  r: Float32Array,
  n: number,
  send: number,
  dryL: Float32Array,
  dryR: Float32Array,
  tankL: Float32Array,
  tankR: Float32Array,
): number {
  if (kernel && inArena(l, r, dryL, dryR, tankL) && inArena(tankR)) {
    return kernel.addStereo(
      l.byteOffset,
      r.byteOffset,
      n,
      send,
      dryL.byteOffset,
      dryR.byteOffset,
      tankL.byteOffset,
      tankR.byteOffset,
    );
  }
  if (!(send > 0)) {
    for (let i = 0; i < n; i++) {
      dryL[i]! += l[i]!;
      dryR[i]! += r[i]!;
    }
    return 0;
  }
  let e = 0;
  for (let i = 0; i < n; i++) {
    const u = l[i]!;
    const v = r[i]!;
    dryL[i]! += u;
    dryR[i]! += v;
    const a = u * send;
    const b = v * send;
    tankL[i]! += a;
    tankR[i]! += b;
    e += a * a + b * b;
  }
  return e;
}

/** dst += x · g */
export function addScaled(dst: Float32Array, x: Float32Array, g: number, n: number): void {
  if (kernel && inArena(dst, x)) {
    kernel.addScaled(dst.byteOffset, x.byteOffset, g, n);
    return;
  }
  for (let i = 0; i < n; i++) dst[i]! += x[i]! * g;
}

/** dst += (l + r) / 2 · g */
export function addMid(dst: Float32Array, l: Float32Array, r: Float32Array, g: number, n: number): void {
  if (kernel && inArena(dst, l, r)) {
    kernel.addMid(dst.byteOffset, l.byteOffset, r.byteOffset, g, n);
    return;
  }
  const h = g * 0.5;
  for (let i = 0; i < n; i++) dst[i]! += (l[i]! + r[i]!) * h;
}

/** Width by a chorused copy: the mono-safe side signal (L = x + d, R = x − d). */
export class WidthChorus {
  private readonly line: Float32Array;
  private pos = 0;
  /** Samples of silent input since the last that was not: from the line's length on, the line holds zeros. */
  private quiet = 0;

  constructor(private readonly sampleRate: number) {
    // in the arena (the kernel's to read) when there is one
    this.line = blockBuffer(Math.round(0.03 * sampleRate));
  }

  /**
   * Adds ±0.6 · chorus(x) to L/R for samples [0, n) of the block starting at absolute `blockStart`. With
   * `silent` (x is all zeros) and a line of zeros, it would add zeros: the line only moves on.
   */
  process(
    x: Float32Array,
    n: number,
    blockStart: number,
    dryL: Float32Array,
    dryR: Float32Array,
    silent = false,
  ): void {
    const d = this.line;
    const len = d.length;
    if (!silent) this.quiet = 0;
    else if (this.quiet >= len) {
      this.pos = (this.pos + n) % len;
      return;
    } else this.quiet += n;
    const sr = this.sampleRate;
    // 7–13 ms modulated tap; the slow LFO runs on absolute time (so split renders agree), linear per block
    const d0 = (0.01 + 0.003 * sine((blockStart / sr) * 0.23)) * sr;
    const d1 = (0.01 + 0.003 * sine(((blockStart + n) / sr) * 0.23)) * sr;
    const dd = (d1 - d0) / n;
    if (kernel && inArena(x, dryL, dryR, d)) {
      this.pos = kernel.chorus(x.byteOffset, n, d.byteOffset, len, this.pos, d0, dd, dryL.byteOffset, dryR.byteOffset);
      return;
    }
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      d[pos] = x[i]!;
      let p = pos - (d0 + dd * i);
      if (p < 0) p += len;
      const i0 = p | 0;
      const f = p - i0;
      const a = d[i0]!;
      const b = d[i0 + 1 < len ? i0 + 1 : 0]!;
      const side = (a + (b - a) * f) * 0.6;
      if (++pos >= len) pos = 0;
      dryL[i]! += side;
      dryR[i]! -= side;
    }
    this.pos = pos;
  }
}

/** Per step of the block: the largest |sample| of every role written (its stem peaks); and each role's sums. */
export interface RoleBlockStats {
  peaks: Float32Array;
  /** Σ left, Σ right of the role just written (the caller moves them to the role's slot). */
  sums: Float64Array;
}

/** A block of zeros: the wet signal of a role without reverb, the duck of a role that does not pump. */
export const SILENT_BLOCK = blockBuffer(4096);

/** The stats a role's blocks are measured into, where writeRole's kernel can reach them. */
export function roleBlockStats(block: number): RoleBlockStats {
  const a = wasm?.arena;
  const steps = Math.ceil(block / ANALYSIS_STEP);
  return a ? { peaks: a.f32(steps), sums: a.f64(2) } : { peaks: new Float32Array(steps), sums: new Float64Array(2) };
}

/**
 * A role's block, finished into outL/outR [0, n) and added into mixL/mixR: reverb share (ramped across the
 * block), sidechain duck, level and M/S width (wet and duck are SILENT_BLOCK when the role has no reverb or does
 * not pump: one branch-free loop serves every role). Measures the finished samples as it writes them.
 */
export function writeRole(
  dryL: Float32Array,
  dryR: Float32Array,
  wetL: Float32Array,
  wetR: Float32Array,
  share0: number,
  share1: number,
  duck: Float32Array,
  depth: number,
  gain: number,
  side: number,
  n: number,
  outL: Float32Array,
  outR: Float32Array,
  mixL: Float32Array,
  mixR: Float32Array,
  stats: RoleBlockStats,
): void {
  const { peaks: statPeaks, sums } = stats;
  if (kernel && inArena(dryL, dryR, wetL, wetR, duck) && inArena(outL, outR, mixL, mixR, statPeaks) && inArena(sums)) {
    const o = (a: ArrayBufferView) => a.byteOffset;
    // biome-ignore format: the kernel's argument order, one line per group
    kernel.writeRole(
      o(dryL), o(dryR), o(wetL), o(wetR), share0, share1, o(duck), depth, gain, side, n,
      o(outL), o(outR), o(mixL), o(mixR), o(statPeaks), o(sums),
    );
    return;
  }
  const ds = (share1 - share0) / n;
  const gd = gain * depth;
  const hs = 0.5 * side;
  const peaks = stats.peaks;
  let sumL = 0;
  let sumR = 0;
  for (let from = 0, k = 0; from < n; from += ANALYSIS_STEP, k++) {
    const end = Math.min(n, from + ANALYSIS_STEP);
    let peak = peaks[k]!;
    for (let i = from; i < end; i++) {
      const s = share0 + ds * i;
      const g = gain - gd * duck[i]!;
      const l = (dryL[i]! + wetL[i]! * s) * g;
      const r = (dryR[i]! + wetR[i]! * s) * g;
      const mid = (l + r) * 0.5;
      const half = (l - r) * hs;
      // measured as stored (Float32), so the peaks and sums are the stem's own
      const left = Math.fround(mid + half);
      const right = Math.fround(mid - half);
      outL[i] = left;
      outR[i] = right;
      mixL[i]! += left;
      mixR[i]! += right;
      sumL += left;
      sumR += right;
      const a = Math.max(Math.abs(left), Math.abs(right));
      if (a > peak) peak = a;
    }
    peaks[k] = peak;
  }
  stats.sums[0] = sumL;
  stats.sums[1] = sumR;
}
