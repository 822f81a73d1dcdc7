/**
 * Modal and FM tuned percussion and keys.
 * Modal: a bank of exponentially decaying sinusoids at measured bar/plate mode ratios (e.g. marimba 1:4:10,
 * glockenspiel 1:2.71:5.15 — Fletcher & Rossing, "The Physics of Musical Instruments", ch. 19) plus a mallet
 * click. FM: Chowning's two-operator FM ("The Synthesis of Complex Audio Spectra by Means of Frequency
 * Modulation", JAES 1973) with a decaying index, the classic electric piano and bell recipe.
 */
import { decayCoefficient } from "../../dsp/envelope.js";
import { Noise } from "../../dsp/noise.js";
import { midiToHz, SINE_TABLE, sine } from "../../dsp/oscillators.js";

const SINE_SIZE = SINE_TABLE.length - 1;

import type { Voice, VoiceContext, VoiceFactory, VoiceNote } from "./voice.js";
import { engineFactory, velocityGain } from "./voice.js";

export interface ModalPreset {
  /** [frequency ratio, amplitude, seconds to −60 dB at middle C]. */
  modes: [number, number, number][];
  releaseSeconds: number;
  clickLevel: number;
  /** Amplitude tremolo (vibraphone motor). */
  tremolo?: { hz: number; depth: number };
  level: number;
}

export function modalVoice(preset: ModalPreset): VoiceFactory {
  return engineFactory("modal", (note, ctx) => new ModalVoice(preset, note, ctx));
}

class ModalVoice implements Voice {
  private readonly incs: Float64Array;
  private readonly amps: Float64Array;
  private readonly coefs: Float64Array;
  private readonly phases: Float64Array;
  private readonly releaseCoef: number;
  private readonly noise: Noise;
  private t = 0;
  private click: number;
  private readonly sr: number;

  constructor(
    private readonly p: ModalPreset,
    private readonly note: VoiceNote,
    ctx: VoiceContext,
  ) {
    this.sr = ctx.sampleRate;
    const hz = midiToHz(note.pitch);
    const modes = p.modes.filter(([ratio]) => hz * ratio < ctx.sampleRate * 0.45);
    const pitchScale = (261.63 / hz) ** 0.6;
    const bright = 0.4 + 0.6 * note.velocity;
    this.incs = Float64Array.from(modes.map(([r]) => (hz * r) / ctx.sampleRate));
    this.amps = Float64Array.from(modes.map(([, a], i) => a * (i === 0 ? 1 : bright)));
    this.coefs = Float64Array.from(modes.map(([, , d]) => decayCoefficient(d * pitchScale, ctx.sampleRate)));
    this.phases = new Float64Array(modes.length);
    this.releaseCoef = decayCoefficient(p.releaseSeconds, ctx.sampleRate);
    this.noise = new Noise(note.seed);
    const g = p.level * velocityGain(note.velocity);
    for (let i = 0; i < this.amps.length; i++) this.amps[i]! *= g;
    this.click = p.clickLevel * g;
  }

  render(out: Float32Array, from: number, to: number): boolean {
    const n = this.incs.length;
    const { incs, amps, coefs, phases } = this;
    const gate = this.note.gateSamples;
    const trem = this.p.tremolo;
    // state in locals for the sample loop, written back on every exit
    let t = this.t;
    let click = this.click;
    for (let i = from; i < to; i++) {
      if (t === gate) for (let k = 0; k < n; k++) coefs[k] = Math.min(coefs[k]!, this.releaseCoef);
      let s = 0;
      let peak = 0;
      for (let k = 0; k < n; k++) {
        const ph = phases[k]! + incs[k]!;
        phases[k] = ph >= 1 ? ph - 1 : ph;
        const a = amps[k]!;
        s += a * sine(ph);
        amps[k] = a * coefs[k]!;
        if (a > peak) peak = a;
      }
      if (click > 1e-4) {
        s += click * this.noise.white();
        click *= 0.9;
      }
      if (trem) s *= 1 - trem.depth * 0.5 * (1 + sine((t / this.sr) * trem.hz));
      out[i]! += s;
      t++;
      if (peak < 1e-4 && click <= 1e-4) {
        this.t = t;
        this.click = click;
        return false;
      }
    }
    this.t = t;
    this.click = click;
    return true;
  }
}

export interface FmPreset {
  /** Operator pairs: carrier ratio, modulator ratio, peak index, index decay (s), level. */
  pairs: { carrier: number; modulator: number; index: number; indexDecay: number; level: number }[];
  /** Seconds to −60 dB at middle C. */
  decaySeconds: number;
  releaseSeconds: number;
  attackSeconds?: number;
  tremolo?: { hz: number; depth: number };
  level: number;
}

export function fmVoice(preset: FmPreset): VoiceFactory {
  return engineFactory("fm", (note, ctx) => new FmVoice(preset, note, ctx));
}

const FM_RUN_SAMPLES = 128;

class FmVoice implements Voice {
  private readonly sr: number;
  private readonly hz: number;
  private readonly cph: Float64Array;
  private readonly mph: Float64Array;
  private readonly idx: Float64Array;
  private readonly idxCoef: Float64Array;
  private amp: number;
  private ampCoef: number;
  /** −60 dB below the strike: where the stored note ends. */
  private readonly floor: number;
  private readonly releaseCoef: number;
  private readonly attackSamples: number;
  private t = 0;

  constructor(
    private readonly p: FmPreset,
    private readonly note: VoiceNote,
    ctx: VoiceContext,
  ) {
    this.sr = ctx.sampleRate;
    this.hz = midiToHz(note.pitch);
    const n = p.pairs.length;
    this.cph = new Float64Array(n);
    this.mph = new Float64Array(n);
    this.idx = Float64Array.from(p.pairs.map((q) => q.index * (0.35 + 0.65 * note.velocity)));
    this.idxCoef = Float64Array.from(p.pairs.map((q) => decayCoefficient(q.indexDecay, ctx.sampleRate)));
    this.amp = p.level * velocityGain(note.velocity);
    this.ampCoef = decayCoefficient(p.decaySeconds * (261.63 / this.hz) ** 0.5, ctx.sampleRate);
    this.floor = this.amp * 1e-3;
    this.releaseCoef = decayCoefficient(p.releaseSeconds, ctx.sampleRate);
    this.attackSamples = Math.max(8, Math.round((p.attackSeconds ?? 0.001) * ctx.sampleRate));
  }

  render(out: Float32Array, from: number, to: number): boolean {
    for (let i = from; i < to; i += FM_RUN_SAMPLES)
      if (!this.run(out, i, Math.min(to, i + FM_RUN_SAMPLES))) return false;
    return true;
  }

  /**
   * The sample loop over [from, to), in runs short enough to end before V8 compiles it mid-loop: compiled
   * mid-way through its first 4096-sample call, the code after the loop had no type feedback yet, and V8
   * re-entered that cached code note after note only to fall back to the interpreter at the write-back.
   */
  private run(out: Float32Array, from: number, to: number): boolean {
    const pairs = this.p.pairs;
    const n = pairs.length;
    const inc = this.hz / this.sr;
    const trem = this.p.tremolo;
    const table = SINE_TABLE;
    const size = SINE_SIZE;
    const cph = this.cph;
    const mph = this.mph;
    const idx = this.idx;
    const idxCoef = this.idxCoef;
    const gate = this.note.gateSamples;
    const attackSamples = this.attackSamples;
    // state in locals for the sample loop (a double field written per sample is boxed anew each time), written
    // back once after it
    let alive = true;
    let t = this.t;
    let amp = this.amp;
    let ampCoef = this.ampCoef;
    const floor = this.floor;
    for (let i = from; i < to; i++) {
      if (t === gate) ampCoef = Math.min(ampCoef, this.releaseCoef);
      let s = 0;
      for (let k = 0; k < n; k++) {
        const q = pairs[k]!;
        let m = mph[k]! + inc * q.modulator;
        while (m >= 1) m -= 1;
        mph[k] = m;
        let c = cph[k]! + inc * q.carrier;
        while (c >= 1) c -= 1;
        cph[k] = c;
        // table sine of the modulator, then of the phase-modulated carrier
        let p = m * size;
        let j = p | 0;
        let a = table[j]!;
        const mod = a + (table[j + 1]! - a) * (p - j);
        let ph = c + idx[k]! * mod * 0.159;
        ph -= Math.floor(ph);
        p = ph * size;
        j = p | 0;
        a = table[j]!;
        s += q.level * (a + (table[j + 1]! - a) * (p - j));
        idx[k]! *= idxCoef[k]!;
      }
      const attack = t < attackSamples ? t / attackSamples : 1;
      s *= amp * attack;
      if (trem) s *= 1 - trem.depth * 0.5 * (1 + sine((t / this.sr) * trem.hz));
      amp *= ampCoef;
      out[i]! += s;
      t++;
      if (amp < floor) {
        alive = false;
        break;
      }
    }
    this.t = t;
    this.amp = amp;
    this.ampCoef = ampCoef;
    return alive;
  }
}
