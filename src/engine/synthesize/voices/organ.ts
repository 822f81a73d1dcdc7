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
  private readonly span = new Float64Array(SPAN);

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
    for (let i = from; i < to; i += SPAN) if (!this.renderSpan(out, i, Math.min(to, i + SPAN))) return false;
    return true;
  }

  /**
   * A span: the drawbars' sines drawbar by drawbar into a span of doubles (each sample still summing them in
   * order), then the envelope, percussion, click and rotary sample by sample.
   */
  private renderSpan(out: Float32Array, from: number, to: number): boolean {
    const { incs, levels, phases } = this;
    const n = to - from;
    const buf = this.span;
    buf.fill(0, 0, n);
    for (let k = 0; k < incs.length; k++) {
      const inc = incs[k]!;
      const level = levels[k]!;
      let ph = phases[k]!;
      for (let i = 0; i < n; i++) {
        const p = ph + inc;
        ph = p >= 1 ? p - 1 : p;
        buf[i]! += level * sine(p);
      }
      phases[k] = ph;
    }
    const gate = this.note.gateSamples;
    const rotaryHz = this.p.rotaryHz;
    let { env, released, perc, click, percPhase, t } = this;
    let alive = true;
    for (let i = 0; i < n; i++) {
      if (t === gate) released = true;
      if (released) env *= this.releaseCoef;
      else if (env < 1) env = Math.min(1, env + this.attackStep);
      let s = buf[i]!;
      if (perc > 1e-5) {
        percPhase += this.percInc;
        if (percPhase >= 1) percPhase -= 1;
        s += perc * sine(percPhase);
        perc *= this.percCoef;
      }
      if (click > 1e-5) {
        s += click * this.noise.white();
        click *= 0.985;
      }
      const rot = rotaryHz > 0 ? 1 - 0.18 * (0.5 + 0.5 * sine((t / this.sr) * rotaryHz)) : 1;
      out[from + i]! += s * env * rot;
      t++;
      if (released && env < 1e-3) {
        alive = false;
        break;
      }
    }
    this.env = env;
    this.released = released;
    this.perc = perc;
    this.click = click;
    this.percPhase = percPhase;
    this.t = t;
    return alive;
  }
}

/** Samples per span: the drawbars' loop runs over a span at a time. */
const SPAN = 256;
