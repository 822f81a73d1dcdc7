/**
 * Modal and FM tuned percussion and keys.
 * Modal: a bank of exponentially decaying sinusoids at measured bar/plate mode ratios (e.g. marimba 1:4:10,
 * glockenspiel 1:2.71:5.15 — Fletcher & Rossing, "The Physics of Musical Instruments", ch. 19) plus a mallet
 * click. FM: Chowning's two-operator FM ("The Synthesis of Complex Audio Spectra by Means of Frequency
 * Modulation", JAES 1973) with a decaying index, the classic electric piano and bell recipe.
 */
import { decayCoefficient } from "../../dsp/envelope.js";
import { FM, fmRender } from "../../dsp/fm.js";
import { Noise } from "../../dsp/noise.js";
import { midiToHz, sine } from "../../dsp/oscillators.js";
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

class FmVoice implements Voice {
  /** Everything the sample loop reads and advances (dsp/fm.ts lays it out). */
  private readonly state = new Float64Array(FM.length);

  constructor(p: FmPreset, note: VoiceNote, ctx: VoiceContext) {
    const state = this.state;
    const hz = midiToHz(note.pitch);
    if (p.pairs.length > FM.maxPairs) throw new Error(`an FM preset has at most ${FM.maxPairs} operator pairs`);
    state[FM.pairCount] = p.pairs.length;
    p.pairs.forEach((q, k) => {
      const at = FM.pairs + k * FM.pairFields;
      state[at] = q.carrier;
      state[at + 1] = q.modulator;
      state[at + 2] = q.level;
      state[at + 5] = q.index * (0.35 + 0.65 * note.velocity);
      state[at + 6] = decayCoefficient(q.indexDecay, ctx.sampleRate);
    });
    const amp = p.level * velocityGain(note.velocity);
    state[FM.amp] = amp;
    state[FM.ampCoef] = decayCoefficient(p.decaySeconds * (261.63 / hz) ** 0.5, ctx.sampleRate);
    // −60 dB below the strike: where the stored note ends
    state[FM.floor] = amp * 1e-3;
    state[FM.releaseCoef] = decayCoefficient(p.releaseSeconds, ctx.sampleRate);
    state[FM.attackSamples] = Math.max(8, Math.round((p.attackSeconds ?? 0.001) * ctx.sampleRate));
    state[FM.gate] = note.gateSamples;
    state[FM.inc] = hz / ctx.sampleRate;
    state[FM.sampleRate] = ctx.sampleRate;
    if (p.tremolo) {
      state[FM.hasTremolo] = 1;
      state[FM.tremoloHz] = p.tremolo.hz;
      state[FM.tremoloDepth] = p.tremolo.depth;
    }
  }

  render(out: Float32Array, from: number, to: number): boolean {
    return fmRender(this.state, out, from, to);
  }
}
