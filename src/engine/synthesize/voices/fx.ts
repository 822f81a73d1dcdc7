/**
 * Sound effects, one note per event whose duration is the effect's length: risers (noise through a rising
 * band-pass with a rising detuned saw), impacts (a sub boom with a noise crack), reverse cymbals (a cymbal
 * swelling instead of decaying), vinyl crackle (hiss plus sparse dust pops) and rain (pink-ish noise bed plus
 * droplets).
 */
import { Svf } from "../../dsp/filters.js";
import { Noise, PinkNoise } from "../../dsp/noise.js";
import { sawSample, sine } from "../../dsp/oscillators.js";
import { DrumHit } from "../drums/hit.js";
import type { Voice, VoiceContext, VoiceFactory, VoiceNote } from "./voice.js";

/** Fades at both ends of every effect, so none clicks in or out. */
export const FX_FADE_SECONDS = 0.02;

/**
 * Stationary beds: held for a whole piece, they play as overlapping segments of a few stored notes (see
 * schedule.ts), and their equal-power fades make two overlapping segments — uncorrelated noise — keep the
 * bed's level through the crossfade.
 */
export const TEXTURE_FX: ReadonlySet<string> = new Set(["vinyl", "rain"]);

/** The raw samples of the render under way (one voice renders at a time on a thread). */
let raw = new Float64Array(4096);

/**
 * out[from + j] += raw[j] · fade · gain for samples t0 + j of an effect `length` long. A function of its own,
 * on numbers and arrays alone: as a loop in the effects' shared render it was compiled, mid-loop, for the first
 * kind of effect, and thrown back to the interpreter at each new kind.
 */
function addFaded(
  out: Float32Array,
  from: number,
  raw: Float64Array,
  count: number,
  t0: number,
  length: number,
  fade: number,
  equalPower: boolean,
  gain: number,
): void {
  for (let j = 0; j < count; j++) {
    const t = t0 + j;
    const ramp = Math.min(1, t / fade, (length - t) / fade);
    const edge = equalPower && ramp < 1 ? Math.sin((Math.PI / 2) * ramp) : ramp;
    out[from + j]! += raw[j]! * edge * gain;
  }
}

abstract class FxVoice implements Voice {
  protected t = 0;
  protected readonly noise: Noise;
  protected readonly sr: number;
  protected readonly length: number;
  protected readonly gain: number;
  constructor(note: VoiceNote, ctx: VoiceContext) {
    this.noise = new Noise(note.seed);
    this.sr = ctx.sampleRate;
    this.length = Math.max(note.gateSamples, Math.round(0.05 * ctx.sampleRate));
    this.gain = 0.3 + 0.7 * note.velocity;
  }
  /**
   * raw[0, count) = the effect's next samples, each sample(t / length) at its own t, t advancing past them. Each
   * effect has this loop of its own: one shared loop would call five different `sample`s from one place, which
   * the engine can neither inline nor keep compiled (it deoptimised at every new kind of effect).
   */
  protected abstract fill(raw: Float64Array, count: number): void;
  /** Equal-power (sine) fades rather than linear ones: a texture's segments crossfade in them. */
  protected readonly equalPowerFades: boolean = false;
  render(out: Float32Array, from: number, to: number): boolean {
    const count = Math.max(0, Math.min(to - from, this.length - this.t));
    this.prepare(count);
    if (raw.length < count) raw = new Float64Array(count);
    const t0 = this.t;
    this.fill(raw, count);
    addFaded(out, from, raw, count, t0, this.length, FX_FADE_SECONDS * this.sr, this.equalPowerFades, this.gain);
    // (it ended inside this span: nothing was written past its end)
    return count === to - from;
  }

  /** Before each render: the samples it will take (for a layer rendered a block at a time). */
  protected prepare(_samples: number): void {}
}

class Riser extends FxVoice {
  private readonly bp: Svf;
  private readonly phases = [0, 0.3, 0.6];
  /**
   * The saws' pitch rises exponentially, by `hzStep` a sample: computed afresh every 32 samples (with the
   * band-pass) and carried between by that factor, not a power of two per sample (most of the riser's cost).
   */
  private hz = 110;
  private readonly hzStep: number;
  constructor(note: VoiceNote, ctx: VoiceContext) {
    super(note, ctx);
    this.bp = new Svf(this.sr, 300, 0.6);
    this.hzStep = 2 ** (2.5 / this.length);
  }
  protected fill(raw: Float64Array, count: number): void {
    for (let j = 0; j < count; j++) {
      raw[j] = this.sample(this.t / this.length);
      this.t++;
    }
  }
  sample(x: number): number {
    let hz = this.hz * this.hzStep;
    if ((this.t & 31) === 0) {
      this.bp.set(250 * 2 ** (5.5 * x), 0.6);
      hz = 110 * 2 ** (2.5 * x);
    }
    this.hz = hz;
    let saw = 0;
    for (let k = 0; k < 3; k++) {
      const inc = (hz * (1 + (k - 1) * 0.012)) / this.sr;
      let ph = this.phases[k]! + inc;
      if (ph >= 1) ph -= 1;
      this.phases[k] = ph;
      saw += sawSample(ph, inc);
    }
    const swell = x * x;
    return swell * (0.5 * this.bp.bp(this.noise.white()) + 0.06 * saw);
  }
}

/** Time constants (seconds) of the impact's pitch drop, boom and crack. */
const IMPACT_DROP = 0.08;
const IMPACT_BOOM = 0.7;
const IMPACT_CRACK = 0.12;

class Impact extends FxVoice {
  private phase = 0;
  private readonly lp: Svf;
  /**
   * The three exponential decays, each carried from sample to sample by its constant factor and computed
   * afresh every 32 samples (three `Math.exp` a sample were most of the impact's cost).
   */
  private drop = 1;
  private boom = 1;
  private crack = 1;
  private readonly dropStep: number;
  private readonly boomStep: number;
  private readonly crackStep: number;
  constructor(note: VoiceNote, ctx: VoiceContext) {
    super(note, ctx);
    this.lp = new Svf(this.sr, 1800, 0.1);
    this.dropStep = Math.exp(-1 / (this.sr * IMPACT_DROP));
    this.boomStep = Math.exp(-1 / (this.sr * IMPACT_BOOM));
    this.crackStep = Math.exp(-1 / (this.sr * IMPACT_CRACK));
  }
  protected fill(raw: Float64Array, count: number): void {
    for (let j = 0; j < count; j++) {
      raw[j] = this.sample();
      this.t++;
    }
  }
  sample(): number {
    if ((this.t & 31) === 0) {
      const time = this.t / this.sr;
      this.drop = Math.exp(-time / IMPACT_DROP);
      this.boom = Math.exp(-time / IMPACT_BOOM);
      this.crack = Math.exp(-time / IMPACT_CRACK);
    }
    const hz = 30 + 60 * this.drop;
    this.phase += hz / this.sr;
    if (this.phase >= 1) this.phase -= 1;
    const boom = sine(this.phase) * this.boom;
    const crack = this.lp.lp(this.noise.white()) * this.crack;
    this.drop *= this.dropStep;
    this.boom *= this.boomStep;
    this.crack *= this.crackStep;
    return 0.9 * boom + 0.6 * crack;
  }
}

class ReverseCymbal extends FxVoice {
  private readonly cymbal: DrumHit;
  private readonly hp: Svf;
  /** The cymbal's samples for the render under way (rendered a block at a time), and the next one to read. */
  private block = new Float32Array(0);
  private next = 0;
  constructor(note: VoiceNote, ctx: VoiceContext) {
    super(note, ctx);
    const seconds = this.length / this.sr;
    this.cymbal = new DrumHit(
      {
        noise: { mode: "hp", hz: 5000, resonance: 0.1, decaySeconds: seconds, level: 0.7, reverse: true },
        level: 1,
      },
      this.sr,
      1,
      note.seed,
    );
    this.hp = new Svf(this.sr, 3000, 0);
  }

  /** The cymbal a block at a time: one call through its kernel, not one a sample. */
  protected override prepare(samples: number): void {
    if (this.block.length < samples) this.block = new Float32Array(samples);
    this.block.fill(0, 0, samples);
    if (samples > 0) this.cymbal.render(this.block, 0, samples);
    this.next = 0;
  }

  protected fill(raw: Float64Array, count: number): void {
    for (let j = 0; j < count; j++) {
      raw[j] = this.sample(this.t / this.length);
      this.t++;
    }
  }
  sample(x: number): number {
    return this.hp.hp(this.block[this.next++]!) * (0.3 + 0.7 * x);
  }
}

class Vinyl extends FxVoice {
  protected override readonly equalPowerFades = true;
  private readonly hiss: Svf;
  private readonly popFilter: Svf;
  private pop = 0;
  private rumble = 0;
  constructor(note: VoiceNote, ctx: VoiceContext) {
    super(note, ctx);
    this.hiss = new Svf(this.sr, 5000, 0.1);
    this.popFilter = new Svf(this.sr, 2500, 0.4);
  }
  protected fill(raw: Float64Array, count: number): void {
    for (let j = 0; j < count; j++) {
      raw[j] = this.sample();
      this.t++;
    }
  }
  sample(): number {
    // about 12 dust pops a second, random sizes
    if (this.noise.unit() < 12 / this.sr) this.pop = (this.noise.white() > 0 ? 1 : -1) * (0.3 + this.noise.unit());
    const pop = this.popFilter.bp(this.pop);
    this.pop *= 0.55;
    this.rumble += 0.002 * (this.noise.white() - this.rumble);
    return 0.05 * this.hiss.bp(this.noise.white()) + 0.6 * pop + 0.6 * this.rumble;
  }
}

class Rain extends FxVoice {
  protected override readonly equalPowerFades = true;
  private readonly pink: PinkNoise;
  private readonly bed: Svf;
  private readonly drop: Svf;
  private dropAmp = 0;
  constructor(note: VoiceNote, ctx: VoiceContext) {
    super(note, ctx);
    this.pink = new PinkNoise(this.noise);
    this.bed = new Svf(this.sr, 2200, 0.1);
    this.drop = new Svf(this.sr, 3000, 0.85);
  }
  protected fill(raw: Float64Array, count: number): void {
    for (let j = 0; j < count; j++) {
      raw[j] = this.sample();
      this.t++;
    }
  }
  sample(): number {
    if (this.noise.unit() < 40 / this.sr) {
      this.dropAmp = 0.2 + 0.5 * this.noise.unit();
      this.drop.set(1500 + 4000 * this.noise.unit(), 0.9);
    }
    const d = this.drop.bp(this.dropAmp * this.noise.white());
    this.dropAmp *= 0.993;
    return 0.35 * this.bed.lp(this.pink.next()) + 0.5 * d;
  }
}

export const FX_VOICES: Record<string, VoiceFactory> = {
  riser: (n, c) => new Riser(n, c),
  impact: (n, c) => new Impact(n, c),
  reverse_cymbal: (n, c) => new ReverseCymbal(n, c),
  vinyl: (n, c) => new Vinyl(n, c),
  rain: (n, c) => new Rain(n, c),
};

/** Unknown fx ids: a riser for long events, an impact for short ones. */
export function fxVoiceFor(id: string, durationSeconds: number): VoiceFactory {
  return FX_VOICES[id] ?? (durationSeconds > 1.5 ? FX_VOICES.riser! : FX_VOICES.impact!);
}
