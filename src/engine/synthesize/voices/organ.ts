/**
 * Tonewheel organ: sine drawbars at the footages 16', 5⅓', 8', 4', 2⅔', 2', 1⅗', 1⅓', 1' (harmonic ratios
 * 0.5, 1.5, 1, 2, 3, 4, 5, 6, 8), a key click, the second-harmonic percussion, and a rotating-speaker
 * tremolo. The pipe organ uses the same engine with a slower speech and a mixture, no click or percussion.
 */
import { Noise } from "../../dsp/noise.js";
import { midiToHz, sine } from "../../dsp/oscillators.js";
import type { Voice, VoiceContext, VoiceFactory, VoiceNote } from "./voice.js";
import { engineFactory } from "./voice.js";

const FOOTAGE_RATIOS = [0.5, 1.5, 1, 2, 3, 4, 5, 6, 8];

export interface OrganPreset {
  /** Nine drawbar levels 0..8 in footage order. */
  drawbars: number[];
  attackSeconds: number;
  releaseSeconds: number;
  click: number;
  percussion: number;
  /** Leslie-ish amplitude/pitch wobble. */
  rotaryHz: number;
  level: number;
}

export function organVoice(preset: OrganPreset): VoiceFactory {
  return engineFactory("organ", (note, ctx) => new OrganVoice(preset, note, ctx));
}

class OrganVoice implements Voice {
  private readonly incs: Float64Array;
  private readonly levels: Float64Array;
  private readonly phases: Float64Array;
  private readonly attackStep: number;
  private readonly releaseCoef: number;
  private env = 0;
  private released = false;
  private perc: number;
  private readonly percCoef: number;
  private click: number;
  private percPhase = 0;
  private readonly percInc: number;
  private t = 0;
  private readonly noise: Noise;
  private readonly sr: number;

  constructor(
    private readonly p: OrganPreset,
    private readonly note: VoiceNote,
    ctx: VoiceContext,
  ) {
    const sr = ctx.sampleRate;
    this.sr = sr;
    const f0 = midiToHz(note.pitch);
    const incs: number[] = [];
    const levels: number[] = [];
    let total = 0;
    FOOTAGE_RATIOS.forEach((r, i) => {
      const level = (p.drawbars[i] ?? 0) / 8;
      const f = f0 * r;
      if (level <= 0 || f > sr * 0.45) return;
      // tonewheels are slightly off equal temperament; a tiny spread keeps it alive
      incs.push((f * (1 + (i - 4) * 0.00015)) / sr);
      levels.push(level);
      total += level;
    });
    const norm = p.level / Math.max(1, Math.sqrt(total * 2));
    this.incs = Float64Array.from(incs);
    this.levels = Float64Array.from(levels.map((l) => l * norm));
    this.noise = new Noise(note.seed);
    this.phases = Float64Array.from(incs.map(() => this.noise.unit()));
    this.attackStep = 1 / Math.max(16, p.attackSeconds * sr);
    this.releaseCoef = Math.exp(Math.log(0.001) / Math.max(1, p.releaseSeconds * sr));
    this.perc = p.percussion * norm;
    this.percCoef = Math.exp(Math.log(0.001) / (0.35 * sr));
    this.click = p.click * norm;
    this.percInc = (2 * f0) / sr;
  }

  render(out: Float32Array, from: number, to: number): boolean {
    const { incs, levels, phases } = this;
    const n = incs.length;
    for (let i = from; i < to; i++) {
      if (this.t === this.note.gateSamples) this.released = true;
      if (this.released) this.env *= this.releaseCoef;
      else if (this.env < 1) this.env = Math.min(1, this.env + this.attackStep);
      let s = 0;
      for (let k = 0; k < n; k++) {
        const ph = phases[k]! + incs[k]!;
        phases[k] = ph >= 1 ? ph - 1 : ph;
        s += levels[k]! * sine(ph);
      }
      if (this.perc > 1e-5) {
        this.percPhase += this.percInc;
        if (this.percPhase >= 1) this.percPhase -= 1;
        s += this.perc * sine(this.percPhase);
        this.perc *= this.percCoef;
      }
      if (this.click > 1e-5) {
        s += this.click * this.noise.white();
        this.click *= 0.985;
      }
      const rot = this.p.rotaryHz > 0 ? 1 - 0.18 * (0.5 + 0.5 * sine((this.t / this.sr) * this.p.rotaryHz)) : 1;
      out[i]! += s * this.env * rot;
      this.t++;
      if (this.released && this.env < 1e-3) return false;
    }
    return true;
  }
}
