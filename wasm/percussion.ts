/**
 * A synthesised percussion hit's samples (src/engine/dsp/percussion.ts is its JavaScript twin; the state's
 * layout is PERCUSSION in src/engine/dsp/voice-layouts.ts): the same double-precision arithmetic, operation for
 * operation and in the same order, so both give the same samples.
 *
 *   body (swept sine) ──┐
 *   noise ─▶ SVF ───────┼─▶ Σ ─▶ drive ─▶ × gain ─▶ (fade at a cut) ─▶ + out
 *   metal ─▶ BP ─▶ HP ──┤
 *   modes ──────────────┤
 *   click ──────────────┘
 */

import { f64At, setF64, sine, softClip, white, xorshift } from "./shared";

// State layout: keep in step with PERCUSSION in src/engine/dsp/voice-layouts.ts.
const T: i32 = 0;
const MAX_SAMPLES: i32 = 1;
const GAIN: i32 = 2;
const DRIVE: i32 = 3;
const TUNE: i32 = 4;
const SAMPLE_RATE: i32 = 5;
const CLICK: i32 = 6;
const HAS_BODY: i32 = 8;
const START_HZ: i32 = 9;
const END_HZ: i32 = 10;
const SWEEP: i32 = 11;
const SWEEP_COEF: i32 = 12;
const BODY_PHASE: i32 = 13;
const BODY_AMP: i32 = 14;
const BODY_COEF: i32 = 15;
const HAS_NOISE: i32 = 16;
const NOISE_MODE: i32 = 17;
const NOISE_LEVEL: i32 = 18;
const NOISE_AMP: i32 = 19;
const NOISE_COEF: i32 = 20;
const REVERSE_SAMPLES: i32 = 21;
const ATTACK_SAMPLES: i32 = 22;
const BURST_SAMPLES: i32 = 23;
const BURSTS: i32 = 24;
const NOISE_STATE: i32 = 25;
const NOISE_FILTER: i32 = 26;
const METAL_COUNT: i32 = 32;
const METAL_AMP: i32 = 33;
const METAL_COEF: i32 = 34;
const METAL_BP: i32 = 35;
const METAL_HP: i32 = 41;
const METAL_INCS: i32 = 48;
const METAL_PHASES: i32 = 56;
const MODE_COUNT: i32 = 64;
const MODES: i32 = 65;
const MODE_FIELDS: i32 = 4;

/**
 * Adds up to n samples into out; returns 0 once the hit has ended (out holds its samples up to the last),
 * else 1. `bursts`: a clap's envelope over one burst, sample by sample (computed by the twin's side). The
 * state the loop moves is held in locals and written back at the end.
 */
export function percussionRun(state: usize, out: usize, n: i32, table: usize, bursts: usize): i32 {
  const maxSamples = f64At(state, MAX_SAMPLES);
  const gain = f64At(state, GAIN);
  const drive = f64At(state, DRIVE);
  const tune = f64At(state, TUNE);
  const sr = f64At(state, SAMPLE_RATE);
  let click = f64At(state, CLICK);
  const hasBody = f64At(state, HAS_BODY) != 0;
  const startHz = f64At(state, START_HZ);
  const endHz = f64At(state, END_HZ);
  let sweep = f64At(state, SWEEP);
  const sweepCoef = f64At(state, SWEEP_COEF);
  let bodyPhase = f64At(state, BODY_PHASE);
  let bodyAmp = f64At(state, BODY_AMP);
  const bodyCoef = f64At(state, BODY_COEF);
  const hasNoise = f64At(state, HAS_NOISE) != 0;
  const noiseMode = <i32>f64At(state, NOISE_MODE);
  const noiseLevel = f64At(state, NOISE_LEVEL);
  let noiseAmp = f64At(state, NOISE_AMP);
  const noiseCoef = f64At(state, NOISE_COEF);
  const reverseSamples = f64At(state, REVERSE_SAMPLES);
  const attackSamples = f64At(state, ATTACK_SAMPLES);
  const burstSamples = f64At(state, BURST_SAMPLES);
  const burstEnd = burstSamples * f64At(state, BURSTS);
  const na1 = f64At(state, NOISE_FILTER);
  const na2 = f64At(state, NOISE_FILTER + 1);
  const na3 = f64At(state, NOISE_FILTER + 2);
  const nk = f64At(state, NOISE_FILTER + 3);
  let nc1 = f64At(state, NOISE_FILTER + 4);
  let nc2 = f64At(state, NOISE_FILTER + 5);
  const metalCount = <i32>f64At(state, METAL_COUNT);
  let metalAmp = f64At(state, METAL_AMP);
  const metalCoef = f64At(state, METAL_COEF);
  const ba1 = f64At(state, METAL_BP);
  const ba2 = f64At(state, METAL_BP + 1);
  const ba3 = f64At(state, METAL_BP + 2);
  let bc1 = f64At(state, METAL_BP + 4);
  let bc2 = f64At(state, METAL_BP + 5);
  const ha1 = f64At(state, METAL_HP);
  const ha2 = f64At(state, METAL_HP + 1);
  const ha3 = f64At(state, METAL_HP + 2);
  const hk = f64At(state, METAL_HP + 3);
  let hc1 = f64At(state, METAL_HP + 4);
  let hc2 = f64At(state, METAL_HP + 5);
  const modeCount = <i32>f64At(state, MODE_COUNT);
  let t = f64At(state, T);
  let rng = <u32>f64At(state, NOISE_STATE);
  let alive = 1;
  for (let i = 0; i < n; i++) {
    let s: f64 = 0;
    if (hasBody && bodyAmp > 1e-5) {
      const hz = (endHz + (startHz - endHz) * sweep) * tune;
      sweep *= sweepCoef;
      bodyPhase += hz / sr;
      if (bodyPhase >= 1) bodyPhase -= 1;
      s += bodyAmp * sine(table, bodyPhase);
      bodyAmp *= bodyCoef;
    }
    if (hasNoise) {
      let env: f64;
      if (reverseSamples > 0) {
        const x = min<f64>(1, t / reverseSamples);
        env = t < reverseSamples ? noiseLevel * x * x * x : 0;
      } else {
        env = noiseAmp;
        if (attackSamples > 0 && t < attackSamples) env *= t / attackSamples;
        if (burstSamples > 0 && t < burstEnd) {
          env = load<f64>(bursts + ((<usize>(<i32>(t % burstSamples))) << 3));
        } else noiseAmp *= noiseCoef;
      }
      if (env > 1e-5) {
        rng = xorshift(rng);
        const x = white(rng);
        const v3 = x - nc2;
        const v1 = na1 * nc1 + na2 * v3;
        const v2 = nc2 + na2 * nc1 + na3 * v3;
        nc1 = 2 * v1 - nc1;
        nc2 = 2 * v2 - nc2;
        s += env * (noiseMode == 0 ? v2 : noiseMode == 1 ? v1 : x - nk * v1 - v2);
      }
    }
    if (metalCount > 0 && metalAmp > 1e-5) {
      let sq: f64 = 0;
      for (let k = 0; k < metalCount; k++) {
        let ph = f64At(state, METAL_PHASES + k) + f64At(state, METAL_INCS + k);
        if (ph >= 1) ph -= 1;
        setF64(state, METAL_PHASES + k, ph);
        sq += ph < 0.5 ? 1 : -1;
      }
      // band-pass, then high-pass (dsp/filters.ts Svf.bp, Svf.hp)
      const x = sq * 0.3;
      let v3 = x - bc2;
      let v1 = ba1 * bc1 + ba2 * v3;
      let v2 = bc2 + ba2 * bc1 + ba3 * v3;
      bc1 = 2 * v1 - bc1;
      bc2 = 2 * v2 - bc2;
      const band = v1;
      v3 = band - hc2;
      v1 = ha1 * hc1 + ha2 * v3;
      v2 = hc2 + ha2 * hc1 + ha3 * v3;
      hc1 = 2 * v1 - hc1;
      hc2 = 2 * v2 - hc2;
      s += metalAmp * (band - hk * v1 - v2);
      metalAmp *= metalCoef;
    }
    for (let k = 0; k < modeCount; k++) {
      const m = MODES + k * MODE_FIELDS;
      const a = f64At(state, m + 1);
      if (a < 1e-5) continue;
      let ph = f64At(state, m + 3) + f64At(state, m);
      if (ph >= 1) ph -= 1;
      setF64(state, m + 3, ph);
      s += a * sine(table, ph);
      setF64(state, m + 1, a * f64At(state, m + 2));
    }
    if (click > 1e-4) {
      s += click;
      click *= -0.55;
    }
    if (drive > 0) s = softClip(s * drive);
    let v = s * gain;
    // a 3 ms fade where a choke or the length limit cuts the hit
    const left = maxSamples - t;
    if (left < 132) v *= max<f64>(0, left / 132);
    const o = out + ((<usize>i) << 2);
    store<f32>(o, <f32>(<f64>load<f32>(o) + v));
    t++;
    if (t >= maxSamples) {
      alive = 0;
      break;
    }
  }
  setF64(state, T, t);
  setF64(state, NOISE_STATE, <f64>rng);
  setF64(state, CLICK, click);
  setF64(state, SWEEP, sweep);
  setF64(state, BODY_PHASE, bodyPhase);
  setF64(state, BODY_AMP, bodyAmp);
  setF64(state, NOISE_AMP, noiseAmp);
  setF64(state, NOISE_FILTER + 4, nc1);
  setF64(state, NOISE_FILTER + 5, nc2);
  setF64(state, METAL_AMP, metalAmp);
  setF64(state, METAL_BP + 4, bc1);
  setF64(state, METAL_BP + 5, bc2);
  setF64(state, METAL_HP + 4, hc1);
  setF64(state, METAL_HP + 5, hc2);
  return alive;
}
