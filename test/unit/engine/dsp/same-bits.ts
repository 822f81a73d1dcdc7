/** Comparing samples to the bit (a kernel against its twin): −0 and +0, or two NaNs, count as different. */

/** The first index where two sample arrays differ (−1: none), a number a failure message can show. */
export function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

export function sameBits(a: Float32Array, b: Float32Array): boolean {
  return firstDifference(a, b) < 0;
}

/** A voice's state array (the kernels' voices keep everything in one). */
export function stateOf(voice: unknown): Float64Array {
  return (voice as { state: Float64Array }).state;
}
