/**
 * Tempo-synced stereo ping-pong delay with a lowpass in the feedback path (each repeat darker, like tape).
 *
 *   in ─▶ L line ─┬─▶ out L
 *          ▲      └─▶ R line ─┬─▶ out R
 *          └──── lowpass ◀────┘ × feedback
 *
 * Its lines live in the thread's block arena where there is one: blocks of the arena then run through the
 * WebAssembly twin of `process` (wasm/kernels.ts), which does the same arithmetic.
 */
import { inArena, wasmKernels } from "./kernels.js";

const wasm = wasmKernels();
export interface DelayOptions {
  delaySeconds: number;
  feedback: number;
  dampingHz: number;
}

export class PingPongDelay {
  private readonly left: Float32Array;
  private readonly right: Float32Array;
  private pos = 0;
  /** The feedback lowpass's state (where the kernel reads and writes it too). */
  private readonly lp: Float64Array;
  /** Whether the lines and state are in the arena (the kernel can run). */
  private readonly inArena: boolean;
  private readonly a: number;
  private readonly feedback: number;

  constructor(sampleRate: number, options: DelayOptions) {
    const n = Math.max(1, Math.round(options.delaySeconds * sampleRate));
    this.left = wasm?.arena.f32(n) ?? new Float32Array(n);
    this.right = wasm?.arena.f32(n) ?? new Float32Array(n);
    this.lp = wasm?.arena.f64(1) ?? new Float64Array(1);
    this.inArena = inArena(this.left, this.right, this.lp);
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
    if (this.inArena && from === 0 && outOffset === 0 && inArena(inL, inR, outL, outR)) {
      const o = (x: ArrayBufferView) => x.byteOffset;
      // biome-ignore format: the kernel's argument order, one line per group
      this.pos = wasm!.kernels.pingPong(
        o(inL), o(inR), o(outL), o(outR), to,
        o(L), o(R), n, this.pos, a, feedback, o(this.lp),
      );
      return;
    }
    let pos = this.pos;
    let lp = this.lp[0]!;
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
    this.lp[0] = Math.abs(lp) < 1e-20 ? 0 : lp;
  }
}
