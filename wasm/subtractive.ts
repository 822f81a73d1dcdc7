/**
 * The subtractive voice's samples for one control block (src/engine/dsp/subtractive.ts is its JavaScript twin
 * and documents the state's layout): the same double-precision arithmetic, operation for operation and in the
 * same order, rounded to single precision where the twin stores a sample — so both give the same samples.
 *
 *   oscillators + noise ─▶ temp ─▶ SVF ─▶ (formants) ─▶ + breath ─▶ amp envelope ─▶ drive ─▶ bits ─▶ + out
 *
 * Where the twin runs one pass per stage, the filter, the envelopes and the rest share one loop here, so the
 * filter's and the envelopes' recurrences (each waits on its own last result) overlap instead of queueing.
 */

import { f32At, f64At, SINE_SIZE, setF32, setF64, softClip, tableSine, white, xorshift } from "./shared";

// State layout: keep in step with SUBTRACTIVE in src/engine/dsp/voice-layouts.ts.
const OSC_COUNT: i32 = 0;
const NOISE_LEVEL: i32 = 1;
const NOISE_STATE: i32 = 2;
const MODE: i32 = 3;
const FILTER: i32 = 4;
const FORMANT_COUNT: i32 = 10;
const BREATH_LEVEL: i32 = 11;
const HAS_BREATH: i32 = 35;
const BREATH: i32 = 12;
const AMP: i32 = 18;
const FILTER_ENV: i32 = 24;
const HAS_FILTER_ENV: i32 = 30;
const GAIN: i32 = 31;
const DRIVE: i32 = 32;
const DRIVE_NORM: i32 = 33;
const BITS: i32 = 34;
const OSCS: i32 = 40;
const OSC_FIELDS: i32 = 5;
const FORMANTS: i32 = 80;
const FORMANT_FIELDS: i32 = 7;

// An SVF's six fields from its base: a1, a2, a3, k, ic1, ic2. An envelope's six: stage, value, attack step,
// decay coefficient, release coefficient, sustain.
const ATTACK: i32 = 0;
const DECAY: i32 = 1;
const SUSTAIN: i32 = 2;
const RELEASE: i32 = 3;
const DONE: i32 = 4;

/** Below this a filter's state is set to zero at the end of a block, as the twin's Svf.block does. */
@inline function flushed(x: f64): f64 {
  return Math.abs(x) < 1e-20 ? 0 : x;
}

/**
 * Math.round as JavaScript rounds: to the nearest integer, a half up (wasm's `nearest` rounds a half to even),
 * and a zero keeps the sign of x.
 */
@inline function roundHalfUp(x: f64): f64 {
  const r = Math.floor(x);
  const up = x - r >= 0.5 ? r + 1 : r;
  return up == 0 ? copysign<f64>(0, x) : up;
}

/** Adds one oscillator's block into temp (dsp/osc-block.ts); returns its phase. */
function addOscillator(temp: usize, n: i32, wave: i32, phase: f64, inc: f64, level: f64, width: f64, sine: usize): f64 {
  const inv = 1 / inc;
  if (wave == 0) {
    for (let i = 0; i < n; i++) {
      phase += inc;
      if (phase >= 1) phase -= 1;
      let v = 2 * phase - 1;
      if (phase < inc) {
        const t = phase * inv;
        v -= t + t - t * t - 1;
      } else if (phase > 1 - inc) {
        const t = (phase - 1) * inv;
        v -= t * t + t + t + 1;
      }
      setF32(temp, i, f32At(temp, i) + v * level);
    }
  } else if (wave == 1) {
    for (let i = 0; i < n; i++) {
      phase += inc;
      if (phase >= 1) phase -= 1;
      let v: f64 = phase < width ? 1 : -1;
      if (phase < inc) {
        const t = phase * inv;
        v += t + t - t * t - 1;
      } else if (phase > 1 - inc) {
        const t = (phase - 1) * inv;
        v += t * t + t + t + 1;
      }
      let p2 = phase - width;
      if (p2 < 0) p2 += 1;
      if (p2 < inc) {
        const t = p2 * inv;
        v -= t + t - t * t - 1;
      } else if (p2 > 1 - inc) {
        const t = (p2 - 1) * inv;
        v -= t * t + t + t + 1;
      }
      setF32(temp, i, f32At(temp, i) + v * level);
    }
  } else if (wave == 2) {
    for (let i = 0; i < n; i++) {
      phase += inc;
      if (phase >= 1) phase -= 1;
      setF32(temp, i, f32At(temp, i) + (phase < 0.5 ? 4 * phase - 1 : 3 - 4 * phase) * level);
    }
  } else {
    for (let i = 0; i < n; i++) {
      phase += inc;
      if (phase >= 1) phase -= 1;
      setF32(temp, i, f32At(temp, i) + tableSine(sine, phase * SINE_SIZE) * level);
    }
  }
  return phase;
}

/**
 * One control block of a subtractive voice: adds its `n` samples into out (n ≤ 256; temp holds 512 floats) and
 * leaves the state ready for the next block. Returns the amplitude envelope's stage (4: done, silent for good).
 */
export function subtractiveBlock(state: usize, n: i32, out: usize, temp: usize, sine: usize): i32 {
  memory.fill(temp, 0, (<usize>n) << 2);
  const oscs = <i32>f64At(state, OSC_COUNT);
  for (let k = 0; k < oscs; k++) {
    const o = OSCS + k * OSC_FIELDS;
    const wave = <i32>f64At(state, o);
    setF64(state, o + 1, addOscillator(temp, n, wave, f64At(state, o + 1), f64At(state, o + 2), f64At(state, o + 3), f64At(state, o + 4), sine));
  }
  let rng = <u32>f64At(state, NOISE_STATE);
  const noiseLevel = f64At(state, NOISE_LEVEL);
  if (noiseLevel > 0) {
    for (let i = 0; i < n; i++) {
      rng = xorshift(rng);
      setF32(temp, i, f32At(temp, i) + noiseLevel * white(rng));
    }
  }
  const formants = <i32>f64At(state, FORMANT_COUNT);
  if (formants > 0) {
    filterPass(state, FILTER, <i32>f64At(state, MODE), temp, n);
    // each formant band-passes the filtered block; their sum replaces it
    const sum = temp + 1024;
    memory.fill(sum, 0, (<usize>n) << 2);
    for (let k = 0; k < formants; k++) formantPass(state, FORMANTS + k * FORMANT_FIELDS, temp, sum, n);
    memory.copy(temp, sum, (<usize>n) << 2);
    rng = finish(state, n, temp, out, rng, false);
  } else {
    rng = finish(state, n, temp, out, rng, true);
  }
  setF64(state, NOISE_STATE, <f64>rng);
  return <i32>f64At(state, AMP);
}

/** The SVF at `f` over x in place (dsp/filters.ts Svf.block). */
function filterPass(s: usize, f: i32, mode: i32, x: usize, n: i32): void {
  const a1 = f64At(s, f);
  const a2 = f64At(s, f + 1);
  const a3 = f64At(s, f + 2);
  const k = f64At(s, f + 3);
  let ic1 = f64At(s, f + 4);
  let ic2 = f64At(s, f + 5);
  for (let i = 0; i < n; i++) {
    const v = f32At(x, i);
    const v3 = v - ic2;
    const v1 = a1 * ic1 + a2 * v3;
    const v2 = ic2 + a2 * ic1 + a3 * v3;
    ic1 = 2 * v1 - ic1;
    ic2 = 2 * v2 - ic2;
    setF32(x, i, mode == 0 ? v2 : mode == 1 ? v1 : v - k * v1 - v2);
  }
  setF64(s, f + 4, flushed(ic1));
  setF64(s, f + 5, flushed(ic2));
}

/** One formant: x band-passed by the SVF at `f`, times its gain, added into sum. */
function formantPass(s: usize, f: i32, x: usize, sum: usize, n: i32): void {
  const a1 = f64At(s, f);
  const a2 = f64At(s, f + 1);
  const a3 = f64At(s, f + 2);
  const g = f64At(s, f + 6);
  let ic1 = f64At(s, f + 4);
  let ic2 = f64At(s, f + 5);
  for (let i = 0; i < n; i++) {
    const v3 = f32At(x, i) - ic2;
    const v1 = a1 * ic1 + a2 * v3;
    const v2 = ic2 + a2 * ic1 + a3 * v3;
    ic1 = 2 * v1 - ic1;
    ic2 = 2 * v2 - ic2;
    setF32(sum, i, f32At(sum, i) + <f64>(<f32>v1) * g);
  }
  setF64(s, f + 4, flushed(ic1));
  setF64(s, f + 5, flushed(ic2));
}

/**
 * The filter (when `filter`), breath, both envelopes, drive and bits, sample by sample, added into out; returns
 * the noise state after the breath's draws.
 */
@inline function finish(s: usize, n: i32, x: usize, out: usize, rng: u32, filter: bool): u32 {
  const mode = <i32>f64At(s, MODE);
  const a1 = f64At(s, FILTER);
  const a2 = f64At(s, FILTER + 1);
  const a3 = f64At(s, FILTER + 2);
  const k = f64At(s, FILTER + 3);
  let ic1 = f64At(s, FILTER + 4);
  let ic2 = f64At(s, FILTER + 5);
  const hasBreath = f64At(s, HAS_BREATH) != 0;
  const breath = f64At(s, BREATH_LEVEL);
  const b1 = f64At(s, BREATH);
  const b2 = f64At(s, BREATH + 1);
  const b3 = f64At(s, BREATH + 2);
  let bc1 = f64At(s, BREATH + 4);
  let bc2 = f64At(s, BREATH + 5);
  let stage = <i32>f64At(s, AMP);
  let v = f64At(s, AMP + 1);
  const attackStep = f64At(s, AMP + 2);
  const decayCoef = f64At(s, AMP + 3);
  const releaseCoef = f64At(s, AMP + 4);
  const sustain = f64At(s, AMP + 5);
  const hasFilterEnv = f64At(s, HAS_FILTER_ENV) != 0;
  let fStage = <i32>f64At(s, FILTER_ENV);
  let fv = f64At(s, FILTER_ENV + 1);
  const fAttackStep = f64At(s, FILTER_ENV + 2);
  const fDecayCoef = f64At(s, FILTER_ENV + 3);
  const fReleaseCoef = f64At(s, FILTER_ENV + 4);
  const fSustain = f64At(s, FILTER_ENV + 5);
  const gain = f64At(s, GAIN);
  const drive = f64At(s, DRIVE);
  const driveNorm = f64At(s, DRIVE_NORM);
  const bits = f64At(s, BITS);
  for (let i = 0; i < n; i++) {
    let y = f32At(x, i);
    if (filter) {
      const v3 = y - ic2;
      const v1 = a1 * ic1 + a2 * v3;
      const v2 = ic2 + a2 * ic1 + a3 * v3;
      ic1 = 2 * v1 - ic1;
      ic2 = 2 * v2 - ic2;
      y = <f64>(<f32>(mode == 0 ? v2 : mode == 1 ? v1 : y - k * v1 - v2));
    }
    if (hasBreath) {
      rng = xorshift(rng);
      const w = <f64>(<f32>white(rng));
      const v3 = w - bc2;
      const v1 = b1 * bc1 + b2 * v3;
      const v2 = bc2 + b2 * bc1 + b3 * v3;
      bc1 = 2 * v1 - bc1;
      bc2 = 2 * v2 - bc2;
      y = <f64>(<f32>(y + <f64>(<f32>v1) * breath));
    }
    // the amplitude envelope (dsp/envelope.ts Envelope.applyTo, sample by sample)
    if (stage == ATTACK) {
      v += attackStep;
      if (v >= 1) {
        v = 1;
        stage = DECAY;
        y = <f64>(<f32>(y * gain));
      } else y = <f64>(<f32>(y * (v * gain)));
    } else if (stage == DECAY) {
      v = sustain + (v - sustain) * decayCoef;
      y = <f64>(<f32>(y * (v * gain)));
      if (v - sustain < 1e-4) stage = SUSTAIN;
    } else if (stage == SUSTAIN) {
      v = sustain;
      if (v < 1e-4) stage = DONE;
      y = <f64>(<f32>(y * (v * gain)));
    } else if (stage == RELEASE) {
      v *= releaseCoef;
      if (v < 1e-3) {
        v = 0;
        stage = DONE;
        y = 0;
      } else y = <f64>(<f32>(y * (v * gain)));
    } else {
      v = 0;
      y = 0;
    }
    // the filter envelope, read at control rate (Envelope.next)
    if (hasFilterEnv) {
      if (fStage == ATTACK) {
        fv += fAttackStep;
        if (fv >= 1) {
          fv = 1;
          fStage = DECAY;
        }
      } else if (fStage == DECAY) {
        fv = fSustain + (fv - fSustain) * fDecayCoef;
        if (fv - fSustain < 1e-4) fStage = SUSTAIN;
      } else if (fStage == SUSTAIN) {
        fv = fSustain;
        if (fSustain < 1e-4) fStage = DONE;
      } else if (fStage == RELEASE) {
        fv *= fReleaseCoef;
        if (fv < 1e-3) {
          fv = 0;
          fStage = DONE;
        }
      } else fv = 0;
    }
    if (drive > 0) y = <f64>(<f32>(softClip(y * drive) * driveNorm));
    if (bits > 0) y = <f64>(<f32>(roundHalfUp(y * bits) / bits));
    setF32(out, i, f32At(out, i) + y);
  }
  if (filter) {
    setF64(s, FILTER + 4, flushed(ic1));
    setF64(s, FILTER + 5, flushed(ic2));
  }
  if (hasBreath) {
    setF64(s, BREATH + 4, flushed(bc1));
    setF64(s, BREATH + 5, flushed(bc2));
  }
  setF64(s, AMP, <f64>stage);
  setF64(s, AMP + 1, v);
  if (hasFilterEnv) {
    setF64(s, FILTER_ENV, <f64>fStage);
    setF64(s, FILTER_ENV + 1, fv);
  }
  return rng;
}
