/**
 * A synthesised percussion hit's samples over its state in one Float64Array (PERCUSSION in voice-layouts.ts):
 * through the WebAssembly kernel (wasm/percussion.ts) where it runs, else through the JavaScript twin here.
 * Both do each sample's double-precision arithmetic in the same order, so they give the same samples.
 *
 *   body (swept sine) ──┐
 *   noise ─▶ SVF ───────┼─▶ Σ ─▶ drive ─▶ × gain ─▶ (fade at a cut) ─▶ + out
 *   metal ─▶ BP ─▶ HP ──┤
 *   modes ──────────────┤
 *   click ──────────────┘
 */
import { softClip } from "./filters.js";
import { runVoiceKernel, wasmKernels } from "./kernels.js";
import { SINE_TABLE } from "./oscillators.js";
import { PERCUSSION as P } from "./voice-layouts.js";

export { PERCUSSION } from "./voice-layouts.js";

const SIZE = SINE_TABLE.length - 1;

/** The twin's runs: short enough that V8 compiles the loop whole, never mid-way. */
const RUN_SAMPLES = 128;

/**
 * Adds samples into out[from, to) and advances the state; false once the hit has ended. `bursts`: a clap's
 * envelope over one burst, sample by sample (none without bursts).
 */
export function percussionRender(
  state: Float64Array,
  bursts: Float64Array | undefined,
  out: Float32Array,
  from: number,
  to: number,
): boolean {
  const wasm = wasmKernels();
  if (wasm && (bursts?.length ?? 0) <= P.maxBurstSamples) {
    const { percussion: live, percussionBursts, sine } = wasm.staging;
    live.set(state);
    if (bursts) percussionBursts.set(bursts);
    const alive = runVoiceKernel(out, from, to, (at, n) =>
      wasm.kernels.percussionRun(live.byteOffset, at, n, sine.byteOffset, percussionBursts.byteOffset),
    );
    state.set(live);
    return alive !== 0;
  }
  for (let i = from; i < to; i += RUN_SAMPLES) {
    if (!percussionRunJs(state, bursts, out, i, Math.min(to, i + RUN_SAMPLES))) return false;
  }
  return true;
}

/** The table's sine of a phase in [0, 1) (dsp/oscillators.ts sine). */
function sine(phase: number): number {
  const p = (phase - Math.floor(phase)) * SIZE;
  const j = p | 0;
  const a = SINE_TABLE[j]!;
  return a + (SINE_TABLE[j + 1]! - a) * (p - j);
}

/** One sample through the SVF at f (dsp/filters.ts Svf.lp/bp/hp): mode 0 low-, 1 band-, 2 high-pass. */
function svf(s: Float64Array, f: number, mode: number, x: number): number {
  const a1 = s[f]!;
  const a2 = s[f + 1]!;
  const a3 = s[f + 2]!;
  const ic1 = s[f + 4]!;
  const ic2 = s[f + 5]!;
  const v3 = x - ic2;
  const v1 = a1 * ic1 + a2 * v3;
  const v2 = ic2 + a2 * ic1 + a3 * v3;
  s[f + 4] = 2 * v1 - ic1;
  s[f + 5] = 2 * v2 - ic2;
  return mode === 0 ? v2 : mode === 1 ? v1 : x - s[f + 3]! * v1 - v2;
}

/** The twin's sample loop over [from, to). */
export function percussionRunJs(
  s: Float64Array,
  bursts: Float64Array | undefined,
  out: Float32Array,
  from: number,
  to: number,
): boolean {
  const maxSamples = s[P.maxSamples]!;
  const gain = s[P.gain]!;
  const drive = s[P.drive]!;
  const tune = s[P.tune]!;
  const sr = s[P.sampleRate]!;
  const hasBody = s[P.hasBody] !== 0;
  const hasNoise = s[P.hasNoise] !== 0;
  const noiseMode = s[P.noiseMode]!;
  const reverseSamples = s[P.reverseSamples]!;
  const attackSamples = s[P.attackSamples]!;
  const burstSamples = s[P.burstSamples]!;
  const burstEnd = burstSamples * s[P.bursts]!;
  const metalCount = s[P.metalCount]!;
  const modeCount = s[P.modeCount]!;
  let t = s[P.t]!;
  let rng = s[P.noiseState]! | 0;
  let alive = true;
  for (let i = from; i < to; i++) {
    let sum = 0;
    if (hasBody && s[P.bodyAmp]! > 1e-5) {
      const sweep = s[P.sweep]!;
      const endHz = s[P.endHz]!;
      const hz = (endHz + (s[P.startHz]! - endHz) * sweep) * tune;
      s[P.sweep] = sweep * s[P.sweepCoef]!;
      let phase = s[P.bodyPhase]! + hz / sr;
      if (phase >= 1) phase -= 1;
      s[P.bodyPhase] = phase;
      const amp = s[P.bodyAmp]!;
      sum += amp * sine(phase);
      s[P.bodyAmp] = amp * s[P.bodyCoef]!;
    }
    if (hasNoise) {
      let env: number;
      if (reverseSamples > 0) {
        const x = Math.min(1, t / reverseSamples);
        env = t < reverseSamples ? s[P.noiseLevel]! * x * x * x : 0;
      } else {
        env = s[P.noiseAmp]!;
        if (attackSamples > 0 && t < attackSamples) env *= t / attackSamples;
        if (burstSamples > 0 && t < burstEnd) env = bursts![t % burstSamples]!;
        else s[P.noiseAmp] = s[P.noiseAmp]! * s[P.noiseCoef]!;
      }
      if (env > 1e-5) {
        rng ^= rng << 13;
        rng ^= rng >>> 17;
        rng ^= rng << 5;
        sum += env * svf(s, P.noiseFilter, noiseMode, (rng >>> 0) / 2147483648 - 1);
      }
    }
    if (metalCount > 0 && s[P.metalAmp]! > 1e-5) {
      let sq = 0;
      for (let k = 0; k < metalCount; k++) {
        let ph = s[P.metalPhases + k]! + s[P.metalIncs + k]!;
        if (ph >= 1) ph -= 1;
        s[P.metalPhases + k] = ph;
        sq += ph < 0.5 ? 1 : -1;
      }
      const amp = s[P.metalAmp]!;
      sum += amp * svf(s, P.metalHighpass, 2, svf(s, P.metalBandpass, 1, sq * 0.3));
      s[P.metalAmp] = amp * s[P.metalCoef]!;
    }
    for (let k = 0; k < modeCount; k++) {
      const m = P.modes + k * P.modeFields;
      const a = s[m + 1]!;
      if (a < 1e-5) continue;
      let ph = s[m + 3]! + s[m]!;
      if (ph >= 1) ph -= 1;
      s[m + 3] = ph;
      sum += a * sine(ph);
      s[m + 1] = a * s[m + 2]!;
    }
    const click = s[P.click]!;
    if (click > 1e-4) {
      sum += click;
      s[P.click] = click * -0.55;
    }
    if (drive > 0) sum = softClip(sum * drive);
    let v = sum * gain;
    // a 3 ms fade where a choke or the length limit cuts the hit
    const left = maxSamples - t;
    if (left < 132) v *= Math.max(0, left / 132);
    out[i]! += v;
    t++;
    if (t >= maxSamples) {
      alive = false;
      break;
    }
  }
  s[P.t] = t;
  s[P.noiseState] = rng >>> 0;
  return alive;
}
