/**
 * ADSR envelope, one value per sample: linear attack (no click), exponential decay and release (what
 * analogue envelopes and real instruments do). Times in seconds; decay/release are times to −60 dB.
 *
 * An envelope is six numbers in a Float64Array — stage, value, attack step, decay and release coefficients,
 * sustain — so a voice whose state is one array keeps it there (dsp/voice-layouts.ts) and the voice kernel
 * (wasm/subtractive.ts) runs the same arithmetic on it.
 */
export interface Adsr {
  attack: number;
  decay: number;
  /** 0..1 */
  sustain: number;
  release: number;
}

export const STAGE = { attack: 0, decay: 1, sustain: 2, release: 3, done: 4 } as const;

/** Numbers an envelope takes in its array. */
export const ENVELOPE_FIELDS = 6;

/** Coefficient per sample so that a level falls by 60 dB in `seconds`. */
export function decayCoefficient(seconds: number, sampleRate: number): number {
  return Math.exp(Math.log(0.001) / Math.max(seconds * sampleRate, 1));
}

/** An envelope at rest, into state[at, at + ENVELOPE_FIELDS). */
export function envelopeState(state: Float64Array, at: number, shape: Adsr, sampleRate: number): void {
  state[at] = STAGE.attack;
  state[at + 1] = 0;
  state[at + 2] = 1 / Math.max(shape.attack * sampleRate, 16);
  state[at + 3] = decayCoefficient(shape.decay, sampleRate);
  state[at + 4] = decayCoefficient(shape.release, sampleRate);
  state[at + 5] = shape.sustain;
}

const DONE: number = STAGE.done;
const RELEASE: number = STAGE.release;

/**
 * The key is let go (where `now`): the envelope at `at` releases, unless it has already ended. The same steps
 * whether or not it is `now`, for a block loop that asks every block and passes the gate once: steps run only
 * at the gate had no type feedback when a fresh thread compiled the loop, and the first gate threw the
 * compiled code back to the interpreter.
 */
export function releaseEnvelope(state: Float64Array, at: number, now = true): void {
  const stage = state[at]!;
  state[at] = (now ? 1 : 0) & (stage !== DONE ? 1 : 0) ? RELEASE : stage;
}

/**
 * Advances the envelope at `at` by n samples, its value one step a sample; with `buf`, multiplies buf[0, n) by
 * the values times `gain` as it goes (a sample its release ends on, and every one after, becomes 0).
 */
export function runEnvelope(state: Float64Array, at: number, n: number, buf?: Float32Array, gain = 1): void {
  let stage = state[at]!;
  let v = state[at + 1]!;
  const step = state[at + 2]!;
  const decay = state[at + 3]!;
  const release = state[at + 4]!;
  const sustain = state[at + 5]!;
  for (let i = 0; i < n; i++) {
    // the factor this sample is multiplied by; `cut`: set to 0 instead (a release ending, or done)
    let g = 0;
    let cut = false;
    if (stage === STAGE.attack) {
      v += step;
      if (v >= 1) {
        v = 1;
        stage = STAGE.decay;
        g = gain;
      } else g = v * gain;
    } else if (stage === STAGE.decay) {
      v = sustain + (v - sustain) * decay;
      g = v * gain;
      if (v - sustain < 1e-4) stage = STAGE.sustain;
    } else if (stage === STAGE.sustain) {
      v = sustain;
      if (v < 1e-4) stage = STAGE.done;
      g = v * gain;
    } else if (stage === STAGE.release) {
      v *= release;
      if (v < 1e-3) {
        v = 0;
        stage = STAGE.done;
        cut = true;
      } else g = v * gain;
    } else {
      v = 0;
      cut = true;
    }
    if (buf) buf[i] = cut ? 0 : buf[i]! * g;
  }
  state[at] = stage;
  state[at + 1] = v;
}
