/**
 * Band-limited oscillators. Saw and square use PolyBLEP (Välimäki & Huovilainen, "Antialiasing Oscillators in
 * Subtractive Synthesis", IEEE SPM 2007): a two-sample polynomial residual subtracted at each discontinuity.
 * Phases are normalised to [0, 1); `inc` is frequency / sampleRate.
 */

/** Two-sample polynomial band-limited step residual at phase t (0..1) for increment dt. */
export function polyBlep(t: number, dt: number): number {
  if (t < dt) {
    const x = t / dt;
    return x + x - x * x - 1;
  }
  if (t > 1 - dt) {
    const x = (t - 1) / dt;
    return x * x + x + x + 1;
  }
  return 0;
}

export function sawSample(phase: number, inc: number): number {
  return 2 * phase - 1 - polyBlep(phase, inc);
}

/** Pulse with duty `width` (0.5 = square). */
export function pulseSample(phase: number, inc: number, width: number): number {
  let v = phase < width ? 1 : -1;
  v += polyBlep(phase, inc);
  let t2 = phase - width;
  if (t2 < 0) t2 += 1;
  v -= polyBlep(t2, inc);
  return v;
}

/** Triangle: naive is already −12 dB/oct, aliasing stays far below the square's. */
export function triangleSample(phase: number): number {
  return phase < 0.5 ? 4 * phase - 1 : 3 - 4 * phase;
}

const SINE_BITS = 12;
const SINE_SIZE = 1 << SINE_BITS;
/** One period plus a guard point so linear interpolation never wraps. */
export const SINE_TABLE: Float32Array = (() => {
  const t = new Float32Array(SINE_SIZE + 1);
  for (let i = 0; i <= SINE_SIZE; i++) t[i] = Math.sin((2 * Math.PI * i) / SINE_SIZE);
  return t;
})();

/** sin(2π·phase) by table lookup with linear interpolation; phase may be any real number. */
export function sine(phase: number): number {
  const p = (phase - Math.floor(phase)) * SINE_SIZE;
  const i = p | 0;
  const f = p - i;
  const a = SINE_TABLE[i]!;
  return a + (SINE_TABLE[i + 1]! - a) * f;
}

export function midiToHz(pitch: number): number {
  return 440 * 2 ** ((pitch - 69) / 12);
}

export function centsToRatio(cents: number): number {
  return 2 ** (cents / 1200);
}
