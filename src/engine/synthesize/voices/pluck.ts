/**
 * Plucked strings by Karplus–Strong with the Jaffe–Smith extensions ("Extensions of the Karplus-Strong Plucked
 * String Algorithm", CMJ 1983): a filtered noise burst excites a delay line tuned with a first-order allpass;
 * a two-point average and a loss factor set from the requested decay time damp it. Pluck position is a comb
 * on the excitation; distortion and sustain turn it into an electric guitar.
 *
 *   noise burst ─▶ lowpass (velocity) ─▶ pluck comb ─▶ [delay N ─▶ allpass frac ─▶ avg·loss] ─▶ drive ─▶ out
 *                                                         ▲_____________________________│
 */
import { softClip } from "../../dsp/filters.js";
import { Noise } from "../../dsp/noise.js";
import { midiToHz } from "../../dsp/oscillators.js";
import type { Voice, VoiceContext, VoiceFactory, VoiceNote } from "./voice.js";
import { engineFactory, velocityGain } from "./voice.js";

export interface PluckPreset {
  /** Seconds to −60 dB at middle C; lower notes ring longer. */
  decaySeconds: number;
  /** 0..1 excitation brightness (scaled by velocity). */
  brightness: number;
  /** 0..0.5 position along the string (small = near the bridge, twangy). */
  pluckPosition: number;
  /** 0..1: 0.5 = classic average; lower keeps more highs in the loop. */
  damping: number;
  /** Seconds to −60 dB once the note is released (finger damping). */
  releaseSeconds: number;
  /** Keep ringing while held (electric guitar feedback). */
  sustain?: boolean;
  drive?: number;
  /** Re-pluck while held at this rate (pipa / mandolin tremolo) for notes longer than 0.35 s. */
  tremoloHz?: number;
  level: number;
}

export function pluckVoice(preset: PluckPreset): VoiceFactory {
  return engineFactory("pluck", (note, ctx) => new PluckVoice(preset, note, ctx));
}

class PluckVoice implements Voice {
  private readonly line: Float32Array;
  private readonly length: number;
  private pos = 0;
  private apState = 0;
  private apIn = 0;
  private readonly apCoef: number;
  private last = 0;
  private loss: number;
  private readonly releaseLoss: number;
  private readonly gain: number;
  private t = 0;
  private quietRun = 0;
  private readonly noise: Noise;
  private readonly tremoloPeriod: number;
  private readonly excite: (amount: number) => void;

  constructor(
    private readonly p: PluckPreset,
    private readonly note: VoiceNote,
    ctx: VoiceContext,
  ) {
    const sr = ctx.sampleRate;
    const hz = midiToHz(note.pitch);
    // Total loop delay = N + 0.5 (the averager) + allpass fraction.
    const period = sr / hz - 0.5;
    const n = Math.max(2, Math.floor(period - 0.1));
    const frac = period - n;
    this.apCoef = (1 - frac) / (1 + frac);
    this.length = n;
    this.line = new Float32Array(n);
    const decay = p.decaySeconds * (261.63 / hz) ** 0.5;
    this.loss = p.sustain ? 0.99995 : 0.001 ** (1 / (hz * decay));
    this.releaseLoss = 0.001 ** (1 / (hz * p.releaseSeconds));
    this.gain = p.level * velocityGain(note.velocity);
    this.noise = new Noise(note.seed);
    this.tremoloPeriod = p.tremoloHz ? Math.round(sr / p.tremoloHz) : 0;
    const brightness = Math.min(1, p.brightness * (0.55 + 0.45 * note.velocity));
    this.excite = (amount) => {
      const line = this.line;
      const a = 0.05 + 0.95 * brightness * brightness;
      let lp = 0;
      let mean = 0;
      const burst = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        lp += a * (this.noise.white() - lp);
        burst[i] = lp;
        mean += lp;
      }
      mean /= n;
      const comb = Math.max(1, Math.round(n * p.pluckPosition));
      let energy = 0;
      for (let i = 0; i < n; i++) {
        const v = burst[i]! - mean - (i >= comb ? burst[i - comb]! - mean : 0);
        burst[i] = v;
        energy += v * v;
      }
      const norm = amount / Math.sqrt(energy / n + 1e-9);
      for (let i = 0; i < n; i++) line[(this.pos + i) % n]! += burst[i]! * norm * 0.5;
    };
    this.excite(1);
  }

  render(out: Float32Array, from: number, to: number): boolean {
    const line = this.line;
    const n = this.length;
    const damping = this.p.damping;
    const drive = this.p.drive ?? 0;
    const gain = this.gain;
    const gate = this.note.gateSamples;
    const quietFor = n * 2;
    const settledAt = n * 4;
    // What happens once a note (its release, its end) is worked out on every sample and taken where it applies:
    // a fresh worker compiles this loop while its first notes still sound, and code they had not yet run had
    // no type feedback, so the first release or ending threw the loop back to the interpreter.
    for (let i = from; i < to; i++) {
      const released = Math.min(this.loss, this.releaseLoss);
      this.loss = this.t === gate ? released : this.loss;
      if (this.tremoloPeriod > 0 && this.t > 0 && this.t < this.note.gateSamples && this.t % this.tremoloPeriod === 0) {
        if (this.note.gateSamples > 0.35 * this.tremoloPeriod * this.p.tremoloHz!) this.excite(0.6);
      }
      const x = line[this.pos]!;
      // first-order allpass for the fractional part of the period
      const ap = this.apCoef * x + this.apIn - this.apCoef * this.apState;
      this.apIn = x;
      this.apState = ap;
      const y = (ap * (1 - damping) + this.last * damping) * this.loss;
      this.last = ap;
      line[this.pos] = y;
      if (++this.pos >= n) this.pos = 0;
      let s = y * gain;
      if (drive > 0) s = softClip(s * drive) * 0.5;
      out[i]! += s;
      this.t++;
      // quiet samples in a row (0 after any that is not), and whether the note has ended: both tests every time
      this.quietRun = (this.quietRun + 1) * (Math.abs(y) < 2e-5 ? 1 : 0);
      if ((this.quietRun > quietFor ? 1 : 0) & (this.t > settledAt ? 1 : 0)) return false;
    }
    return true;
  }
}
