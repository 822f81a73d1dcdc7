/**
 * Where the voices the kernels run keep their state, each in one Float64Array: the subtractive voice
 * (dsp/subtractive.ts, wasm/subtractive.ts) and the FM voice (dsp/fm.ts, wasm/fm.ts). Apart from the code, so
 * the kernels' loader can size each voice's staging from it.
 */

/** Indices into a subtractive voice's state (wasm/subtractive.ts keeps the same numbers). */
export const SUBTRACTIVE = {
  oscCount: 0,
  noiseLevel: 1,
  /** The xorshift32 state (dsp/noise.ts), as an unsigned integer. */
  noiseState: 2,
  /** 0 low-pass, 1 band-pass, 2 high-pass. */
  mode: 3,
  /** An SVF's six fields from here: a1, a2, a3, k, ic1, ic2 (see svfCoefficients). */
  filter: 4,
  formantCount: 10,
  /** 0 = no breath. */
  breathLevel: 11,
  breath: 12,
  /** An envelope's six fields from here: stage, value, attack step, decay and release coefficients, sustain. */
  amp: 18,
  filterEnv: 24,
  hasFilterEnv: 30,
  /** The block's gain (level × velocity × tremolo). */
  gain: 31,
  /** 0 = clean. */
  drive: 32,
  driveNorm: 33,
  /** Output levels (0 = not quantised). */
  bits: 34,
  /** Per oscillator: wave (WAVE_CODES), phase, increment, level, pulse width. */
  oscs: 40,
  oscFields: 5,
  maxOscs: 8,
  /** Per formant: an SVF's six fields, then its gain. */
  formants: 80,
  formantFields: 7,
  maxFormants: 4,
  length: 112,
  /** The longest block the kernel takes (its temp holds two). */
  maxBlock: 256,
} as const;

export const WAVE_CODES = { saw: 0, square: 1, pulse: 1, triangle: 2, sine: 3 } as const;

/** Envelope stages as dsp/envelope.ts numbers them. */
export const STAGE = { attack: 0, decay: 1, sustain: 2, release: 3, done: 4 } as const;

/** Indices into an FM voice's state (wasm/fm.ts keeps the same numbers). */
export const FM = {
  pairCount: 0,
  /** Samples rendered so far. */
  t: 1,
  amp: 2,
  ampCoef: 3,
  /** The amplitude below which the voice has ended. */
  floor: 4,
  releaseCoef: 5,
  attackSamples: 6,
  gate: 7,
  /** The note's frequency over the sample rate. */
  inc: 8,
  tremoloHz: 9,
  tremoloDepth: 10,
  sampleRate: 11,
  hasTremolo: 12,
  /** Per pair: carrier ratio, modulator ratio, level, carrier phase, modulator phase, index, index decay. */
  pairs: 16,
  pairFields: 7,
  maxPairs: 4,
  length: 44,
} as const;
