/**
 * Algorithmic reverb: an 8-line feedback delay network (Jot & Chaigne 1991; Householder feedback matrix as in
 * Smith, "Physical Audio Signal Processing") fed through two series allpass diffusers (Schroeder). Each line
 * has a one-pole damping filter so highs die first; the loop gain per line follows its length so every line
 * decays at the same RT60.
 *
 *   in(L+R) ─▶ predelay ─▶ AP ─▶ AP ─▶ ┌─ 8 delay lines ─ damping ─┐─▶ odd lines ▶ L, even lines ▶ R
 *                                      └──── Householder mix ◀──────┘
 */
const LINE_MS = [29.7, 37.1, 41.1, 43.7, 53.9, 59.3, 67.1, 73.3];
const DIFFUSER_MS = [4.77, 3.59];

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

export class Reverb {
  private readonly lines: Float32Array[];
  private readonly lengths: Int32Array;
  private readonly pos: Int32Array;
  private readonly gains: Float64Array;
  private readonly damp: Float64Array;
  private readonly dampA: number;
  private readonly pre: Float32Array;
  private prePos = 0;
  private readonly diffusers: Float32Array[];
  private readonly diffPos: Int32Array;

  constructor(sampleRate: number, options: Partial<ReverbOptions> = {}) {
    const o = { ...REVERB_DEFAULTS, ...options };
    this.lengths = Int32Array.from(LINE_MS.map((ms) => Math.round((ms * o.size * sampleRate) / 1000)));
    this.lines = [...this.lengths].map((n) => new Float32Array(n));
    this.pos = new Int32Array(LINE_MS.length);
    this.gains = Float64Array.from([...this.lengths].map((n) => 10 ** ((-3 * n) / (o.decaySeconds * sampleRate))));
    this.damp = new Float64Array(LINE_MS.length);
    this.dampA = 1 - Math.exp((-2 * Math.PI * o.dampingHz) / sampleRate);
    this.pre = new Float32Array(Math.max(1, Math.round((o.preDelayMs * sampleRate) / 1000)));
    this.diffusers = DIFFUSER_MS.map((ms) => new Float32Array(Math.round((ms * sampleRate) / 1000)));
    this.diffPos = new Int32Array(DIFFUSER_MS.length);
  }

  /** Adds the wet signal of (inL + inR) into outL/outR over [from, to). */
  process(
    inL: Float32Array,
    inR: Float32Array,
    outL: Float32Array,
    outR: Float32Array,
    from: number,
    to: number,
    outOffset = 0,
  ): void {
    const lines = this.lines;
    const lengths = this.lengths;
    const pos = this.pos;
    const gains = this.gains;
    const damp = this.damp;
    const a = this.dampA;
    const pre = this.pre;
    const d0 = this.diffusers[0]!;
    const d1 = this.diffusers[1]!;
    const taps = new Float64Array(8);
    for (let i = from; i < to; i++) {
      // predelay
      const x = pre[this.prePos]!;
      pre[this.prePos] = (inL[i]! + inR[i]!) * 0.5;
      if (++this.prePos >= pre.length) this.prePos = 0;
      // two Schroeder allpasses, g = 0.6
      let p0 = this.diffPos[0]!;
      const b0 = d0[p0]!;
      const u0 = x + 0.6 * b0;
      d0[p0] = u0;
      const y0 = b0 - 0.6 * u0;
      if (++p0 >= d0.length) p0 = 0;
      this.diffPos[0] = p0;
      let p1 = this.diffPos[1]!;
      const b1 = d1[p1]!;
      const u1 = y0 + 0.6 * b1;
      d1[p1] = u1;
      const diffused = b1 - 0.6 * u1;
      if (++p1 >= d1.length) p1 = 0;
      this.diffPos[1] = p1;
      // read, damp, mix
      let sum = 0;
      for (let k = 0; k < 8; k++) {
        const line = lines[k]!;
        const v = line[pos[k]!]! * gains[k]!;
        const d = damp[k]! + a * (v - damp[k]!);
        damp[k] = d;
        taps[k] = d;
        sum += d;
      }
      const h = sum * 0.25; // Householder: y = x − (2/N)·Σx
      let l = 0;
      let r = 0;
      for (let k = 0; k < 8; k++) {
        const line = lines[k]!;
        const t = taps[k]!;
        line[pos[k]!] = t - h + diffused;
        if (++pos[k]! >= lengths[k]!) pos[k] = 0;
        if (k & 1) r += t;
        else l += t;
      }
      outL[i + outOffset]! += l * 0.35;
      outR[i + outOffset]! += r * 0.35;
    }
    for (let k = 0; k < 8; k++) if (Math.abs(damp[k]!) < 1e-20) damp[k] = 0;
  }
}
