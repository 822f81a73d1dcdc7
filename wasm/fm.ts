/**
 * The two-operator FM voice's samples (src/engine/dsp/fm.ts is its JavaScript twin and documents the state's
 * layout): the same double-precision arithmetic, operation for operation and in the same order, so both give
 * the same samples.
 *
 *   per pair: modulator phase ─▶ sine ─▶ × index ─▶ + carrier phase ─▶ sine ─▶ × level ─┐
 *   Σ pairs ─▶ × amplitude (attack ramp, decay, release) ─▶ × tremolo ─▶ + out ◀────────┘
 */

import { f64At, SINE_SIZE, setF64, tableSine } from "./shared";

// State layout: keep in step with FM in src/engine/dsp/voice-layouts.ts.
const PAIR_COUNT: i32 = 0;
const T: i32 = 1;
const AMP: i32 = 2;
const AMP_COEF: i32 = 3;
const FLOOR: i32 = 4;
const RELEASE_COEF: i32 = 5;
const ATTACK_SAMPLES: i32 = 6;
const GATE: i32 = 7;
const INC: i32 = 8;
const TREMOLO_HZ: i32 = 9;
const TREMOLO_DEPTH: i32 = 10;
const SAMPLE_RATE: i32 = 11;
const HAS_TREMOLO: i32 = 12;
const PAIRS: i32 = 16;
const PAIR_FIELDS: i32 = 7;

/** Samples per span: each pair's loop runs over a span at a time into the sum. */
const SPAN: i32 = 256;

/**
 * Adds up to n samples into out; returns 0 once the voice fell below its floor (silent for good: out holds
 * the samples up to that one), else 1. `sum` is scratch for SPAN doubles. Pair by pair over a span into the
 * sum (each sample still summing the pairs in order), then the amplitude sample by sample.
 */
export function fmRun(state: usize, out: usize, n: i32, table: usize, sum: usize): i32 {
  const pairs = <i32>f64At(state, PAIR_COUNT);
  let t = f64At(state, T);
  let amp = f64At(state, AMP);
  let ampCoef = f64At(state, AMP_COEF);
  const floor = f64At(state, FLOOR);
  const releaseCoef = f64At(state, RELEASE_COEF);
  const attackSamples = f64At(state, ATTACK_SAMPLES);
  const gate = f64At(state, GATE);
  const inc = f64At(state, INC);
  const tremHz = f64At(state, TREMOLO_HZ);
  const tremDepth = f64At(state, TREMOLO_DEPTH);
  const sampleRate = f64At(state, SAMPLE_RATE);
  const tremolo = f64At(state, HAS_TREMOLO) != 0;
  let alive = 1;
  for (let from = 0; from < n && alive; from += SPAN) {
    const span = min(SPAN, n - from);
    memory.fill(sum, 0, (<usize>span) << 3);
    for (let k = 0; k < pairs; k++) {
      const q = PAIRS + k * PAIR_FIELDS;
      const carrierInc = inc * f64At(state, q);
      const modulatorInc = inc * f64At(state, q + 1);
      const level = f64At(state, q + 2);
      const decay = f64At(state, q + 6);
      let c = f64At(state, q + 3);
      let m = f64At(state, q + 4);
      let idx = f64At(state, q + 5);
      for (let i = 0; i < span; i++) {
        m += modulatorInc;
        while (m >= 1) m -= 1;
        c += carrierInc;
        while (c >= 1) c -= 1;
        const mod = tableSine(table, m * SINE_SIZE);
        let ph = c + idx * mod * 0.159;
        ph -= Math.floor(ph);
        const p = sum + ((<usize>i) << 3);
        store<f64>(p, load<f64>(p) + level * tableSine(table, ph * SINE_SIZE));
        idx *= decay;
      }
      setF64(state, q + 3, c);
      setF64(state, q + 4, m);
      setF64(state, q + 5, idx);
    }
    for (let i = 0; i < span; i++) {
      if (t == gate) ampCoef = min(ampCoef, releaseCoef);
      let s = load<f64>(sum + ((<usize>i) << 3));
      const attack = t < attackSamples ? t / attackSamples : 1;
      s *= amp * attack;
      if (tremolo) {
        const phase = (t / sampleRate) * tremHz;
        s *= 1 - tremDepth * 0.5 * (1 + tableSine(table, (phase - Math.floor(phase)) * SINE_SIZE));
      }
      amp *= ampCoef;
      const o = out + ((<usize>(from + i)) << 2);
      store<f32>(o, <f32>(<f64>load<f32>(o) + s));
      t++;
      if (amp < floor) {
        alive = 0;
        break;
      }
    }
  }
  setF64(state, T, t);
  setF64(state, AMP, amp);
  setF64(state, AMP_COEF, ampCoef);
  return alive;
}
