/**
 * The render buses' per-sample loops in WebAssembly SIMD, four samples an instruction. AssemblyScript,
 * compiled by `npm run build:wasm` into src/engine/dsp/kernels.wasm (committed: a test checks it is this file's
 * output). Each kernel is the twin of a JavaScript loop in src/engine/synthesize/render/bus-math.ts and works in
 * single precision, as the buffers store it.
 *
 * Every argument named like a buffer is a byte offset into the thread's block arena (src/engine/dsp/kernels.ts),
 * 16-byte aligned; `n` is the block's length in samples, any length (a window's last block is short).
 *
 * This file is also the module's entry: the voices (subtractive.ts, fm.ts, percussion.ts), a note's measures
 * and EQ (notes.ts), the master's curves (master.ts) and its true-peak search (true-peak.ts) are exported from
 * it; shared.ts holds what they share.
 */

export { fmRun } from "./fm";
export { percussionRun } from "./percussion";
export { subtractiveBlock } from "./subtractive";
export { biquadChain, cascadeEnergy2 } from "./notes";
export { curveHopEnergies, limiterCurve } from "./master";
export { truePeakCandidates, truePeakGains, truePeakSteps } from "./true-peak";
import { at, f32At, f32Pair, f64At, setF32, setF64 } from "./shared";

/** Where the module's own static data (the math library's tables) ends: the arena starts past it. */
export function dataEnd(): usize {
  return __heap_base;
}

/** Samples per measuring step of the mix analysis (dsp/mix-analysis.ts ANALYSIS_STEP). */
const STEP: i32 = 32;

/**
 * The larger of two magnitudes. Wasm's `max` must give NaN for a NaN and put −0 below +0, and V8 compiles it to a
 * compare-and-branch sequence for that; for the finite magnitudes measured here a plain comparison gives the same
 * answer. `f32x4.pmax` is its vector form, one instruction (f32x4.max made writeRole 2.5 times slower). Both pass
 * over a NaN, in the vector loops and their tails alike, as the JavaScript's `a > peak` tests do.
 */
@inline function larger<T>(a: T, b: T): T {
  return select<T>(b, a, b > a);
}

/** Two samples' floor(x · k + 0.5) as i32 lanes 0 and 1 (saturated to the i32 range; a NaN gives 0). */
@inline function rounded(x: v128, k: v128, half: v128): v128 {
  return i32x4.trunc_sat_f64x2_s_zero(f64x2.floor(f64x2.add(f64x2.mul(x, k), half)));
}

/** One sample's floor(y + 0.5), clamped to 16 bits; NaN gives 0, as an Int16Array stores it. */
@inline function rounded16(y: f64): i16 {
  const q = Math.floor(y + 0.5);
  return <i16>(q >= 32767 ? 32767 : q <= -32768 ? -32768 : q == q ? <i32>q : 0);
}

/** The sum of a vector's four lanes, in double precision. */
@inline function lanes(v: v128): f64 {
  const lo = f64x2.promote_low_f32x4(v);
  const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  const s = f64x2.add(lo, hi);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/** A mono part into its role's dry pair (panned) and the reverb's input (panned × send); returns the sent energy. */
export function addMono(
  x: usize, n: i32, gl: f32, gr: f32, send: f32,
  dryL: usize, dryR: usize, tankL: usize, tankR: usize,
): f64 {
  const vgl = f32x4.splat(gl);
  const vgr = f32x4.splat(gr);
  let i = 0;
  if (!(send > 0)) {
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(at(x, i));
      v128.store(at(dryL, i), f32x4.add(v128.load(at(dryL, i)), f32x4.mul(v, vgl)));
      v128.store(at(dryR, i), f32x4.add(v128.load(at(dryR, i)), f32x4.mul(v, vgr)));
    }
    for (; i < n; i++) {
      const v = load<f32>(at(x, i));
      store<f32>(at(dryL, i), load<f32>(at(dryL, i)) + v * gl);
      store<f32>(at(dryR, i), load<f32>(at(dryR, i)) + v * gr);
    }
    return 0;
  }
  const sl = gl * send;
  const sr = gr * send;
  const vsl = f32x4.splat(sl);
  const vsr = f32x4.splat(sr);
  let e = f32x4.splat(0);
  let energy: f64 = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(at(x, i));
    v128.store(at(dryL, i), f32x4.add(v128.load(at(dryL, i)), f32x4.mul(v, vgl)));
    v128.store(at(dryR, i), f32x4.add(v128.load(at(dryR, i)), f32x4.mul(v, vgr)));
    const a = f32x4.mul(v, vsl);
    const b = f32x4.mul(v, vsr);
    v128.store(at(tankL, i), f32x4.add(v128.load(at(tankL, i)), a));
    v128.store(at(tankR, i), f32x4.add(v128.load(at(tankR, i)), b));
    e = f32x4.add(e, f32x4.add(f32x4.mul(a, a), f32x4.mul(b, b)));
  }
  for (; i < n; i++) {
    const v = load<f32>(at(x, i));
    store<f32>(at(dryL, i), load<f32>(at(dryL, i)) + v * gl);
    store<f32>(at(dryR, i), load<f32>(at(dryR, i)) + v * gr);
    const a = v * sl;
    const b = v * sr;
    store<f32>(at(tankL, i), load<f32>(at(tankL, i)) + a);
    store<f32>(at(tankR, i), load<f32>(at(tankR, i)) + b);
    energy += <f64>(a * a + b * b);
  }
  return energy + lanes(e);
}

/** A stereo part into its role's dry pair and the reverb's input; returns the sent energy. */
export function addStereo(
  l: usize, r: usize, n: i32, send: f32,
  dryL: usize, dryR: usize, tankL: usize, tankR: usize,
): f64 {
  let i = 0;
  if (!(send > 0)) {
    for (; i + 4 <= n; i += 4) {
      v128.store(at(dryL, i), f32x4.add(v128.load(at(dryL, i)), v128.load(at(l, i))));
      v128.store(at(dryR, i), f32x4.add(v128.load(at(dryR, i)), v128.load(at(r, i))));
    }
    for (; i < n; i++) {
      store<f32>(at(dryL, i), load<f32>(at(dryL, i)) + load<f32>(at(l, i)));
      store<f32>(at(dryR, i), load<f32>(at(dryR, i)) + load<f32>(at(r, i)));
    }
    return 0;
  }
  const vs = f32x4.splat(send);
  let e = f32x4.splat(0);
  let energy: f64 = 0;
  for (; i + 4 <= n; i += 4) {
    const u = v128.load(at(l, i));
    const v = v128.load(at(r, i));
    v128.store(at(dryL, i), f32x4.add(v128.load(at(dryL, i)), u));
    v128.store(at(dryR, i), f32x4.add(v128.load(at(dryR, i)), v));
    const a = f32x4.mul(u, vs);
    const b = f32x4.mul(v, vs);
    v128.store(at(tankL, i), f32x4.add(v128.load(at(tankL, i)), a));
    v128.store(at(tankR, i), f32x4.add(v128.load(at(tankR, i)), b));
    e = f32x4.add(e, f32x4.add(f32x4.mul(a, a), f32x4.mul(b, b)));
  }
  for (; i < n; i++) {
    const u = load<f32>(at(l, i));
    const v = load<f32>(at(r, i));
    store<f32>(at(dryL, i), load<f32>(at(dryL, i)) + u);
    store<f32>(at(dryR, i), load<f32>(at(dryR, i)) + v);
    const a = u * send;
    const b = v * send;
    store<f32>(at(tankL, i), load<f32>(at(tankL, i)) + a);
    store<f32>(at(tankR, i), load<f32>(at(tankR, i)) + b);
    energy += <f64>(a * a + b * b);
  }
  return energy + lanes(e);
}

/** dst += x · g */
export function addScaled(dst: usize, x: usize, g: f32, n: i32): void {
  const vg = f32x4.splat(g);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    v128.store(at(dst, i), f32x4.add(v128.load(at(dst, i)), f32x4.mul(v128.load(at(x, i)), vg)));
  }
  for (; i < n; i++) store<f32>(at(dst, i), load<f32>(at(dst, i)) + load<f32>(at(x, i)) * g);
}

/** dst += (l + r) / 2 · g */
export function addMid(dst: usize, l: usize, r: usize, g: f32, n: i32): void {
  const h = g * 0.5;
  const vh = f32x4.splat(h);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const m = f32x4.add(v128.load(at(l, i)), v128.load(at(r, i)));
    v128.store(at(dst, i), f32x4.add(v128.load(at(dst, i)), f32x4.mul(m, vh)));
  }
  for (; i < n; i++) {
    store<f32>(at(dst, i), load<f32>(at(dst, i)) + (load<f32>(at(l, i)) + load<f32>(at(r, i))) * h);
  }
}

/**
 * A role's block, finished into outL/outR and added into mixL/mixR: reverb share ramped across the block,
 * sidechain duck, level and M/S width. Raises `peaks` (one f32 per STEP samples) to the block's largest
 * |sample| and writes Σ left, Σ right to `sums` (two f64).
 */
export function writeRole(
  dryL: usize, dryR: usize, wetL: usize, wetR: usize, share0: f32, share1: f32,
  duck: usize, depth: f32, gain: f32, side: f32, n: i32,
  outL: usize, outR: usize, mixL: usize, mixR: usize, peaks: usize, sums: usize,
): void {
  const ds: f32 = (share1 - share0) / <f32>n;
  const gd = gain * depth;
  const hs: f32 = 0.5 * side;
  const vgain = f32x4.splat(gain);
  const vgd = f32x4.splat(gd);
  const vhs = f32x4.splat(hs);
  const vhalf = f32x4.splat(0.5);
  const vs0 = f32x4.splat(share0);
  const vds = f32x4.splat(ds);
  const lane = f32x4(0, 1, 2, 3);
  let sumL = f32x4.splat(0);
  let sumR = f32x4.splat(0);
  let tailL: f64 = 0;
  let tailR: f64 = 0;
  for (let from = 0, k = 0; from < n; from += STEP, k++) {
    const end = min(n, from + STEP);
    let peak = f32x4.splat(load<f32>(peaks + ((<usize>k) << 2)));
    let i = from;
    for (; i + 4 <= end; i += 4) {
      const s = f32x4.add(vs0, f32x4.mul(vds, f32x4.add(f32x4.splat(<f32>i), lane)));
      const g = f32x4.sub(vgain, f32x4.mul(vgd, v128.load(at(duck, i))));
      const l = f32x4.mul(f32x4.add(v128.load(at(dryL, i)), f32x4.mul(v128.load(at(wetL, i)), s)), g);
      const r = f32x4.mul(f32x4.add(v128.load(at(dryR, i)), f32x4.mul(v128.load(at(wetR, i)), s)), g);
      const mid = f32x4.mul(f32x4.add(l, r), vhalf);
      const half = f32x4.mul(f32x4.sub(l, r), vhs);
      const left = f32x4.add(mid, half);
      const right = f32x4.sub(mid, half);
      v128.store(at(outL, i), left);
      v128.store(at(outR, i), right);
      v128.store(at(mixL, i), f32x4.add(v128.load(at(mixL, i)), left));
      v128.store(at(mixR, i), f32x4.add(v128.load(at(mixR, i)), right));
      sumL = f32x4.add(sumL, left);
      sumR = f32x4.add(sumR, right);
      peak = f32x4.pmax(peak, f32x4.pmax(f32x4.abs(left), f32x4.abs(right)));
    }
    const p2 = f32x4.pmax(peak, v128.shuffle<f32>(peak, peak, 2, 3, 0, 1));
    let top = larger(f32x4.extract_lane(p2, 0), f32x4.extract_lane(p2, 1));
    for (; i < end; i++) {
      const s = share0 + ds * <f32>i;
      const g = gain - gd * load<f32>(at(duck, i));
      const l = (load<f32>(at(dryL, i)) + load<f32>(at(wetL, i)) * s) * g;
      const r = (load<f32>(at(dryR, i)) + load<f32>(at(wetR, i)) * s) * g;
      const mid = (l + r) * 0.5;
      const half = (l - r) * hs;
      const left = mid + half;
      const right = mid - half;
      store<f32>(at(outL, i), left);
      store<f32>(at(outR, i), right);
      store<f32>(at(mixL, i), load<f32>(at(mixL, i)) + left);
      store<f32>(at(mixR, i), load<f32>(at(mixR, i)) + right);
      tailL += <f64>left;
      tailR += <f64>right;
      top = larger(top, larger(abs(left), abs(right)));
    }
    store<f32>(peaks + ((<usize>k) << 2), top);
  }
  store<f64>(sums, tailL + lanes(sumL));
  store<f64>(sums + 8, tailR + lanes(sumR));
}

/**
 * out[0..4) += note[0..4) · g, the arithmetic in double precision as in JavaScript (`l[i] += src[i] * g`), so
 * a note played here and one played from a shared chunk in JavaScript give the same samples. `s` holds the
 * four samples as i32 lanes.
 */
@inline function addFour(out: usize, s: v128, g: v128): void {
  const o = v128.load(out);
  const lo = f64x2.add(f64x2.promote_low_f32x4(o), f64x2.mul(f64x2.convert_low_i32x4_s(s), g));
  const hi = f64x2.add(
    f64x2.promote_low_f32x4(v128.shuffle<f32>(o, o, 2, 3, 0, 1)),
    f64x2.mul(f64x2.convert_low_i32x4_s(v128.shuffle<i32>(s, s, 2, 3, 0, 1)), g),
  );
  v128.store(out, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
}

/** out[i] += note[i] · gain over [0, n): a stored note's 16-bit samples into a part's mono sum. */
export function addNote(note: usize, n: i32, gain: f64, out: usize): void {
  const g = f64x2.splat(gain);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const s = v128.load(note + ((<usize>i) << 1));
    addFour(at(out, i), i32x4.extend_low_i16x8_s(s), g);
    addFour(at(out, i + 4), i32x4.extend_high_i16x8_s(s), g);
  }
  for (; i < n; i++) {
    store<f32>(at(out, i), <f32>(<f64>load<f32>(at(out, i)) + <f64>load<i16>(note + ((<usize>i) << 1)) * gain));
  }
}

/** outL[i] += note[i] · gainL and outR[i] += note[i] · gainR over [0, n): a drum hit panned into its kit. */
export function addNoteStereo(note: usize, n: i32, gainL: f64, gainR: f64, outL: usize, outR: usize): void {
  const gl = f64x2.splat(gainL);
  const gr = f64x2.splat(gainR);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const s = v128.load(note + ((<usize>i) << 1));
    const lo = i32x4.extend_low_i16x8_s(s);
    const hi = i32x4.extend_high_i16x8_s(s);
    addFour(at(outL, i), lo, gl);
    addFour(at(outL, i + 4), hi, gl);
    addFour(at(outR, i), lo, gr);
    addFour(at(outR, i + 4), hi, gr);
  }
  for (; i < n; i++) {
    const x = <f64>load<i16>(note + ((<usize>i) << 1));
    store<f32>(at(outL, i), <f32>(<f64>load<f32>(at(outL, i)) + x * gainL));
    store<f32>(at(outR, i), <f32>(<f64>load<f32>(at(outR, i)) + x * gainR));
  }
}

/**
 * x[i] = (x[i] − offset) · gain, the gain ramping linearly across each step of `step` samples (a multiple of 4)
 * from gains[k] to gains[k + 1]; x[0] starts step 0, and `gains` holds one value per step begun plus the next.
 * Returns the largest |x[i]| written (a NaN passed over, as peakOf passes over it).
 */
export function applyCurve(x: usize, n: i32, gains: usize, step: i32, offset: f32): f32 {
  const lane = f32x4(0, 1, 2, 3);
  const voff = f32x4.splat(offset);
  let v = f32x4.splat(0);
  let top: f32 = 0;
  for (let from = 0, k = 0; from < n; from += step, k++) {
    const g0 = load<f32>(gains + ((<usize>k) << 2));
    const d = (load<f32>(gains + ((<usize>(k + 1)) << 2)) - g0) / <f32>step;
    const vg0 = f32x4.splat(g0);
    const vd = f32x4.splat(d);
    const end = min(n, from + step);
    let i = from;
    for (; i + 4 <= end; i += 4) {
      const g = f32x4.add(vg0, f32x4.mul(vd, f32x4.add(f32x4.splat(<f32>(i - from)), lane)));
      const y = f32x4.mul(f32x4.sub(v128.load(at(x, i)), voff), g);
      v128.store(at(x, i), y);
      v = f32x4.pmax(v, f32x4.abs(y));
    }
    for (; i < end; i++) {
      const y = (load<f32>(at(x, i)) - offset) * (g0 + d * <f32>(i - from));
      store<f32>(at(x, i), y);
      top = larger(top, abs(y));
    }
  }
  const p = f32x4.pmax(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  return larger(top, larger(f32x4.extract_lane(p, 0), f32x4.extract_lane(p, 1)));
}

/** peaks[k] = max(peaks[k], largest |x| over step k) for the steps of x[0, n) (`step` a multiple of 4). */
export function stepMaxima(x: usize, n: i32, peaks: usize, step: i32): void {
  for (let from = 0, k = 0; from < n; from += step, k++) {
    const end = min(n, from + step);
    let v = f32x4.splat(0);
    let i = from;
    for (; i + 4 <= end; i += 4) v = f32x4.pmax(v, f32x4.abs(v128.load(at(x, i))));
    const p = f32x4.pmax(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    let top = larger(load<f32>(peaks + ((<usize>k) << 2)), larger(f32x4.extract_lane(p, 0), f32x4.extract_lane(p, 1)));
    for (; i < end; i++) top = larger(top, abs(load<f32>(at(x, i))));
    store<f32>(peaks + ((<usize>k) << 2), top);
  }
}

// ── K-weighting (src/engine/dsp/loudness.ts KWeightedSteps): both channels side by side in f64x2 lanes.

/**
 * A stereo block [0, n) through the BS.1770 K filters, each lane the JavaScript's arithmetic for its channel,
 * operation for operation. Per step of `step` samples (the block starts one; `first` is its index in the piece)
 * writes to `out` six f64: Σe, Σj·e, Σj²·e (e = yL² + yR², j the index within the step) and the same three up to
 * the step's 100 ms hop boundary (`hop` samples) where one falls inside it. `coefs` holds the shelf's b0, b1, b2,
 * a1, a2 and the high-pass's a1, a2; `state` the lanes of x1, x2, u1, u2, y1, y2 (read, then written back).
 */
export function kWeight(
  l: usize, r: usize, n: i32, first: i32, step: i32, hop: i32, coefs: usize, state: usize, out: usize, moments: bool,
): void {
  const b0 = f64x2.splat(f64At(coefs, 0)), b1 = f64x2.splat(f64At(coefs, 1)), b2 = f64x2.splat(f64At(coefs, 2));
  const a1 = f64x2.splat(f64At(coefs, 3)), a2 = f64x2.splat(f64At(coefs, 4));
  const h1 = f64x2.splat(f64At(coefs, 5)), h2 = f64x2.splat(f64At(coefs, 6));
  const two = f64x2.splat(2);
  let x1 = v128.load(state), x2 = v128.load(state, 16), u1 = v128.load(state, 32);
  let u2 = v128.load(state, 48), y1 = v128.load(state, 64), y2 = v128.load(state, 80);
  for (let start = 0, k = 0; start < n; start += step, k++) {
    const end = min(n, start + step);
    const boundary = ((first + start) / hop + 1) * hop - first;
    const cut = min(boundary, end);
    let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0;
    const o = out + ((<usize>(6 * k)) << 3);
    for (let i = start; i < end; i++) {
      if (i == cut) {
        store<f64>(o, s0, 24);
        store<f64>(o, s1, 32);
        store<f64>(o, s2, 40);
      }
      const x = f32Pair(at(l, i), at(r, i));
      const u = f64x2.sub(
        f64x2.sub(
          f64x2.add(f64x2.add(f64x2.mul(b0, x), f64x2.mul(b1, x1)), f64x2.mul(b2, x2)),
          f64x2.mul(a1, u1),
        ),
        f64x2.mul(a2, u2),
      );
      x2 = x1;
      x1 = x;
      const y = f64x2.sub(
        f64x2.sub(f64x2.add(f64x2.sub(u, f64x2.mul(two, u1)), u2), f64x2.mul(h1, y1)),
        f64x2.mul(h2, y2),
      );
      u2 = u1;
      u1 = u;
      y2 = y1;
      y1 = y;
      const sq = f64x2.mul(y, y);
      const e = f64x2.extract_lane(sq, 0) + f64x2.extract_lane(sq, 1);
      const j = <f64>(i - start);
      s0 += e;
      if (moments) {
        s1 += j * e;
        s2 += j * j * e;
      }
    }
    store<f64>(o, s0);
    store<f64>(o, s1, 8);
    store<f64>(o, s2, 16);
  }
  v128.store(state, x1);
  v128.store(state, x2, 16);
  v128.store(state, u1, 32);
  v128.store(state, u2, 48);
  v128.store(state, y1, 64);
  v128.store(state, y2, 80);
}

// ── PCM (src/engine/encode/wav.ts): Float32 frames to 16-bit WAV samples.

/**
 * out[2i], out[2i + 1] = the 16-bit samples of l[i], r[i] · gain for i in [0, n): floor(x · gain · 32767 + 0.5)
 * in double precision, clamped to [−32768, 32767] (the saturating narrow clamps), as the JavaScript computes
 * them.
 */
export function pcm16(l: usize, r: usize, n: i32, gain: f64, out: usize): void {
  const g = f64x2.splat(gain);
  const full = f64x2.splat(32767);
  const half = f64x2.splat(0.5);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const vl = v128.load(at(l, i));
    const vr = v128.load(at(r, i));
    const l01 = rounded(f64x2.mul(f64x2.promote_low_f32x4(vl), g), full, half);
    const l23 = rounded(f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(vl, vl, 2, 3, 0, 1)), g), full, half);
    const r01 = rounded(f64x2.mul(f64x2.promote_low_f32x4(vr), g), full, half);
    const r23 = rounded(f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(vr, vr, 2, 3, 0, 1)), g), full, half);
    const ls = v128.shuffle<i32>(l01, l23, 0, 1, 4, 5);
    const rs = v128.shuffle<i32>(r01, r23, 0, 1, 4, 5);
    const lo = v128.shuffle<i32>(ls, rs, 0, 4, 1, 5);
    const hi = v128.shuffle<i32>(ls, rs, 2, 6, 3, 7);
    v128.store(out + ((<usize>i) << 2), i16x8.narrow_i32x4_s(lo, hi));
  }
  for (; i < n; i++) {
    store<i16>(out + ((<usize>i) << 2), rounded16(<f64>load<f32>(at(l, i)) * gain * 32767));
    store<i16>(out + ((<usize>i) << 2), rounded16(<f64>load<f32>(at(r, i)) * gain * 32767), 2);
  }
}

/**
 * Both channels of a block of the mix, for the premix analysis (src/engine/dsp/mix-analysis.ts MixAnalyser), each
 * in its lane: the block [0, n) starts a step, is wholly recorded and does not start the piece. Per step j, its
 * largest |x| and the largest curvature |x[i−1] − 2·x[i] + x[i+1]| centred in it; everything as the JavaScript
 * computes it, the sums in order. `state` holds the two samples before the block (a, b) as (left, right)
 * pairs, and is updated; per step j the peaks pair is at peaks + 16·j and the bends pair at bends + 16·(1 + j)
 * (the pair at bends is centred on the sample before the block); the channels' sums are written at `sums`.
 */
export function mixStatsStereo(
  l: usize, r: usize, n: i32, step: i32, state: usize, peaks: usize, bends: usize, sums: usize,
): void {
  let a = v128.load(state);
  let b = v128.load(state, 16);
  let sum = f64x2.splat(0);
  let j = 0;
  for (let start = 0; start < n; start += step, j++) {
    const end = min(n, start + step);
    const first = f32Pair(at(l, start), at(r, start));
    const completed = f64x2.abs(f64x2.add(f64x2.sub(a, f64x2.mul(f64x2.splat(2), b)), first));
    const before = bends + ((<usize>j) << 4);
    v128.store(before, j == 0 ? completed : f64x2.max(v128.load(before), completed));
    a = b;
    b = first;
    let peak = f64x2.abs(first);
    sum = f64x2.add(sum, first);
    let bend = f64x2.splat(0);
    for (let i = start + 1; i < end; i++) {
      const v = f32Pair(at(l, i), at(r, i));
      sum = f64x2.add(sum, v);
      peak = f64x2.pmax(peak, f64x2.abs(v));
      bend = f64x2.pmax(bend, f64x2.abs(f64x2.add(f64x2.sub(a, f64x2.mul(f64x2.splat(2), b)), v)));
      a = b;
      b = v;
    }
    v128.store(bends + ((<usize>(j + 1)) << 4), bend);
    v128.store(peaks + ((<usize>j) << 4), peak);
  }
  v128.store(state, a);
  v128.store(state, b, 16);
  v128.store(sums, sum);
}

/**
 * A rendered note into 16 bits (src/engine/synthesize/render/rendered-notes.ts quantiseNote): out[i] =
 * floor(x[i] · k + 0.5) over [0, n), in double precision as the JavaScript computes it (`k` fits the note's peak
 * to full scale, so nothing needs clamping; the saturating narrow would clamp it, and a NaN gives 0).
 */
export function quantise16(x: usize, n: i32, k: f64, out: usize): void {
  const vk = f64x2.splat(k);
  const half = f64x2.splat(0.5);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const a = v128.load(at(x, i));
    const b = v128.load(at(x, i + 4));
    const a01 = rounded(f64x2.promote_low_f32x4(a), vk, half);
    const a23 = rounded(f64x2.promote_low_f32x4(v128.shuffle<f32>(a, a, 2, 3, 0, 1)), vk, half);
    const b01 = rounded(f64x2.promote_low_f32x4(b), vk, half);
    const b23 = rounded(f64x2.promote_low_f32x4(v128.shuffle<f32>(b, b, 2, 3, 0, 1)), vk, half);
    const lo = v128.shuffle<i32>(a01, a23, 0, 1, 4, 5);
    const hi = v128.shuffle<i32>(b01, b23, 0, 1, 4, 5);
    v128.store(out + ((<usize>i) << 1), i16x8.narrow_i32x4_s(lo, hi));
  }
  for (; i < n; i++) {
    store<i16>(out + ((<usize>i) << 1), rounded16(<f64>load<f32>(at(x, i)) * k));
  }
}

/** The largest |x[i]| over [0, n) (a NaN passed over, as the JavaScript's `a > peak` passes over it). */
export function peakOf(x: usize, n: i32): f32 {
  let v = f32x4.splat(0);
  let w = f32x4.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    v = f32x4.pmax(v, f32x4.abs(v128.load(at(x, i))));
    w = f32x4.pmax(w, f32x4.abs(v128.load(at(x, i + 4))));
  }
  v = f32x4.pmax(v, w);
  let top = larger(larger(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), larger(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
  for (; i < n; i++) top = larger(top, abs(load<f32>(at(x, i))));
  return top;
}

// ── Reverb (src/engine/dsp/reverb.ts): the same arithmetic, operation for operation, so both give the same samples.

const IN_RING: i32 = 32;
const OUT_RING: i32 = 16;
const SEND_PAIRS: i32 = 4;
const PAIRS: i32 = 8;
const DIFFUSION: f64 = 0.6;

/** The (left, right) pair at `i` of the interleaved output ring. */
@inline function pairAt(ring: usize, i: i32): v128 {
  return v128.load(ring + ((<usize>i) << 4));
}

/** t · (ring[a] + ring[b]) for both channels. */
@inline function tapPair(ring: usize, a: i32, b: i32, t: v128): v128 {
  return f64x2.mul(t, f64x2.add(pairAt(ring, a), pairAt(ring, b)));
}

/**
 * The odd phase of ↑2, both channels in one vector: halfway between ring[ahead] and ring[behind], through the 8
 * return taps (summed in the scalar order).
 */
@inline function interpolated(
  ring: usize, ahead: i32, behind: i32, t0: v128, t1: v128, t2: v128, t3: v128, t4: v128, t5: v128, t6: v128, t7: v128,
): v128 {
  let v = f64x2.add(tapPair(ring, ahead, behind, t0), tapPair(ring, ahead + 1, behind - 1, t1));
  v = f64x2.add(v, tapPair(ring, ahead + 2, behind - 2, t2));
  v = f64x2.add(v, tapPair(ring, ahead + 3, behind - 3, t3));
  v = f64x2.add(v, tapPair(ring, ahead + 4, behind - 4, t4));
  v = f64x2.add(v, tapPair(ring, ahead + 5, behind - 5, t5));
  v = f64x2.add(v, tapPair(ring, ahead + 6, behind - 6, t6));
  return f64x2.add(v, tapPair(ring, ahead + 7, behind - 7, t7));
}

/**
 * Adds the reverb's wet signal of (inL + inR) into outL/outR over [0, n). `lines` holds the 8 delay lines
 * (`size` samples each, a power of two); `lengths` (i32 × 8), `gains` and `damp` (f64 × 8) the lines' lengths,
 * loop gains and damping states; `taps` the 4 send then 8 return halfband taps (f64); `positions` (i32) the
 * line write position, the half-rate phase, the input ring's, the output ring's, the predelay's and the two
 * allpasses' positions — read first and written back.
 */
export function reverb(
  inL: usize, inR: usize, outL: usize, outR: usize, n: i32,
  lines: usize, size: i32, lengths: usize, gains: usize, dampA: f64, damp: usize,
  pre: usize, preLen: i32, ap1: usize, ap1Len: i32, ap2: usize, ap2Len: i32,
  inRing: usize, ring: usize, taps: usize, positions: usize,
): void {
  const mask = size - 1;
  const a = dampA;
  const l0 = load<i32>(lengths), l1 = load<i32>(lengths, 4), l2 = load<i32>(lengths, 8), l3 = load<i32>(lengths, 12);
  const l4 = load<i32>(lengths, 16), l5 = load<i32>(lengths, 20), l6 = load<i32>(lengths, 24), l7 = load<i32>(lengths, 28);
  const g0 = f64At(gains, 0), g1 = f64At(gains, 1), g2 = f64At(gains, 2), g3 = f64At(gains, 3);
  const g4 = f64At(gains, 4), g5 = f64At(gains, 5), g6 = f64At(gains, 6), g7 = f64At(gains, 7);
  let d0 = f64At(damp, 0), d1 = f64At(damp, 1), d2 = f64At(damp, 2), d3 = f64At(damp, 3);
  let d4 = f64At(damp, 4), d5 = f64At(damp, 5), d6 = f64At(damp, 6), d7 = f64At(damp, 7);
  const s0 = f64At(taps, 0), s1 = f64At(taps, 1), s2 = f64At(taps, 2), s3 = f64At(taps, 3);
  const back = taps + 32;
  const t0 = f64x2.splat(f64At(back, 0)), t1 = f64x2.splat(f64At(back, 1)), t2 = f64x2.splat(f64At(back, 2));
  const t3 = f64x2.splat(f64At(back, 3)), t4 = f64x2.splat(f64At(back, 4)), t5 = f64x2.splat(f64At(back, 5));
  const t6 = f64x2.splat(f64At(back, 6)), t7 = f64x2.splat(f64At(back, 7));
  let w = load<i32>(positions);
  let phase = load<i32>(positions, 4);
  let inPos = load<i32>(positions, 8);
  let outPos = load<i32>(positions, 12);
  let prePos = load<i32>(positions, 16);
  let ap1Pos = load<i32>(positions, 20);
  let ap2Pos = load<i32>(positions, 24);
  const line1 = lines + ((<usize>size) << 2);
  const line2 = line1 + ((<usize>size) << 2);
  const line3 = line2 + ((<usize>size) << 2);
  const line4 = line3 + ((<usize>size) << 2);
  const line5 = line4 + ((<usize>size) << 2);
  const line6 = line5 + ((<usize>size) << 2);
  const line7 = line6 + ((<usize>size) << 2);
  for (let i = 0; i < n; i++) {
    const mono = (f32At(inL, i) + f32At(inR, i)) * 0.5;
    setF64(inRing, inPos, mono);
    setF64(inRing, inPos + IN_RING, mono);
    const latest = inPos + IN_RING;
    inPos = (inPos + 1) & (IN_RING - 1);
    if (phase == 0) {
      phase = 1;
      const ahead = outPos + OUT_RING - PAIRS;
      const behind = outPos + OUT_RING - 1 - PAIRS;
      const mid = interpolated(ring, ahead, behind, t0, t1, t2, t3, t4, t5, t6, t7);
      setF32(outL, i, f32At(outL, i) + f64x2.extract_lane(mid, 0));
      setF32(outR, i, f32At(outR, i) + f64x2.extract_lane(mid, 1));
      continue;
    }
    phase = 0;
    const centre = latest - (2 * SEND_PAIRS - 1);
    const input =
      0.5 * f64At(inRing, centre) +
      s0 * (f64At(inRing, centre - 1) + f64At(inRing, centre + 1)) +
      s1 * (f64At(inRing, centre - 3) + f64At(inRing, centre + 3)) +
      s2 * (f64At(inRing, centre - 5) + f64At(inRing, centre + 5)) +
      s3 * (f64At(inRing, centre - 7) + f64At(inRing, centre + 7));
    let x = f32At(pre, prePos);
    setF32(pre, prePos, input);
    if (++prePos >= preLen) prePos = 0;
    const b1 = f32At(ap1, ap1Pos);
    const u1 = x + DIFFUSION * b1;
    setF32(ap1, ap1Pos, u1);
    x = b1 - DIFFUSION * u1;
    if (++ap1Pos >= ap1Len) ap1Pos = 0;
    const b2 = f32At(ap2, ap2Pos);
    const u2 = x + DIFFUSION * b2;
    setF32(ap2, ap2Pos, u2);
    x = b2 - DIFFUSION * u2;
    if (++ap2Pos >= ap2Len) ap2Pos = 0;
    const v0 = f32At(lines, (w - l0) & mask) * g0;
    d0 += a * (v0 - d0);
    const v1 = f32At(line1, (w - l1) & mask) * g1;
    d1 += a * (v1 - d1);
    const v2 = f32At(line2, (w - l2) & mask) * g2;
    d2 += a * (v2 - d2);
    const v3 = f32At(line3, (w - l3) & mask) * g3;
    d3 += a * (v3 - d3);
    const v4 = f32At(line4, (w - l4) & mask) * g4;
    d4 += a * (v4 - d4);
    const v5 = f32At(line5, (w - l5) & mask) * g5;
    d5 += a * (v5 - d5);
    const v6 = f32At(line6, (w - l6) & mask) * g6;
    d6 += a * (v6 - d6);
    const v7 = f32At(line7, (w - l7) & mask) * g7;
    d7 += a * (v7 - d7);
    // Householder: y = d − (2/N)·Σd
    const h = (d0 + d1 + d2 + d3 + d4 + d5 + d6 + d7) * 0.25;
    setF32(lines, w, d0 - h + x);
    setF32(line1, w, d1 - h + x);
    setF32(line2, w, d2 - h + x);
    setF32(line3, w, d3 - h + x);
    setF32(line4, w, d4 - h + x);
    setF32(line5, w, d5 - h + x);
    setF32(line6, w, d6 - h + x);
    setF32(line7, w, d7 - h + x);
    w = (w + 1) & mask;
    const yl = (d0 + d2 + d4 + d6) * 0.35;
    const yr = (d1 + d3 + d5 + d7) * 0.35;
    const y = f64x2.replace_lane(f64x2.splat(yl), 1, yr);
    v128.store(ring + ((<usize>outPos) << 4), y);
    v128.store(ring + ((<usize>(outPos + OUT_RING)) << 4), y);
    const aligned = outPos + OUT_RING - PAIRS;
    outPos = (outPos + 1) & (OUT_RING - 1);
    const out = pairAt(ring, aligned);
    setF32(outL, i, f32At(outL, i) + f64x2.extract_lane(out, 0));
    setF32(outR, i, f32At(outR, i) + f64x2.extract_lane(out, 1));
  }
  store<i32>(positions, w);
  store<i32>(positions, phase, 4);
  store<i32>(positions, inPos, 8);
  store<i32>(positions, outPos, 12);
  store<i32>(positions, prePos, 16);
  store<i32>(positions, ap1Pos, 20);
  store<i32>(positions, ap2Pos, 24);
  setF64(damp, 0, abs(d0) < 1e-20 ? 0 : d0);
  setF64(damp, 1, abs(d1) < 1e-20 ? 0 : d1);
  setF64(damp, 2, abs(d2) < 1e-20 ? 0 : d2);
  setF64(damp, 3, abs(d3) < 1e-20 ? 0 : d3);
  setF64(damp, 4, abs(d4) < 1e-20 ? 0 : d4);
  setF64(damp, 5, abs(d5) < 1e-20 ? 0 : d5);
  setF64(damp, 6, abs(d6) < 1e-20 ? 0 : d6);
  setF64(damp, 7, abs(d7) < 1e-20 ? 0 : d7);
}

// ── Compressor (src/engine/dsp/dynamics.ts): the same detector, curve and smoothing, step by step.

/** The soft-knee static curve (Giannoulis, Massberg & Reiss 2012): gain change in dB at a level in dB. */
@inline function staticGainDb(levelDb: f64, thresholdDb: f64, ratio: f64, kneeDb: f64): f64 {
  const over = levelDb - thresholdDb;
  if (2 * over < -kneeDb) return 0;
  if (2 * Math.abs(over) <= kneeDb) {
    const t = over + kneeDb / 2;
    return ((1 / ratio - 1) * t * t) / (2 * kneeDb);
  }
  return (1 / ratio - 1) * over;
}

/** x[0..4) ·= g in double precision, as JavaScript multiplies a Float32Array element by a number. */
@inline function scaleFour(x: usize, g: v128): void {
  const v = v128.load(x);
  const lo = f64x2.mul(f64x2.promote_low_f32x4(v), g);
  const hi = f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)), g);
  v128.store(x, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
}

/**
 * A stereo block compressed in place: per step of `step` samples the detector reads max(|L|, |R|), the static
 * curve gives the reduction it calls for, the reduction is smoothed (`att` while it grows, `rel` while it
 * falls) and the step is multiplied by its gain. `state` (f64) holds the smoothed reduction in dB from block
 * to block.
 */
export function compressStereo(
  l: usize, r: usize, n: i32, step: i32, kneeLevel: f64,
  thresholdDb: f64, ratio: f64, kneeDb: f64, att: f64, rel: f64, state: usize,
): void {
  let envDb = load<f64>(state);
  for (let from = 0; from < n; from += step) {
    const end = min(n, from + step);
    let v = f32x4.splat(0);
    let i = from;
    for (; i + 4 <= end; i += 4) v = f32x4.pmax(v, f32x4.pmax(f32x4.abs(v128.load(at(l, i))), f32x4.abs(v128.load(at(r, i)))));
    const p2 = f32x4.pmax(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    let peak = larger(f32x4.extract_lane(p2, 0), f32x4.extract_lane(p2, 1));
    for (; i < end; i++) peak = larger(peak, larger(abs(load<f32>(at(l, i))), abs(load<f32>(at(r, i)))));
    const level = <f64>peak;
    // under the knee the curve gives no reduction; a reduction decayed below 1e-7 dB is over (a gain Float32 stores as 1)
    const target = level + 1e-9 < kneeLevel ? 0 : -staticGainDb(20 * Math.log10(level + 1e-9), thresholdDb, ratio, kneeDb);
    let g: f64 = 1;
    if (target == 0 && envDb < 1e-7) {
      envDb = 0;
    } else {
      envDb = target + (envDb - target) * (target > envDb ? att : rel);
      g = Math.pow(10, -envDb / 20);
    }
    if (g == 1) continue;
    const vg = f64x2.splat(g);
    i = from;
    for (; i + 4 <= end; i += 4) {
      scaleFour(at(l, i), vg);
      scaleFour(at(r, i), vg);
    }
    for (; i < end; i++) {
      store<f32>(at(l, i), <f32>(<f64>load<f32>(at(l, i)) * g));
      store<f32>(at(r, i), <f32>(<f64>load<f32>(at(r, i)) * g));
    }
  }
  store<f64>(state, envDb);
}

/**
 * The width chorus (src/engine/synthesize/render/bus-math.ts WidthChorus): x into the delay line (`length`
 * samples from `line`, written at `pos`), read back d0 + dd·i samples behind, linearly interpolated, and added
 * as ±0.6 × that side signal to dryL/dryR. Returns the new write position. Four samples at a time (two per
 * f64x2, each lane the JavaScript's arithmetic) where the four writes come before four reads without changing
 * what the reads see: the tap at least a sample behind the write and the line not wrapping under the four.
 */
export function chorus(
  x: usize, n: i32, line: usize, length: i32, pos: i32, d0: f64, dd: f64, dryL: usize, dryR: usize,
): i32 {
  const dEnd = d0 + dd * <f64>n;
  const ahead = min(d0, dEnd) >= 1 && max(d0, dEnd) <= <f64>(length - 5);
  const vd0 = f64x2.splat(d0);
  const vdd = f64x2.splat(dd);
  const vlen = f64x2.splat(<f64>length);
  const zero = f64x2.splat(0);
  let i = 0;
  while (i < n) {
    if (ahead && i + 4 <= n && pos + 4 <= length) {
      v128.store(at(line, pos), v128.load(at(x, i)));
      const s01 = chorusPair(line, length, pos, i, vd0, vdd, vlen, zero);
      const s23 = chorusPair(line, length, pos + 2, i + 2, vd0, vdd, vlen, zero);
      const l = v128.load(at(dryL, i));
      const r = v128.load(at(dryR, i));
      const l01 = f64x2.add(f64x2.promote_low_f32x4(l), s01);
      const l23 = f64x2.add(f64x2.promote_low_f32x4(v128.shuffle<f32>(l, l, 2, 3, 0, 1)), s23);
      const r01 = f64x2.sub(f64x2.promote_low_f32x4(r), s01);
      const r23 = f64x2.sub(f64x2.promote_low_f32x4(v128.shuffle<f32>(r, r, 2, 3, 0, 1)), s23);
      v128.store(at(dryL, i), v128.shuffle<f32>(f32x4.demote_f64x2_zero(l01), f32x4.demote_f64x2_zero(l23), 0, 1, 4, 5));
      v128.store(at(dryR, i), v128.shuffle<f32>(f32x4.demote_f64x2_zero(r01), f32x4.demote_f64x2_zero(r23), 0, 1, 4, 5));
      pos += 4;
      if (pos >= length) pos = 0;
      i += 4;
      continue;
    }
    store<f32>(at(line, pos), load<f32>(at(x, i)));
    let p = <f64>pos - (d0 + dd * <f64>i);
    if (p < 0) p += <f64>length;
    const i0 = <i32>p;
    const f = p - <f64>i0;
    const a = <f64>load<f32>(at(line, i0));
    const b = <f64>load<f32>(at(line, i0 + 1 < length ? i0 + 1 : 0));
    const side = (a + (b - a) * f) * 0.6;
    if (++pos >= length) pos = 0;
    store<f32>(at(dryL, i), <f32>(<f64>load<f32>(at(dryL, i)) + side));
    store<f32>(at(dryR, i), <f32>(<f64>load<f32>(at(dryR, i)) - side));
    i++;
  }
  return pos;
}

/** The side signal of samples i, i + 1 (written at pos, pos + 1), as the scalar loop computes each. */
@inline function chorusPair(line: usize, length: i32, pos: i32, i: i32, vd0: v128, vdd: v128, vlen: v128, zero: v128): v128 {
  const where = f64x2.replace_lane(f64x2.splat(<f64>pos), 1, <f64>(pos + 1));
  const index = f64x2.replace_lane(f64x2.splat(<f64>i), 1, <f64>(i + 1));
  let p = f64x2.sub(where, f64x2.add(vd0, f64x2.mul(vdd, index)));
  // p += length where p < 0 (elsewhere + 0, which leaves p as it is)
  p = f64x2.add(p, v128.and(vlen, f64x2.lt(p, zero)));
  const whole = i32x4.trunc_sat_f64x2_s_zero(p);
  const f = f64x2.sub(p, f64x2.convert_low_i32x4_s(whole));
  const j0 = i32x4.extract_lane(whole, 0);
  const j1 = i32x4.extract_lane(whole, 1);
  const a = f32Pair(at(line, j0), at(line, j1));
  const k0 = j0 + 1 < length ? j0 + 1 : 0;
  const k1 = j1 + 1 < length ? j1 + 1 : 0;
  const b = f32Pair(at(line, k0), at(line, k1));
  return f64x2.mul(f64x2.add(a, f64x2.mul(f64x2.sub(b, a), f)), f64x2.splat(0.6));
}

/**
 * The ping-pong delay (src/engine/dsp/delay.ts): lines `left`/`right` of `length` samples at `pos`, the
 * feedback's one-pole lowpass (coefficient `a`, its state the f64 at `state`). Adds the repeats into
 * outL/outR over [0, n); returns the new position.
 */
export function pingPong(
  inL: usize, inR: usize, outL: usize, outR: usize, n: i32,
  left: usize, right: usize, length: i32, pos: i32, a: f64, feedback: f64, state: usize,
): i32 {
  let lp = load<f64>(state);
  for (let i = 0; i < n; i++) {
    const dl = <f64>load<f32>(at(left, pos));
    const dr = <f64>load<f32>(at(right, pos));
    lp += a * (dr - lp);
    store<f32>(at(left, pos), <f32>((<f64>load<f32>(at(inL, i)) + <f64>load<f32>(at(inR, i))) * 0.5 + lp * feedback));
    store<f32>(at(right, pos), <f32>dl);
    if (++pos >= length) pos = 0;
    store<f32>(at(outL, i), <f32>(<f64>load<f32>(at(outL, i)) + dl));
    store<f32>(at(outR, i), <f32>(<f64>load<f32>(at(outR, i)) + dr));
  }
  store<f64>(state, abs(lp) < 1e-20 ? 0 : lp);
  return pos;
}
