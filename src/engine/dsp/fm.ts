/**
 * A two-operator FM voice's samples over its state in one Float64Array (the layout below): through the
 * WebAssembly kernel (wasm/fm.ts) where it runs, else through the JavaScript twin here. Both do each sample's
 * double-precision arithmetic in the same order, so they give the same samples.
 *
 *   per pair: modulator phase ─▶ sine ─▶ × index (decaying) ─▶ + carrier phase ─▶ sine ─▶ × level ─┐
 *   Σ pairs ─▶ × amplitude (attack ramp, decay; release from the gate) ─▶ × tremolo ─▶ + out ◀───┘
 */
import { runVoiceKernel, wasmKernels } from "./kernels.js";
import { SINE_TABLE } from "./oscillators.js";
import { FM, FM_SPAN } from "./voice-layouts.js";

export { FM } from "./voice-layouts.js";

const SIZE = SINE_TABLE.length - 1;

/** Adds samples into out[from, to) and advances the state; false once the voice has ended (silent for good). */
export function fmRender(state: Float64Array, out: Float32Array, from: number, to: number): boolean {
  const wasm = wasmKernels();
  if (wasm) {
    const { kernels, staging } = wasm;
    const { fm: live, fmSum, sine } = staging;
    live.set(state);
    const alive = runVoiceKernel(out, from, to, (at, n) =>
      kernels.fmRun(live.byteOffset, at, n, sine.byteOffset, fmSum.byteOffset),
    );
    state.set(live);
    return alive !== 0;
  }
  // (the twin spans the same samples as the kernel, so even a voice rendered past its end moves alike)
  return fmRunJs(state, out, from, to);
}

const SUM = new Float64Array(FM_SPAN);

/**
 * The twin's loop over [from, to): pair by pair over a span into the sum (each sample still summing the pairs
 * in order), then the amplitude sample by sample — the kernel's spans (wasm/fm.ts), from `from` on.
 */
export function fmRunJs(state: Float64Array, out: Float32Array, from: number, to: number): boolean {
  const table = SINE_TABLE;
  const pairs = state[FM.pairCount]!;
  const inc = state[FM.inc]!;
  const floor = state[FM.floor]!;
  const releaseCoef = state[FM.releaseCoef]!;
  const attackSamples = state[FM.attackSamples]!;
  const gate = state[FM.gate]!;
  const tremolo = state[FM.hasTremolo] !== 0;
  const tremHz = state[FM.tremoloHz]!;
  const tremDepth = state[FM.tremoloDepth]!;
  const sampleRate = state[FM.sampleRate]!;
  let t = state[FM.t]!;
  let amp = state[FM.amp]!;
  let ampCoef = state[FM.ampCoef]!;
  let alive = true;
  const sum = SUM;
  for (let start = from; start < to && alive; start += FM_SPAN) {
    const span = Math.min(FM_SPAN, to - start);
    sum.fill(0, 0, span);
    for (let k = 0; k < pairs; k++) {
      const q = FM.pairs + k * FM.pairFields;
      const carrierInc = inc * state[q]!;
      const modulatorInc = inc * state[q + 1]!;
      const level = state[q + 2]!;
      const decay = state[q + 6]!;
      let c = state[q + 3]!;
      let m = state[q + 4]!;
      let idx = state[q + 5]!;
      for (let i = 0; i < span; i++) {
        m += modulatorInc;
        while (m >= 1) m -= 1;
        c += carrierInc;
        while (c >= 1) c -= 1;
        // table sine of the modulator, then of the phase-modulated carrier
        let p = m * SIZE;
        let j = p | 0;
        let a = table[j]!;
        const mod = a + (table[j + 1]! - a) * (p - j);
        let ph = c + idx * mod * 0.159;
        ph -= Math.floor(ph);
        p = ph * SIZE;
        j = p | 0;
        a = table[j]!;
        sum[i]! += level * (a + (table[j + 1]! - a) * (p - j));
        idx *= decay;
      }
      state[q + 3] = c;
      state[q + 4] = m;
      state[q + 5] = idx;
    }
    for (let i = 0; i < span; i++) {
      if (t === gate) ampCoef = Math.min(ampCoef, releaseCoef);
      let s = sum[i]!;
      const attack = t < attackSamples ? t / attackSamples : 1;
      s *= amp * attack;
      if (tremolo) {
        const phase = (t / sampleRate) * tremHz;
        const p = (phase - Math.floor(phase)) * SIZE;
        const j = p | 0;
        const a = table[j]!;
        s *= 1 - tremDepth * 0.5 * (1 + (a + (table[j + 1]! - a) * (p - j)));
      }
      amp *= ampCoef;
      out[start + i]! += s;
      t++;
      if (amp < floor) {
        alive = false;
        break;
      }
    }
  }
  state[FM.t] = t;
  state[FM.amp] = amp;
  state[FM.ampCoef] = ampCoef;
  return alive;
}
