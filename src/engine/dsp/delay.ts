/**
 * Tempo-synced stereo ping-pong delay with a lowpass in the feedback path (each repeat darker, like tape).
 *
 *   in ─▶ L line ─┬─▶ out L
 *          ▲      └─▶ R line ─┬─▶ out R
 *          └──── lowpass ◀────┘ × feedback
 */
export interface DelayOptions {
  delaySeconds: number;
  feedback: number;
  dampingHz: number;
}

export class PingPongDelay {
  private readonly left: Float32Array;
  private readonly right: Float32Array;
  private pos = 0;
  private lp = 0;
  private readonly a: number;
  private readonly feedback: number;

  constructor(sampleRate: number, options: DelayOptions) {
    const n = Math.max(1, Math.round(options.delaySeconds * sampleRate));
    this.left = new Float32Array(n);
    this.right = new Float32Array(n);
    this.feedback = Math.min(options.feedback, 0.9);
    this.a = 1 - Math.exp((-2 * Math.PI * options.dampingHz) / sampleRate);
  }

  process(
    inL: Float32Array,
    inR: Float32Array,
    outL: Float32Array,
    outR: Float32Array,
    from: number,
    to: number,
    outOffset = 0,
  ): void {
    const L = this.left;
    const R = this.right;
    const n = L.length;
    const a = this.a;
    const feedback = this.feedback;
    let pos = this.pos;
    let lp = this.lp;
    for (let i = from; i < to; i++) {
      const dl = L[pos]!;
      const dr = R[pos]!;
      lp += a * (dr - lp);
      L[pos] = (inL[i]! + inR[i]!) * 0.5 + lp * feedback;
      R[pos] = dl;
      if (++pos >= n) pos = 0;
      outL[i + outOffset]! += dl;
      outR[i + outOffset]! += dr;
    }
    this.pos = pos;
    this.lp = lp;
    if (Math.abs(this.lp) < 1e-20) this.lp = 0;
  }
}
