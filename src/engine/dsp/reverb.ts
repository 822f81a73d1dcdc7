/**
 * Algorithmic reverb: an 8-line feedback delay network (Jot & Chaigne 1991; Householder feedback matrix as in
 * Smith, "Physical Audio Signal Processing") fed through two series Schroeder allpass diffusers. Each line has
 * a one-pole damping filter so highs die first; each line's loop gain follows its length so all decay at the
 * same RT60. The tank runs at half the sample rate, through halfband filters both ways (halfband.ts): the
 * damped tail holds little above a quarter of the rate, and it halves the cost. The filters' delay is taken
 * off the predelay, so the tail starts when it did.
 *
 *   in(L+R) ─▶ ↓2 ─▶ predelay ─▶ AP ─▶ AP ─▶ ┌─ 8 delay lines ─ damping ─┐─▶ even lines ▶ L, odd ▶ R ─▶ ↑2
 *                                          └──── Householder mix ◀──────┘
 *
 * Its state lives in the thread's block arena where there is one (dsp/kernels.ts): blocks of the arena then run
 * through the WebAssembly twin of `process` (wasm/kernels.ts), which does the same arithmetic in the same order.
 */
import { HALFBAND_DEFAULTS, halfbandTaps } from "./halfband.js";
import { inArena, wasmKernels } from "./kernels.js";

const LINE_MS = [29.7, 37.1, 41.1, 43.7, 53.9, 59.3, 67.1, 73.3];
const DIFFUSER_MS = [4.77, 3.59];
const DIFFUSION = 0.6;
/**
 * The halfbands' odd taps. Into the tank 4 pairs (β = 4: ≥ 45 dB down above 16 kHz, where pair averaging
 * gave 8 dB): what folds in is damped inside anyway. Out of it 8 pairs (β = 7: ≥ 62 dB down above 14 kHz):
 * its images would otherwise stand above the mix's own top octave.
 */
const SEND_PAIRS = 4;
const SEND_TAPS = halfbandTaps(SEND_PAIRS, 4);
const PAIRS = 8;
/** Doubled: interpolating by two fills every other sample with zero, which halves the level. */
const RETURN_TAPS = halfbandTaps(PAIRS, HALFBAND_DEFAULTS.beta).map((t) => 2 * t);
/**
 * Ring sizes (powers of two): the full-rate input spans 4·pairs − 1 samples, the tank's output 2·pairs. Each
 * sample is written twice, at p and p + size, so a filter reads its whole span without wrapping.
 */
const IN_RING = 32;
const OUT_RING = 16;
/**
 * What the halfbands add to the path, in tank (half-rate) samples: (2·sendPairs − 1)/2 in and `pairs` out, less
 * the quarter sample the pair average and linear interpolation they replace already took.
 */
const FILTER_DELAY = Math.round((2 * SEND_PAIRS - 1) / 2 + PAIRS - 0.25);

export interface ReverbOptions {
  /** Seconds to −60 dB at mid frequencies. */
  decaySeconds: number;
  /** One-pole damping cutoff inside the loop, Hz. */
  dampingHz: number;
  preDelayMs: number;
  /** Room size scale on line lengths (0.5 small .. 1.5 hall). */
  size: number;
}

export const REVERB_DEFAULTS: ReverbOptions = { decaySeconds: 1.8, dampingHz: 6000, preDelayMs: 18, size: 1 };

/**
 * Where `positions` keeps each position (the kernel reads them there too): the lines' write position, the
 * half-rate phase (which sample of the pair is next), the input ring's, the output ring's, the predelay's and
 * the two allpasses'.
 */
const At = { W: 0, Phase: 1, In: 2, Out: 3, Pre: 4, Ap1: 5, Ap2: 6 } as const;

export class Reverb {
  private readonly buf: Float32Array;
  private readonly size: number;
  private readonly mask: number;
  private readonly lengths: Int32Array;
  private readonly gains: Float64Array;
  private readonly damp: Float64Array;
  private readonly dampA: number;
  private readonly pre: Float32Array;
  private readonly ap1: Float32Array;
  private readonly ap2: Float32Array;
  /** Half-rate state: the decimator's input and the tank's recent outputs. */
  private readonly inRing: Float64Array;
  /** The tank's recent outputs, left and right interleaved (the kernel reads a pair as one vector). */
  private readonly tail: Float64Array;
  /** The send taps, then the return taps (the kernel reads them from the arena). */
  private readonly taps: Float64Array;
  private readonly positions: Int32Array;
  /** Whether every array above is in the arena (the kernel can run). */
  private readonly inArena: boolean;

  constructor(sampleRate: number, options: Partial<ReverbOptions> = {}) {
    const o = { ...REVERB_DEFAULTS, ...options };
    const rate = sampleRate / 2;
    const arena = wasmKernels()?.arena;
    const f32 = (n: number) => arena?.f32(n) ?? new Float32Array(n);
    const f64 = (n: number) => arena?.f64(n) ?? new Float64Array(n);
    const lengths = LINE_MS.map((ms) => Math.max(8, Math.round((ms * o.size * rate) / 1000)));
    this.lengths = arena?.i32(8) ?? new Int32Array(8);
    this.lengths.set(lengths);
    let size = 1;
    while (size <= Math.max(...lengths)) size <<= 1;
    this.size = size;
    this.mask = size - 1;
    this.buf = f32(8 * size);
    this.gains = f64(8);
    this.gains.set(lengths.map((n) => 10 ** ((-3 * n) / (o.decaySeconds * rate))));
    this.damp = f64(8);
    this.dampA = 1 - Math.exp((-2 * Math.PI * Math.min(o.dampingHz, rate * 0.45)) / rate);
    this.pre = f32(Math.max(1, Math.round((o.preDelayMs * rate) / 1000) - FILTER_DELAY));
    this.ap1 = f32(Math.max(1, Math.round((DIFFUSER_MS[0]! * rate) / 1000)));
    this.ap2 = f32(Math.max(1, Math.round((DIFFUSER_MS[1]! * rate) / 1000)));
    this.inRing = f64(2 * IN_RING);
    this.tail = f64(4 * OUT_RING);
    this.taps = f64(SEND_PAIRS + PAIRS);
    this.taps.set(SEND_TAPS);
    this.taps.set(RETURN_TAPS, SEND_PAIRS);
    this.positions = arena?.i32(8) ?? new Int32Array(8);
    this.inArena =
      inArena(this.lengths, this.buf, this.gains, this.damp, this.pre) &&
      inArena(this.ap1, this.ap2, this.inRing, this.tail) &&
      inArena(this.taps, this.positions);
  }

  /** Adds the wet signal of (inL + inR) into outL/outR over [from, to) (outputs shifted by outOffset). */
  process(
    inL: Float32Array,
    inR: Float32Array,
    outL: Float32Array,
    outR: Float32Array,
    from: number,
    to: number,
    outOffset = 0,
  ): void {
    if (this.inArena && from === 0 && outOffset === 0 && inArena(inL, inR, outL, outR)) {
      this.processInArena(inL, inR, outL, outR, to);
      return;
    }
    const buf = this.buf;
    const size = this.size;
    const mask = this.mask;
    const a = this.dampA;
    const pre = this.pre;
    const ap1 = this.ap1;
    const ap2 = this.ap2;
    const l0 = this.lengths[0]!;
    const g0 = this.gains[0]!;
    let d0 = this.damp[0]!;
    const l1 = this.lengths[1]!;
    const g1 = this.gains[1]!;
    let d1 = this.damp[1]!;
    const l2 = this.lengths[2]!;
    const g2 = this.gains[2]!;
    let d2 = this.damp[2]!;
    const l3 = this.lengths[3]!;
    const g3 = this.gains[3]!;
    let d3 = this.damp[3]!;
    const l4 = this.lengths[4]!;
    const g4 = this.gains[4]!;
    let d4 = this.damp[4]!;
    const l5 = this.lengths[5]!;
    const g5 = this.gains[5]!;
    let d5 = this.damp[5]!;
    const l6 = this.lengths[6]!;
    const g6 = this.gains[6]!;
    let d6 = this.damp[6]!;
    const l7 = this.lengths[7]!;
    const g7 = this.gains[7]!;
    let d7 = this.damp[7]!;
    const positions = this.positions;
    let w = positions[At.W]!;
    let phase = positions[At.Phase]!;
    const inRing = this.inRing;
    let inPos = positions[At.In]!;
    const ring = this.tail;
    let outPos = positions[At.Out]!;
    // the decimator's odd taps (unrolled below: a loop over them costs about twice as much); read by index, as
    // destructuring a typed array would allocate an iterator every block
    const send = SEND_TAPS;
    const s0 = send[0]!;
    const s1 = send[1]!;
    const s2 = send[2]!;
    const s3 = send[3]!;
    let prePos = positions[At.Pre]!;
    let ap1Pos = positions[At.Ap1]!;
    let ap2Pos = positions[At.Ap2]!;
    const preLen = pre.length;
    const ap1Len = ap1.length;
    const ap2Len = ap2.length;
    for (let i = from; i < to; i++) {
      const mono = (inL[i]! + inR[i]!) * 0.5;
      inRing[inPos] = mono;
      inRing[inPos + IN_RING] = mono;
      // x[newest − q] sits at `latest` − q for q < IN_RING
      const latest = inPos + IN_RING;
      inPos = (inPos + 1) & (IN_RING - 1);
      if (phase === 0) {
        phase = 1;
        // between the tank's outputs y[m − P] and y[m − P + 1] (y[m] the newest): the odd phase of ↑2
        // y[m − q] sits at outPos − 1 + OUT_RING − q
        const ahead = outPos + OUT_RING - PAIRS;
        const behind = outPos + OUT_RING - 1 - PAIRS;
        const midL = interpolated(ring, 2 * ahead, 2 * behind);
        const midR = interpolated(ring, 2 * ahead + 1, 2 * behind + 1);
        outL[i + outOffset]! += midL;
        outR[i + outOffset]! += midR;
        continue;
      }
      phase = 0;
      // ↓2: the halfband centred 2·pairs − 1 samples back
      const centre = latest - (2 * SEND_PAIRS - 1);
      const input =
        0.5 * inRing[centre]! +
        s0 * (inRing[centre - 1]! + inRing[centre + 1]!) +
        s1 * (inRing[centre - 3]! + inRing[centre + 3]!) +
        s2 * (inRing[centre - 5]! + inRing[centre + 5]!) +
        s3 * (inRing[centre - 7]! + inRing[centre + 7]!);
      // predelay
      let x = pre[prePos]!;
      pre[prePos] = input;
      if (++prePos >= preLen) prePos = 0;
      // two Schroeder allpasses
      const b1 = ap1[ap1Pos]!;
      const u1 = x + DIFFUSION * b1;
      ap1[ap1Pos] = u1;
      x = b1 - DIFFUSION * u1;
      if (++ap1Pos >= ap1Len) ap1Pos = 0;
      const b2 = ap2[ap2Pos]!;
      const u2 = x + DIFFUSION * b2;
      ap2[ap2Pos] = u2;
      x = b2 - DIFFUSION * u2;
      if (++ap2Pos >= ap2Len) ap2Pos = 0;
      const v0 = buf[0 * size + ((w - l0) & mask)]! * g0;
      d0 += a * (v0 - d0);
      const v1 = buf[1 * size + ((w - l1) & mask)]! * g1;
      d1 += a * (v1 - d1);
      const v2 = buf[2 * size + ((w - l2) & mask)]! * g2;
      d2 += a * (v2 - d2);
      const v3 = buf[3 * size + ((w - l3) & mask)]! * g3;
      d3 += a * (v3 - d3);
      const v4 = buf[4 * size + ((w - l4) & mask)]! * g4;
      d4 += a * (v4 - d4);
      const v5 = buf[5 * size + ((w - l5) & mask)]! * g5;
      d5 += a * (v5 - d5);
      const v6 = buf[6 * size + ((w - l6) & mask)]! * g6;
      d6 += a * (v6 - d6);
      const v7 = buf[7 * size + ((w - l7) & mask)]! * g7;
      d7 += a * (v7 - d7);
      // Householder: y = d − (2/N)·Σd
      const h = (d0 + d1 + d2 + d3 + d4 + d5 + d6 + d7) * 0.25;
      buf[0 * size + w] = d0 - h + x;
      buf[1 * size + w] = d1 - h + x;
      buf[2 * size + w] = d2 - h + x;
      buf[3 * size + w] = d3 - h + x;
      buf[4 * size + w] = d4 - h + x;
      buf[5 * size + w] = d5 - h + x;
      buf[6 * size + w] = d6 - h + x;
      buf[7 * size + w] = d7 - h + x;
      w = (w + 1) & mask;
      const yl = (d0 + d2 + d4 + d6) * 0.35;
      const yr = (d1 + d3 + d5 + d7) * 0.35;
      ring[2 * outPos] = yl;
      ring[2 * outPos + 1] = yr;
      ring[2 * (outPos + OUT_RING)] = yl;
      ring[2 * (outPos + OUT_RING) + 1] = yr;
      // the even phase of ↑2: y[m − P] itself
      const aligned = outPos + OUT_RING - PAIRS;
      outPos = (outPos + 1) & (OUT_RING - 1);
      outL[i + outOffset]! += ring[2 * aligned]!;
      outR[i + outOffset]! += ring[2 * aligned + 1]!;
    }
    positions[At.W] = w;
    positions[At.Phase] = phase;
    positions[At.In] = inPos;
    positions[At.Out] = outPos;
    positions[At.Pre] = prePos;
    positions[At.Ap1] = ap1Pos;
    positions[At.Ap2] = ap2Pos;
    this.damp[0] = Math.abs(d0) < 1e-20 ? 0 : d0;
    this.damp[1] = Math.abs(d1) < 1e-20 ? 0 : d1;
    this.damp[2] = Math.abs(d2) < 1e-20 ? 0 : d2;
    this.damp[3] = Math.abs(d3) < 1e-20 ? 0 : d3;
    this.damp[4] = Math.abs(d4) < 1e-20 ? 0 : d4;
    this.damp[5] = Math.abs(d5) < 1e-20 ? 0 : d5;
    this.damp[6] = Math.abs(d6) < 1e-20 ? 0 : d6;
    this.damp[7] = Math.abs(d7) < 1e-20 ? 0 : d7;
  }

  /** `process` over [0, n) by the kernel: every array is in the arena. */
  private processInArena(inL: Float32Array, inR: Float32Array, outL: Float32Array, outR: Float32Array, n: number) {
    const o = (a: ArrayBufferView) => a.byteOffset;
    const { pre, ap1, ap2 } = this;
    // biome-ignore format: the kernel's argument order, one line per group
    wasmKernels()!.kernels.reverb(
      o(inL), o(inR), o(outL), o(outR), n,
      o(this.buf), this.size, o(this.lengths), o(this.gains), this.dampA, o(this.damp),
      o(pre), pre.length, o(ap1), ap1.length, o(ap2), ap2.length,
      o(this.inRing), o(this.tail), o(this.taps), o(this.positions),
    );
  }
}

/**
 * The odd phase of ↑2 for one channel of the interleaved ring: the point halfway between ring[ahead] and
 * ring[behind], the 8 symmetric pairs around it (every other element: the channel's own) through RETURN_TAPS
 * (unrolled: a loop over the taps costs about twice as much).
 */
function interpolated(ring: Float64Array, ahead: number, behind: number): number {
  const t = RETURN_TAPS;
  return (
    t[0]! * (ring[ahead]! + ring[behind]!) +
    t[1]! * (ring[ahead + 2]! + ring[behind - 2]!) +
    t[2]! * (ring[ahead + 4]! + ring[behind - 4]!) +
    t[3]! * (ring[ahead + 6]! + ring[behind - 6]!) +
    t[4]! * (ring[ahead + 8]! + ring[behind - 8]!) +
    t[5]! * (ring[ahead + 10]! + ring[behind - 10]!) +
    t[6]! * (ring[ahead + 12]! + ring[behind - 12]!) +
    t[7]! * (ring[ahead + 14]! + ring[behind - 14]!)
  );
}
