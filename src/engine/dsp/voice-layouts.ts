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
  breathLevel: 11,
  /** The breath's SVF (see filter); it draws from the noise whenever hasBreath is set, at any level. */
  breath: 12,
  /** An envelope's fields from here (dsp/envelope.ts): stage, value, attack step, decay, release, sustain. */
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
  hasBreath: 35,
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

/** Samples per span of an FM voice: each pair's loop runs over a span at a time into the sum (wasm/fm.ts SPAN). */
export const FM_SPAN = 256;

/** Indices into a percussion hit's state (wasm/percussion.ts keeps the same numbers). */
export const PERCUSSION = {
  /** Samples rendered so far. */
  t: 0,
  /** Where the hit is cut (its longest layer, or a choke). */
  maxSamples: 1,
  gain: 2,
  /** 0 = clean. */
  drive: 3,
  tune: 4,
  sampleRate: 5,
  click: 6,
  /** Body: present, start and end Hz, the sweep and its coefficient, phase, amplitude and its decay. */
  hasBody: 8,
  startHz: 9,
  endHz: 10,
  sweep: 11,
  sweepCoef: 12,
  bodyPhase: 13,
  bodyAmp: 14,
  bodyCoef: 15,
  /** Noise: present, filter mode (0 low-, 1 band-, 2 high-pass), level, amplitude and its decay. */
  hasNoise: 16,
  noiseMode: 17,
  noiseLevel: 18,
  noiseAmp: 19,
  noiseCoef: 20,
  reverseSamples: 21,
  attackSamples: 22,
  /** A clap's burst length and count (its envelope over a burst is handed over apart). */
  burstSamples: 23,
  bursts: 24,
  /** The xorshift32 state (dsp/noise.ts), as an unsigned integer. */
  noiseState: 25,
  /** An SVF's six fields: a1, a2, a3, k, ic1, ic2. */
  noiseFilter: 26,
  /** Metal: how many squares, amplitude and its decay, the band-pass and high-pass, increments and phases. */
  metalCount: 32,
  metalAmp: 33,
  metalCoef: 34,
  metalBandpass: 35,
  metalHighpass: 41,
  metalIncs: 48,
  metalPhases: 56,
  maxMetal: 8,
  /** Modes: how many, then per mode its increment, amplitude, decay and phase. */
  modeCount: 64,
  modes: 65,
  modeFields: 4,
  maxModes: 8,
  length: 97,
  /** The longest clap burst (samples) the kernel's burst table holds. */
  maxBurstSamples: 4096,
} as const;
