/**
 * The voice contract: one sounding note. A voice adds its mono output into a block and tracks its own gate
 * (note length) and release, so the part renderer streams blocks without knowing what the voice is.
 */
export interface VoiceNote {
  pitch: number;
  /** 0..1 */
  velocity: number;
  /** Samples until the key is released. */
  gateSamples: number;
  /** Per-note seed for noise and free-running phases. */
  seed: number;
}

export interface VoiceContext {
  sampleRate: number;
  bpm: number;
}

export interface Voice {
  /** Adds output into out[from, to). Returns false once the voice is silent for good. */
  render(out: Float32Array, from: number, to: number): boolean;
}

/**
 * The code a factory's voices run (the note bank gives each render worker its own engines where it can, so
 * a fresh worker compiles half of them: see render/claims.ts).
 */
export type VoiceEngine = "analog" | "organ" | "piano" | "pluck" | "modal" | "fm";

export type VoiceFactory = ((note: VoiceNote, ctx: VoiceContext) => Voice) & { readonly engine?: VoiceEngine };

/** `make`, labelled with its engine. */
export function engineFactory(engine: VoiceEngine, make: (note: VoiceNote, ctx: VoiceContext) => Voice): VoiceFactory {
  return Object.assign(make, { engine });
}

/** Samples between control-rate updates (filter cutoffs, LFOs, pitch glides). */
export const CONTROL_SAMPLES = 64;

/** Perceptual velocity curve: quiet notes quieter than linear, like a keyboard's response. */
export function velocityGain(velocity: number, curve = 1.6): number {
  const v = Math.min(Math.max(velocity, 0), 1);
  return 0.08 + 0.92 * v ** curve;
}
