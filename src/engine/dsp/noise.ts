/**
 * Deterministic noise for the synthesizer: xorshift32 seeded from the engine's Rng, so the same score and
 * seed give the same bytes. Cheap enough to call per sample.
 */
export class Noise {
  /**
   * In a typed array, not a field: half the states are above 2^31 and a number that large in a field is a heap
   * object, so every call allocated one (~15 ns a sample in the effects, and the garbage collector's work).
   */
  private readonly state = new Uint32Array(1);

  constructor(seed: number) {
    this.state[0] = (seed >>> 0) ^ 0x9e3779b9 || 0x1234567;
  }

  /** The generator's state as an unsigned integer, for code that carries the sequence on (dsp/subtractive.ts). */
  get current(): number {
    return this.state[0]!;
  }

  /** Uniform white noise in [-1, 1). */
  white(): number {
    let x = this.state[0]!;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state[0] = x;
    return (x >>> 0) / 2147483648 - 1;
  }

  /** Uniform in [0, 1). */
  unit(): number {
    return (this.white() + 1) * 0.5;
  }
}

/** Paul Kellet's economy pink filter over white noise (−3 dB/oct within ±0.5 dB above 40 Hz). */
export class PinkNoise {
  private b0 = 0;
  private b1 = 0;
  private b2 = 0;
  constructor(private readonly noise: Noise) {}

  next(): number {
    const w = this.noise.white();
    this.b0 = 0.99765 * this.b0 + w * 0.099046;
    this.b1 = 0.963 * this.b1 + w * 0.2965164;
    this.b2 = 0.57 * this.b2 + w * 1.0526913;
    return (this.b0 + this.b1 + this.b2 + w * 0.1848) * 0.2;
  }
}
