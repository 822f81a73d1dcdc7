/**
 * A subtractive voice's samples, a control block at a time, over its state in one Float64Array (the layout
 * below): through the WebAssembly kernel (wasm/subtractive.ts) where it runs, else through the JavaScript twin
 * here. Both do each sample's double-precision arithmetic in the same order and round to single precision at the
 * same points, so they give the same samples.
 *
 *   oscillators (PolyBLEP) + noise ─▶ SVF ─▶ formants ─▶ + breath (band noise) ─▶ amp envelope ─▶ drive ─▶ bits ─▶ + out
 *                                     ▲ (the filter envelope advances beside, read by the voice at control rate)
 *
 * The voice (synthesize/voices/analog.ts) sets pitch and cutoff between blocks: oscillator increments and the
 * filter's coefficients are written into the state.
 */
import { runEnvelope } from "./envelope.js";
import { softClip } from "./filters.js";
import { wasmKernels } from "./kernels.js";
import { addPulse, addSaw, addSine, addTriangle } from "./osc-block.js";
import { SUBTRACTIVE } from "./voice-layouts.js";

export { SUBTRACTIVE, WAVE_CODES } from "./voice-layouts.js";

/** Scratch for the twin: a block and the formants' sum. */
const TEMP = new Float32Array(SUBTRACTIVE.maxBlock);
const SUM = new Float32Array(SUBTRACTIVE.maxBlock);

/**
 * Where a voice's state lives while it renders a stretch of blocks: the kernel's staging (the state copied in)
 * where the kernel runs, else the voice's own array. Hand it back with `returnState` before another voice
 * borrows it.
 */
export function borrowState(state: Float64Array): Float64Array {
  const wasm = wasmKernels();
  if (!wasm) return state;
  wasm.staging.voice.set(state);
  return wasm.staging.voice;
}

export function returnState(state: Float64Array, live: Float64Array): void {
  if (live !== state) state.set(live);
}

/**
 * Adds n samples (n ≤ SUBTRACTIVE.maxBlock) into out[at, at + n) and advances the state `live` (from
 * borrowState); returns the amplitude envelope's stage (dsp/envelope.ts STAGE.done: silent for good).
 */
export function subtractiveBlock(live: Float64Array, n: number, out: Float32Array, at: number): number {
  const wasm = wasmKernels();
  if (!wasm || live !== wasm.staging.voice) return subtractiveBlockJs(live, n, out, at);
  const s = wasm.staging;
  if (out.buffer === wasm.memory) {
    return wasm.kernels.subtractiveBlock(
      live.byteOffset,
      n,
      out.byteOffset + at * 4,
      s.voiceTemp.byteOffset,
      s.sine.byteOffset,
    );
  }
  const block = s.voiceOut.subarray(0, n);
  block.set(out.subarray(at, at + n));
  const stage = wasm.kernels.subtractiveBlock(
    live.byteOffset,
    n,
    block.byteOffset,
    s.voiceTemp.byteOffset,
    s.sine.byteOffset,
  );
  out.set(block, at);
  return stage;
}

/** The twin: the same samples as the kernel, stage by stage over the block. */
export function subtractiveBlockJs(state: Float64Array, n: number, out: Float32Array, at: number): number {
  const S = SUBTRACTIVE;
  const buf = TEMP;
  buf.fill(0, 0, n);
  for (let k = 0; k < state[S.oscCount]!; k++) {
    const o = S.oscs + k * S.oscFields;
    const wave = state[o]!;
    const phase = state[o + 1]!;
    const inc = state[o + 2]!;
    const level = state[o + 3]!;
    state[o + 1] =
      wave === 0
        ? addSaw(buf, n, phase, inc, level)
        : wave === 1
          ? addPulse(buf, n, phase, inc, state[o + 4]!, level)
          : wave === 2
            ? addTriangle(buf, n, phase, inc, level)
            : addSine(buf, n, phase, inc, level);
  }
  let rng = state[S.noiseState]!;
  const noiseLevel = state[S.noiseLevel]!;
  if (noiseLevel > 0) {
    for (let j = 0; j < n; j++) {
      rng = xorshift(rng);
      buf[j]! += noiseLevel * (rng / 2147483648 - 1);
    }
  }
  filterBlock(state, S.filter, state[S.mode]!, buf, n);
  const formants = state[S.formantCount]!;
  if (formants > 0) {
    const sum = SUM;
    sum.fill(0, 0, n);
    for (let k = 0; k < formants; k++) {
      const f = S.formants + k * S.formantFields;
      const band = bandOf(state, f, buf, n);
      const g = state[f + 6]!;
      for (let j = 0; j < n; j++) sum[j]! += band[j]! * g;
    }
    buf.set(sum.subarray(0, n));
  }
  const breath = state[S.breathLevel]!;
  if (state[S.hasBreath]) {
    const band = BAND;
    for (let j = 0; j < n; j++) {
      rng = xorshift(rng);
      band[j] = rng / 2147483648 - 1;
    }
    filterBlock(state, S.breath, 1, band, n);
    for (let j = 0; j < n; j++) buf[j]! += band[j]! * breath;
  }
  state[S.noiseState] = rng;
  runEnvelope(state, S.amp, n, buf, state[S.gain]!);
  if (state[S.hasFilterEnv]) runEnvelope(state, S.filterEnv, n);
  const drive = state[S.drive]!;
  const driveNorm = state[S.driveNorm]!;
  if (drive > 0) for (let j = 0; j < n; j++) buf[j] = softClip(buf[j]! * drive) * driveNorm;
  const bits = state[S.bits]!;
  if (bits > 0) for (let j = 0; j < n; j++) buf[j] = Math.round(buf[j]! * bits) / bits;
  for (let j = 0; j < n; j++) out[at + j]! += buf[j]!;
  return state[S.amp]!;
}

const BAND = new Float32Array(SUBTRACTIVE.maxBlock);

/** The block band-passed by the formant SVF at f (into a scratch block). */
function bandOf(state: Float64Array, f: number, dry: Float32Array, n: number): Float32Array {
  BAND.set(dry.subarray(0, n));
  filterBlock(state, f, 1, BAND, n);
  return BAND;
}

/** xorshift32 on a state kept as an unsigned integer in a double (dsp/noise.ts Noise.white). */
function xorshift(state: number): number {
  let x = state | 0;
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x >>> 0;
}

/** The SVF at f over buf[0, n) in place; mode 0 low-, 1 band-, 2 high-pass (dsp/filters.ts Svf.block). */
function filterBlock(state: Float64Array, f: number, mode: number, buf: Float32Array, n: number): void {
  const a1 = state[f]!;
  const a2 = state[f + 1]!;
  const a3 = state[f + 2]!;
  const k = state[f + 3]!;
  let ic1 = state[f + 4]!;
  let ic2 = state[f + 5]!;
  for (let i = 0; i < n; i++) {
    const x = buf[i]!;
    const v3 = x - ic2;
    const v1 = a1 * ic1 + a2 * v3;
    const v2 = ic2 + a2 * ic1 + a3 * v3;
    ic1 = 2 * v1 - ic1;
    ic2 = 2 * v2 - ic2;
    buf[i] = mode === 0 ? v2 : mode === 1 ? v1 : x - k * v1 - v2;
  }
  state[f + 4] = Math.abs(ic1) < 1e-20 ? 0 : ic1;
  state[f + 5] = Math.abs(ic2) < 1e-20 ? 0 : ic2;
}
