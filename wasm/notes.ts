/**
 * A rendered note's measures and EQ (src/engine/dsp/note-energies.ts, src/engine/synthesize/render/rendered-notes.ts):
 * the JavaScript's arithmetic in the same order, so the same numbers, with recursions that wait on their own last
 * results run side by side — two notes a lane each, two filters a pass.
 */
import { at, f32Pair, f64At, setF64 } from "./shared";

// ── Notes' K-weighted energies (src/engine/dsp/note-energies.ts): Biquad.cascadeEnergy's arithmetic, a note a lane.

/**
 * Σ z² of two notes (a: na samples, b: nb) through two biquads in series, both from rest (dsp/biquad.ts
 * Biquad.cascadeEnergy): each note in its own lane of the same operations, in the same order, so each sum is
 * the JavaScript's to the bit; the two recurrences run side by side, where one note alone waits on its own
 * last outputs. Where one note ends the other goes on alone. coefs: b0 b1 b2 a1 a2 of the first filter, then
 * of the second; the sums go to out[0] and out[1].
 */
export function cascadeEnergy2(a: usize, na: i32, b: usize, nb: i32, coefs: usize, out: usize): void {
  const b0 = f64x2.splat(f64At(coefs, 0));
  const b1 = f64x2.splat(f64At(coefs, 1));
  const b2 = f64x2.splat(f64At(coefs, 2));
  const a1 = f64x2.splat(f64At(coefs, 3));
  const a2 = f64x2.splat(f64At(coefs, 4));
  const c0 = f64x2.splat(f64At(coefs, 5));
  const c1 = f64x2.splat(f64At(coefs, 6));
  const c2 = f64x2.splat(f64At(coefs, 7));
  const d1 = f64x2.splat(f64At(coefs, 8));
  const d2 = f64x2.splat(f64At(coefs, 9));
  let x1 = f64x2.splat(0);
  let x2 = f64x2.splat(0);
  let y1 = f64x2.splat(0);
  let y2 = f64x2.splat(0);
  let z1 = f64x2.splat(0);
  let z2 = f64x2.splat(0);
  let e = f64x2.splat(0);
  const both = min(na, nb);
  for (let i = 0; i < both; i++) {
    const v = f32Pair(at(a, i), at(b, i));
    const y = f64x2.sub(
      f64x2.sub(f64x2.add(f64x2.add(f64x2.mul(b0, v), f64x2.mul(b1, x1)), f64x2.mul(b2, x2)), f64x2.mul(a1, y1)),
      f64x2.mul(a2, y2),
    );
    x2 = x1;
    x1 = v;
    const z = f64x2.sub(
      f64x2.sub(f64x2.add(f64x2.add(f64x2.mul(c0, y), f64x2.mul(c1, y1)), f64x2.mul(c2, y2)), f64x2.mul(d1, z1)),
      f64x2.mul(d2, z2),
    );
    y2 = y1;
    y1 = y;
    z2 = z1;
    z1 = z;
    e = f64x2.add(e, f64x2.mul(z, z));
  }
  // the longer note on alone, from its lane's state
  const lane = na > nb ? 0 : 1;
  const rest = lane == 0 ? a : b;
  const n = lane == 0 ? na : nb;
  let sx1 = lane == 0 ? f64x2.extract_lane(x1, 0) : f64x2.extract_lane(x1, 1);
  let sx2 = lane == 0 ? f64x2.extract_lane(x2, 0) : f64x2.extract_lane(x2, 1);
  let sy1 = lane == 0 ? f64x2.extract_lane(y1, 0) : f64x2.extract_lane(y1, 1);
  let sy2 = lane == 0 ? f64x2.extract_lane(y2, 0) : f64x2.extract_lane(y2, 1);
  let sz1 = lane == 0 ? f64x2.extract_lane(z1, 0) : f64x2.extract_lane(z1, 1);
  let sz2 = lane == 0 ? f64x2.extract_lane(z2, 0) : f64x2.extract_lane(z2, 1);
  let se = lane == 0 ? f64x2.extract_lane(e, 0) : f64x2.extract_lane(e, 1);
  const sb0 = f64At(coefs, 0);
  const sb1 = f64At(coefs, 1);
  const sb2 = f64At(coefs, 2);
  const sa1 = f64At(coefs, 3);
  const sa2 = f64At(coefs, 4);
  const sc0 = f64At(coefs, 5);
  const sc1 = f64At(coefs, 6);
  const sc2 = f64At(coefs, 7);
  const sd1 = f64At(coefs, 8);
  const sd2 = f64At(coefs, 9);
  for (let i = both; i < n; i++) {
    const v = <f64>load<f32>(at(rest, i));
    const y = sb0 * v + sb1 * sx1 + sb2 * sx2 - sa1 * sy1 - sa2 * sy2;
    sx2 = sx1;
    sx1 = v;
    const z = sc0 * y + sc1 * sy1 + sc2 * sy2 - sd1 * sz1 - sd2 * sz2;
    sy2 = sy1;
    sy1 = y;
    sz2 = sz1;
    sz1 = z;
    se += z * z;
  }
  setF64(out, 0, lane == 0 ? se : f64x2.extract_lane(e, 0));
  setF64(out, 1, lane == 1 ? se : f64x2.extract_lane(e, 1));
}

// ── A note through its part's EQ (src/engine/synthesize/render/rendered-notes.ts renderNote).

/**
 * x[0, n) in place through `count` biquads in series, each from rest, as dsp/biquad.ts Biquad.process runs
 * them one after another: each filter's output stored to single precision before the next reads it, its own
 * memory kept in double precision. Two filters share a pass, so their recurrences run side by side. coefs:
 * b0 b1 b2 a1 a2 per filter.
 */
export function biquadChain(x: usize, n: i32, coefs: usize, count: i32): void {
  let k = 0;
  for (; k + 2 <= count; k += 2) biquadPair(x, n, coefs + (<usize>k) * 40);
  if (k < count) biquadOne(x, n, coefs + (<usize>k) * 40);
}

function biquadOne(x: usize, n: i32, c: usize): void {
  const b0 = f64At(c, 0);
  const b1 = f64At(c, 1);
  const b2 = f64At(c, 2);
  const a1 = f64At(c, 3);
  const a2 = f64At(c, 4);
  let x1: f64 = 0;
  let x2: f64 = 0;
  let y1: f64 = 0;
  let y2: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<f32>(at(x, i));
    const y = b0 * v + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = v;
    y2 = y1;
    y1 = y;
    store<f32>(at(x, i), <f32>y);
  }
}

function biquadPair(x: usize, n: i32, c: usize): void {
  const b0 = f64At(c, 0);
  const b1 = f64At(c, 1);
  const b2 = f64At(c, 2);
  const a1 = f64At(c, 3);
  const a2 = f64At(c, 4);
  const d0 = f64At(c, 5);
  const d1 = f64At(c, 6);
  const d2 = f64At(c, 7);
  const e1 = f64At(c, 8);
  const e2 = f64At(c, 9);
  let x1: f64 = 0;
  let x2: f64 = 0;
  let y1: f64 = 0;
  let y2: f64 = 0;
  let u1: f64 = 0;
  let u2: f64 = 0;
  let w1: f64 = 0;
  let w2: f64 = 0;
  for (let i = 0; i < n; i++) {
    const v = <f64>load<f32>(at(x, i));
    const y = b0 * v + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = v;
    y2 = y1;
    y1 = y;
    // the second filter reads the first's output as it was stored
    const u = <f64>(<f32>y);
    const w = d0 * u + d1 * u1 + d2 * u2 - e1 * w1 - e2 * w2;
    u2 = u1;
    u1 = u;
    w2 = w1;
    w1 = w;
    store<f32>(at(x, i), <f32>w);
  }
}
