/**
 * Piano: additive partials of a stiff string, f_n = n·f0·√(1 + B·n²) (Fletcher, "Normal Vibration Frequencies
 * of a Stiff Piano String", JASA 1964), a hammer spectrum that brightens with velocity, per-partial decay
 * (higher partials die faster), two slightly detuned strings for the beating "bloom", a felt thump, and the
 * damper on key release.
 */
import { decayCoefficient } from "../../dsp/envelope.js";
import { Noise } from "../../dsp/noise.js";
import { midiToHz, sine } from "../../dsp/oscillators.js";
import type { Voice, VoiceContext, VoiceNote } from "./voice.js";
import { velocityGain } from "./voice.js";

export interface PianoPreset {
  /** Partial roll-off exponent at full velocity (lower = brighter). */
  rolloff: number;
  /** Seconds to −60 dB of the fundamental at middle C. */
  decaySeconds: number;
  detuneCents: number;
  thump: number;
  level: number;
}

export function pianoVoice(preset: PianoPreset): (note: VoiceNote, ctx: VoiceContext) => Voice {
  return (note, ctx) => new PianoVoice(preset, note, ctx);
}

const MAX_PARTIALS = 14;

class PianoVoice implements Voice {
  private readonly incs: Float64Array;
  private readonly amps: Float64Array;
  private readonly coefs: Float64Array;
  private readonly phases: Float64Array;
  private readonly damper: number;
  private readonly noise: Noise;
  private thump: number;
  private thumpLp = 0;
  private t = 0;
  private attack = 0;

  constructor(
    p: PianoPreset,
    private readonly note: VoiceNote,
    ctx: VoiceContext,
  ) {
    const sr = ctx.sampleRate;
    const f0 = midiToHz(note.pitch);
    const B = 0.00008 * 2 ** ((note.pitch - 21) / 24);
    const rolloff = p.rolloff + (1 - note.velocity) * 0.9;
    const decay = p.decaySeconds * (261.63 / f0) ** 0.55;
    const incs: number[] = [];
    const amps: number[] = [];
    const coefs: number[] = [];
    const detune = 2 ** (p.detuneCents / 1200);
    for (let n = 1; n <= MAX_PARTIALS; n++) {
      const fn = n * f0 * Math.sqrt(1 + B * n * n);
      if (fn > Math.min(sr * 0.45, 12000)) break;
      const a = 1 / n ** rolloff;
      const d = decay / (1 + 0.35 * (n - 1)) / (1 + fn / 6000);
      // two strings of the unison, ± detune
      incs.push(fn / sr, (fn * detune) / sr);
      amps.push(a * 0.5, a * 0.5);
      coefs.push(decayCoefficient(d, sr), decayCoefficient(d * 0.8, sr));
    }
    const g = p.level * velocityGain(note.velocity, 1.4);
    this.incs = Float64Array.from(incs);
    this.amps = Float64Array.from(amps.map((a) => a * g));
    this.coefs = Float64Array.from(coefs);
    this.noise = new Noise(note.seed);
    this.phases = Float64Array.from(incs.map(() => 0));
    this.damper = decayCoefficient(0.18 + 0.25 * (261.63 / f0) ** 0.5 * 0.3, sr);
    this.thump = p.thump * g;
  }

  render(out: Float32Array, from: number, to: number): boolean {
    const { incs, amps, coefs, phases } = this;
    const n = incs.length;
    for (let i = from; i < to; i++) {
      if (this.t === this.note.gateSamples) for (let k = 0; k < n; k++) coefs[k] = Math.min(coefs[k]!, this.damper);
      let s = 0;
      for (let k = 0; k < n; k++) {
        const ph = phases[k]! + incs[k]!;
        phases[k] = ph >= 1 ? ph - 1 : ph;
        s += amps[k]! * sine(ph);
        amps[k]! *= coefs[k]!;
      }
      if (this.attack < 1) {
        this.attack = Math.min(1, this.attack + 1 / 40);
        s *= this.attack;
      }
      if (this.thump > 1e-5) {
        this.thumpLp += 0.08 * (this.noise.white() - this.thumpLp);
        s += this.thump * this.thumpLp;
        this.thump *= 0.996;
      }
      out[i]! += s;
      this.t++;
      if ((this.t & 255) === 0 && amps[0]! < 2e-5 && (n < 2 || amps[1]! < 2e-5)) return false;
    }
    return true;
  }
}
