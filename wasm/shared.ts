/**
 * What the kernels' modules share: reading and writing the arena (a buffer's i-th double or float, each float
 * widened to a double as JavaScript reads a Float32Array) and the small functions the voices have in common
 * with their JavaScript twins.
 */

/** The address of a Float32 buffer's i-th sample. */
@inline export function at(buffer: usize, i: i32): usize {
  return buffer + ((<usize>i) << 2);
}

/** The Float32 samples at addresses a and b as a pair of doubles. */
@inline export function f32Pair(a: usize, b: usize): v128 {
  return f64x2.replace_lane(f64x2.splat(<f64>load<f32>(a)), 1, <f64>load<f32>(b));
}

@inline export function f64At(p: usize, i: i32): f64 {
  return load<f64>(p + ((<usize>i) << 3));
}

@inline export function setF64(p: usize, i: i32, v: f64): void {
  store<f64>(p + ((<usize>i) << 3), v);
}

@inline export function f32At(p: usize, i: i32): f64 {
  return <f64>load<f32>(p + ((<usize>i) << 2));
}

@inline export function setF32(p: usize, i: i32, v: f64): void {
  store<f32>(p + ((<usize>i) << 2), <f32>v);
}

/** Entries in the oscillators' sine table (dsp/oscillators.ts SINE_TABLE, one more as a guard). */
export const SINE_SIZE: f64 = 4096;

/** The sine table at `p` table steps (0 ≤ p < SINE_SIZE), interpolated as dsp/oscillators.ts does. */
@inline export function tableSine(table: usize, p: f64): f64 {
  const j = <i32>p;
  const a = f32At(table, j);
  return a + (f32At(table, j + 1) - a) * (p - <f64>j);
}

/** dsp/oscillators.ts sine(phase): the table's sine of a phase in turns. */
@inline export function sine(table: usize, phase: f64): f64 {
  return tableSine(table, (phase - Math.floor(phase)) * SINE_SIZE);
}

/** dsp/filters.ts softClip. */
@inline export function softClip(x: f64): f64 {
  if (x > 3) return 1;
  if (x < -3) return -1;
  const x2 = x * x;
  return (x * (27 + x2)) / (27 + 9 * x2);
}

/** xorshift32 (dsp/noise.ts Noise.white): the next state. */
@inline export function xorshift(x: u32): u32 {
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return x;
}

/** A xorshift32 state as white noise in [−1, 1). */
@inline export function white(x: u32): f64 {
  return <f64>x / 2147483648.0 - 1.0;
}
