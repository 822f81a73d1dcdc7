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

// State layout: keep in step with SUBTRACTIVE in src/engine/dsp/voice-layouts.ts.
const OSC_COUNT: i32 = 0;
const NOISE_LEVEL: i32 = 1;
const NOISE_STATE: i32 = 2;
const MODE: i32 = 3;
const FILTER: i32 = 4;
const FORMANT_COUNT: i32 = 10;
const BREATH_LEVEL: i32 = 11;
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
const SINE_SIZE: i32 = 4096;

// An SVF's six fields from its base: a1, a2, a3, k, ic1, ic2. An envelope's six: stage, value, attack step,
// decay coefficient, release coefficient, sustain.
const ATTACK: i32 = 0;
const DECAY: i32 = 1;
const SUSTAIN: i32 = 2;
const RELEASE: i32 = 3;
const DONE: i32 = 4;

@inline function get(s: usize, i: i32): f64 {
  return load<f64>(s + ((<usize>i) << 3));
}

@inline function put(s: usize, i: i32, v: f64): void {
  store<f64>(s + ((<usize>i) << 3), v);
}

@inline function sample(p: usize, i: i32): f64 {
  return <f64>load<f32>(p + ((<usize>i) << 2));
}

@inline function setSample(p: usize, i: i32, v: f64): void {
  store<f32>(p + ((<usize>i) << 2), <f32>v);
}

/** Below this a filter's state is set to zero at the end of a block, as the twin's Svf.block does. */
@inline function flushed(x: f64): f64 {
  return Math.abs(x) < 1e-20 ? 0 : x;
}

/** xorshift32 (dsp/noise.ts Noise.white): the next state. */
@inline function xorshift(x: u32): u32 {
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return x;
}

@inline function white(x: u32): f64 {
  return <f64>x / 2147483648.0 - 1.0;
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

/** dsp/filters.ts softClip. */
@inline function softClip(x: f64): f64 {
  if (x > 3) return 1;
  if (x < -3) return -1;
  const x2 = x * x;
  return (x * (27 + x2)) / (27 + 9 * x2);
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
      setSample(temp, i, sample(temp, i) + v * level);
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
      setSample(temp, i, sample(temp, i) + v * level);
    }
  } else if (wave == 2) {
    for (let i = 0; i < n; i++) {
      phase += inc;
      if (phase >= 1) phase -= 1;
      setSample(temp, i, sample(temp, i) + (phase < 0.5 ? 4 * phase - 1 : 3 - 4 * phase) * level);
    }
  } else {
    for (let i = 0; i < n; i++) {
      phase += inc;
      if (phase >= 1) phase -= 1;
      const p = phase * <f64>SINE_SIZE;
      const j = <i32>p;
      const a = sample(sine, j);
      setSample(temp, i, sample(temp, i) + (a + (sample(sine, j + 1) - a) * (p - <f64>j)) * level);
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
  const oscs = <i32>get(state, OSC_COUNT);
  for (let k = 0; k < oscs; k++) {
    const o = OSCS + k * OSC_FIELDS;
    const wave = <i32>get(state, o);
    put(state, o + 1, addOscillator(temp, n, wave, get(state, o + 1), get(state, o + 2), get(state, o + 3), get(state, o + 4), sine));
  }
  let rng = <u32>get(state, NOISE_STATE);
  const noiseLevel = get(state, NOISE_LEVEL);
  if (noiseLevel > 0) {
    for (let i = 0; i < n; i++) {
      rng = xorshift(rng);
      setSample(temp, i, sample(temp, i) + noiseLevel * white(rng));
    }
  }
  const formants = <i32>get(state, FORMANT_COUNT);
  if (formants > 0) {
    filterPass(state, FILTER, <i32>get(state, MODE), temp, n);
    // each formant band-passes the filtered block; their sum replaces it
    const sum = temp + 1024;
    memory.fill(sum, 0, (<usize>n) << 2);
    for (let k = 0; k < formants; k++) formantPass(state, FORMANTS + k * FORMANT_FIELDS, temp, sum, n);
    memory.copy(temp, sum, (<usize>n) << 2);
    rng = finish(state, n, temp, out, rng, false);
  } else {
    rng = finish(state, n, temp, out, rng, true);
  }
  put(state, NOISE_STATE, <f64>rng);
  return <i32>get(state, AMP);
}

/** The SVF at `f` over x in place (dsp/filters.ts Svf.block). */
function filterPass(s: usize, f: i32, mode: i32, x: usize, n: i32): void {
  const a1 = get(s, f);
  const a2 = get(s, f + 1);
  const a3 = get(s, f + 2);
  const k = get(s, f + 3);
  let ic1 = get(s, f + 4);
  let ic2 = get(s, f + 5);
  for (let i = 0; i < n; i++) {
    const v = sample(x, i);
    const v3 = v - ic2;
    const v1 = a1 * ic1 + a2 * v3;
    const v2 = ic2 + a2 * ic1 + a3 * v3;
    ic1 = 2 * v1 - ic1;
    ic2 = 2 * v2 - ic2;
    setSample(x, i, mode == 0 ? v2 : mode == 1 ? v1 : v - k * v1 - v2);
  }
  put(s, f + 4, flushed(ic1));
  put(s, f + 5, flushed(ic2));
}

/** One formant: x band-passed by the SVF at `f`, times its gain, added into sum. */
function formantPass(s: usize, f: i32, x: usize, sum: usize, n: i32): void {
  const a1 = get(s, f);
  const a2 = get(s, f + 1);
  const a3 = get(s, f + 2);
  const g = get(s, f + 6);
  let ic1 = get(s, f + 4);
  let ic2 = get(s, f + 5);
  for (let i = 0; i < n; i++) {
    const v3 = sample(x, i) - ic2;
    const v1 = a1 * ic1 + a2 * v3;
    const v2 = ic2 + a2 * ic1 + a3 * v3;
    ic1 = 2 * v1 - ic1;
    ic2 = 2 * v2 - ic2;
    setSample(sum, i, sample(sum, i) + <f64>(<f32>v1) * g);
  }
  put(s, f + 4, flushed(ic1));
  put(s, f + 5, flushed(ic2));
}

/**
 * The filter (when `filter`), breath, both envelopes, drive and bits, sample by sample, added into out; returns
 * the noise state after the breath's draws.
 */
@inline function finish(s: usize, n: i32, x: usize, out: usize, rng: u32, filter: bool): u32 {
  const mode = <i32>get(s, MODE);
  const a1 = get(s, FILTER);
  const a2 = get(s, FILTER + 1);
  const a3 = get(s, FILTER + 2);
  const k = get(s, FILTER + 3);
  let ic1 = get(s, FILTER + 4);
  let ic2 = get(s, FILTER + 5);
  const breath = get(s, BREATH_LEVEL);
  const b1 = get(s, BREATH);
  const b2 = get(s, BREATH + 1);
  const b3 = get(s, BREATH + 2);
  let bc1 = get(s, BREATH + 4);
  let bc2 = get(s, BREATH + 5);
  let stage = <i32>get(s, AMP);
  let v = get(s, AMP + 1);
  const attackStep = get(s, AMP + 2);
  const decayCoef = get(s, AMP + 3);
  const releaseCoef = get(s, AMP + 4);
  const sustain = get(s, AMP + 5);
  const hasFilterEnv = get(s, HAS_FILTER_ENV) != 0;
  let fStage = <i32>get(s, FILTER_ENV);
  let fv = get(s, FILTER_ENV + 1);
  const fAttackStep = get(s, FILTER_ENV + 2);
  const fDecayCoef = get(s, FILTER_ENV + 3);
  const fReleaseCoef = get(s, FILTER_ENV + 4);
  const fSustain = get(s, FILTER_ENV + 5);
  const gain = get(s, GAIN);
  const drive = get(s, DRIVE);
  const driveNorm = get(s, DRIVE_NORM);
  const bits = get(s, BITS);
  for (let i = 0; i < n; i++) {
    let y = sample(x, i);
    if (filter) {
      const v3 = y - ic2;
      const v1 = a1 * ic1 + a2 * v3;
      const v2 = ic2 + a2 * ic1 + a3 * v3;
      ic1 = 2 * v1 - ic1;
      ic2 = 2 * v2 - ic2;
      y = <f64>(<f32>(mode == 0 ? v2 : mode == 1 ? v1 : y - k * v1 - v2));
    }
    if (breath > 0) {
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
    setSample(out, i, sample(out, i) + y);
  }
  if (filter) {
    put(s, FILTER + 4, flushed(ic1));
    put(s, FILTER + 5, flushed(ic2));
  }
  if (breath > 0) {
    put(s, BREATH + 4, flushed(bc1));
    put(s, BREATH + 5, flushed(bc2));
  }
  put(s, AMP, <f64>stage);
  put(s, AMP + 1, v);
  if (hasFilterEnv) {
    put(s, FILTER_ENV, <f64>fStage);
    put(s, FILTER_ENV + 1, fv);
  }
  return rng;
}
