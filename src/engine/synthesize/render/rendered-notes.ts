/**
 * Rendered notes: each distinct note of a part is synthesised once, to silence, and every repeat plays the
 * stored samples — the way a sampler plays a recorded note. Arranged music repeats itself (a kick on every
 * beat, a bass riff per bar, a chord per progression), so most of a track becomes copies, not synthesis.
 *
 * A note is "distinct" by pitch, velocity (quantised; the level difference is restored as gain), gate
 * (quantised below what anyone hears) and a round-robin variant (so repeats still differ in their noise and
 * free-running phases). Keys are pure functions of the note, so two workers rendering halves of a piece make
 * the same samples. A buffer is dropped after its last use, and a byte budget bounds what is kept between uses.
 *
 * Notes are kept as 16-bit samples scaled to their own peak, as a sampler keeps them: the rounding lies ~96 dB
 * under each note's peak (its tail is cut at 60 dB under it), and a long piece's notes take half the memory.
 */
import { Biquad, type BiquadCoefficients } from "../../dsp/biquad.js";
import { EQ_MAX_FILTERS, STAGING, wasmKernels } from "../../dsp/kernels.js";
import { magnitudePeak } from "../../dsp/signal-passes.js";
import type { Voice } from "../voices/voice.js";

export const NOTE_CACHE_DEFAULTS = {
  /** Samples kept between uses, per window (a 10-minute render must stay well under 400 MB). */
  budgetBytes: 64 * 1024 * 1024,
  /** Velocity steps: 1/24 ≈ 5 MIDI steps, a timbre difference no one hears once the level is restored. */
  velocitySteps: 8,
  /** Drums: a hit's colour moves little with velocity, and a kit plays thousands of them. */
  drumVelocitySteps: 4,
  /** Round-robin variants per key. */
  pitchedVariants: 1,
  drumVariants: 2,
  /** Longest note rendered, past its gate (runaway guard for voices that never report silence). */
  maxTailSeconds: 30,
  /** Silence appended before the note's EQ, for the filters' own ring-out (a 20 Hz high-pass needs ~60 ms). */
  eqTailSamples: 4096,
  /** A rendered note ends where it stays this far below its own peak: under any mix, inaudible. */
  floorDb: -60,
} as const;

const CHUNK = 4096;

/** A stored note: `samples[i] × scale` is the note's i-th sample. */
export interface StoredNote {
  samples: Int16Array;
  scale: number;
}

const FULL_SCALE = 32767;
const SILENT_NOTE: StoredNote = { samples: new Int16Array(0), scale: 0 };

/** The largest |sample| of a note: through the kernel (wasm/kernels.ts peakOf), a staged chunk at a time. */
export function notePeak(samples: Float32Array): number {
  const wasm = wasmKernels();
  let peak = 0;
  if (wasm && samples.buffer === wasm.memory) return wasm.kernels.peakOf(samples.byteOffset, samples.length);
  if (wasm) {
    const staged = wasm.staging.samples;
    for (let from = 0; from < samples.length; from += STAGING.samples) {
      const n = Math.min(STAGING.samples, samples.length - from);
      staged.set(samples.subarray(from, from + n));
      const p = wasm.kernels.peakOf(staged.byteOffset, n);
      if (p > peak) peak = p;
    }
    return peak;
  }
  return magnitudePeak(samples);
}

/** The scale that fits a note with this peak into 16 bits (1 for silence, so nothing divides by zero). */
export function noteScale(samples: Float32Array): number {
  const peak = notePeak(samples);
  return peak > 0 ? peak / FULL_SCALE : 1;
}

/** Rounds a note into `into` (16-bit, at `scale`): the caller's own array or shared memory. */
export function quantiseNote(samples: Float32Array, scale: number, into: Int16Array): void {
  const k = 1 / scale;
  const wasm = wasmKernels();
  if (wasm && into.length >= samples.length) {
    // through the kernel (wasm/kernels.ts quantise16: the same rounding), a staged chunk at a time
    // (a note held in the arena is read where it is)
    const { samples: staged, pcm16: out } = wasm.staging;
    const inPlace = samples.buffer === wasm.memory;
    for (let from = 0; from < samples.length; from += STAGING.samples) {
      const n = Math.min(STAGING.samples, samples.length - from);
      if (!inPlace) staged.set(samples.subarray(from, from + n));
      wasm.kernels.quantise16(inPlace ? samples.byteOffset + from * 4 : staged.byteOffset, n, k, out.byteOffset);
      into.set(out.subarray(0, n), from);
    }
    return;
  }
  // floor(x + 0.5) rounds as Math.round does, and V8 runs it several times faster (as in encode/wav.ts)
  for (let i = 0; i < samples.length; i++) into[i] = Math.floor(samples[i]! * k + 0.5);
}

/** A note in 16 bits, in an array of its own. */
export function storeNote(samples: Float32Array): StoredNote {
  if (samples.length === 0) return SILENT_NOTE;
  const scale = noteScale(samples);
  const stored = new Int16Array(samples.length);
  quantiseNote(samples, scale, stored);
  return { samples: stored, scale };
}

/** Quantises a gate in samples: within ~1.5 % (32 samples for the shortest) and never more than 6 ms away. */
export function quantiseGate(gateSamples: number): number {
  const step = gateSamples < 4096 ? 32 : gateSamples < 16384 ? 128 : 256;
  return Math.max(step, Math.round(gateSamples / step) * step);
}

export function quantiseVelocity(velocity: number, steps: number = NOTE_CACHE_DEFAULTS.velocitySteps): number {
  return Math.max(1, Math.round(Math.min(1, Math.max(0, velocity)) * steps)) / steps;
}

/**
 * One render buffer per thread, reused note after note (renders leave no garbage behind in long pieces): the
 * kernels' note scratch where they run (the voices' kernels then write into it in place), else an array of its
 * own. One grown past SCRATCH_KEPT for a long note is let go at the next, so a thread does not keep it for good.
 */
const SCRATCH_SAMPLES = 1 << 18;
const SCRATCH_KEPT = 1 << 20;
let scratch: Float32Array | undefined;

function homeScratch(): Float32Array {
  return wasmKernels()?.staging.note ?? new Float32Array(SCRATCH_SAMPLES);
}

/**
 * Runs a voice to silence (or the runaway guard), through the part's and its bus's linear EQ — which commutes
 * with the sum of notes, so filtering each stored note once replaces filtering the part at every sample.
 * Returns a view of a shared scratch buffer, valid until the next call: the caller copies it where it keeps it.
 */
export function renderNote(voice: Voice, maxSamples: number, eq: readonly BiquadCoefficients[]): Float32Array {
  const pad = eq.length > 0 ? NOTE_CACHE_DEFAULTS.eqTailSamples : 0;
  // run first: the voice may grow (or let go of) the scratch buffer, and `out` must view the one it wrote
  const samples = runVoice(voice, maxSamples, pad);
  const out = scratch!.subarray(0, samples + pad);
  equalise(out, eq);
  return withoutTail(out);
}

/**
 * The note through its EQ in place, filter after filter from rest: through the kernel (wasm/kernels.ts
 * biquadChain, the same arithmetic, two filters a pass) where the note is in the arena.
 */
function equalise(out: Float32Array, eq: readonly BiquadCoefficients[]): void {
  if (eq.length === 0) return;
  const wasm = wasmKernels();
  if (wasm && out.buffer === wasm.memory && eq.length <= EQ_MAX_FILTERS) {
    const coefs = wasm.staging.eq;
    for (let k = 0; k < eq.length; k++) {
      const c = eq[k]!;
      coefs[5 * k] = c.b0;
      coefs[5 * k + 1] = c.b1;
      coefs[5 * k + 2] = c.b2;
      coefs[5 * k + 3] = c.a1;
      coefs[5 * k + 4] = c.a2;
    }
    wasm.kernels.biquadChain(out.byteOffset, out.length, coefs.byteOffset, eq.length);
    return;
  }
  for (const c of eq) new Biquad(c).process(out, 0, out.length);
}

/**
 * The voice's samples into the scratch buffer, chunk by chunk until it reports silence; returns how many.
 * (A function of its own: optimised mid-loop, a longer function would leave the code after the loop without
 * type feedback and fall back to the interpreter there, note after note.)
 */
function runVoice(voice: Voice, maxSamples: number, pad: number): number {
  let buf = scratch && scratch.length <= SCRATCH_KEPT ? scratch : homeScratch();
  let total = 0;
  let alive = true;
  buf.fill(0, 0, Math.min(buf.length, CHUNK + pad));
  while (alive && total < maxSamples) {
    if (total + 2 * CHUNK + pad > buf.length) {
      const grown = new Float32Array(buf.length * 2);
      grown.set(buf.subarray(0, total));
      buf = grown;
    }
    // voices add into their output: clear one block ahead
    buf.fill(0, total + CHUNK, total + 2 * CHUNK + pad);
    alive = voice.render(buf, total, total + CHUNK);
    total += CHUNK;
  }
  scratch = buf;
  return total;
}

/** How far below a note's peak its tail is cut (NOTE_CACHE_DEFAULTS.floorDb as a gain). */
const FLOOR_GAIN = 10 ** (NOTE_CACHE_DEFAULTS.floorDb / 20);

/** The note up to where it stays below FLOOR_GAIN of its peak. */
function withoutTail(out: Float32Array): Float32Array {
  return out.subarray(0, audibleEnd(out, notePeak(out) * FLOOR_GAIN));
}

/**
 * Where the samples above `floor` end. (A function of its own, as runVoice: optimised mid-loop on its first
 * note, withoutTail had no type feedback for what follows the loop and fell back to the interpreter there —
 * and into the loop's slow start — on every note after.)
 */
function audibleEnd(out: Float32Array, floor: number): number {
  let end = out.length;
  while (end > 1 && Math.abs(out[end - 1]!) <= floor) end--;
  return end;
}

/** Shared by the parts of one render window: the byte budget is the window's. */
export class NoteStore {
  private readonly kept = new Map<string, StoredNote>();
  private readonly usesLeft = new Map<string, number>();
  private bytes = 0;
  /** Notes played (synthesised or copied). */
  played = 0;

  constructor(
    private readonly budgetBytes: number = NOTE_CACHE_DEFAULTS.budgetBytes,
    /** Notes synthesised ahead (shared by the workers), looked up before anything is rendered here. */
    private readonly bank?: ReadonlyMap<string, StoredNote>,
  ) {}

  /** Declares every use up front, so a buffer is kept only while another use is still to come. */
  expect(key: string): void {
    this.usesLeft.set(key, (this.usesLeft.get(key) ?? 0) + 1);
  }

  take(key: string, make: () => Float32Array): StoredNote {
    this.played++;
    const banked = this.bank?.get(key);
    if (banked) return banked;
    const left = (this.usesLeft.get(key) ?? 1) - 1;
    this.usesLeft.set(key, left);
    let note = this.kept.get(key);
    if (!note) {
      note = storeNote(make());
      // an empty note (a seek passing over a long-silent use) must not stand in for the key's later uses
      if (left > 0 && note.samples.length > 0 && this.bytes + note.samples.byteLength <= this.budgetBytes) {
        this.kept.set(key, note);
        this.bytes += note.samples.byteLength;
      }
    } else if (left <= 0) {
      this.kept.delete(key);
      this.bytes -= note.samples.byteLength;
    }
    return note;
  }
}
