/**
 * Subtractive ("analogue") voice: the workhorse for synth basses, pads, leads, supersaws, plucks, chiptune, and
 * the bowed, blown and sung families (which are filtered sawtooth/pulse sources with breath, formants and
 * vibrato).
 *
 *   oscillators (PolyBLEP) ─┐
 *   sub / noise ────────────┼─▶ SVF (cutoff ← key, velocity, filter env, LFO) ─▶ formants ─▶ amp env ─▶ drive
 *   breath (band noise) ────┘
 */
import { type Adsr, Envelope } from "../../dsp/envelope.js";
import { Svf, type SvfMode, softClip } from "../../dsp/filters.js";
import { Noise } from "../../dsp/noise.js";
import { addPulse, addSaw, addSine, addTriangle } from "../../dsp/osc-block.js";
import { centsToRatio, midiToHz, sine } from "../../dsp/oscillators.js";
import {
  CONTROL_SAMPLES,
  engineFactory,
  type Voice,
  type VoiceContext,
  type VoiceFactory,
  type VoiceNote,
  velocityGain,
} from "./voice.js";

export type Wave = "saw" | "square" | "pulse" | "triangle" | "sine";

export interface OscSpec {
  wave: Wave;
  /** Semitones from the note (−12 = an octave down). */
  semitones?: number;
  cents?: number;
  level?: number;
  /** Pulse duty 0..1. */
  width?: number;
}

export interface AnalogPreset {
  oscs: OscSpec[];
  noise?: number;
  filter: {
    mode?: SvfMode;
    cutoffHz: number;
    /** 0..1: how far the cutoff follows the pitch (1 = fully). */
    keyTrack?: number;
    resonance?: number;
    /** Octaves the filter envelope opens at full level. */
    envOctaves?: number;
    /** Octaves of extra opening at full velocity. */
    velocityOctaves?: number;
    /** LFO on the cutoff: rate (Hz, or beats when `lfoBeats`) and depth in octaves. */
    lfoHz?: number;
    lfoBeats?: number;
    lfoOctaves?: number;
  };
  amp: Adsr;
  filterEnv?: Adsr;
  vibrato?: { hz: number; cents: number; delaySeconds: number };
  /** Pitch starts `semitones` away and glides to the note over `seconds` (808 drop, brass scoop). */
  pitchGlide?: { semitones: number; seconds: number };
  /** Pre-gain into a soft clipper; 0 = clean. */
  drive?: number;
  /** Parallel band-pass formants (vowels, bodies): [Hz, resonance 0..1, gain]. */
  formants?: [number, number, number][];
  /** Band-passed noise following the amp envelope (breath, bow). */
  breath?: { level: number; hz: number; resonance: number };
  /** Quantise the output to this many levels (chiptune DACs). */
  bits?: number;
  /** Amplitude tremolo. */
  tremolo?: { hz: number; depth: number };
  /** Output level trim so presets sit at similar loudness. */
  level: number;
}

export function analogVoice(preset: AnalogPreset): VoiceFactory {
  return engineFactory("analog", (note, ctx) => new AnalogVoice(preset, note, ctx));
}

class AnalogVoice implements Voice {
  private readonly sr: number;
  private readonly phases: Float64Array;
  private readonly ratios: Float64Array;
  private readonly levels: Float64Array;
  private readonly waves: Wave[];
  private readonly widths: Float64Array;
  private readonly incs: Float64Array;
  private readonly amp: Envelope;
  private readonly fenv: Envelope | undefined;
  private readonly filter: Svf;
  private readonly formants: Svf[];
  private readonly breathFilter: Svf | undefined;
  private readonly noise: Noise;
  private readonly baseHz: number;
  private readonly baseCutoff: number;
  private readonly gain: number;
  private readonly lfoHz: number;
  private t = 0;
  private gate: number;
  private controlLeft = 0;

  constructor(
    private readonly p: AnalogPreset,
    note: VoiceNote,
    ctx: VoiceContext,
  ) {
    this.sr = ctx.sampleRate;
    this.noise = new Noise(note.seed);
    const n = p.oscs.length;
    this.phases = new Float64Array(n);
    this.ratios = new Float64Array(n);
    this.levels = new Float64Array(n);
    this.widths = new Float64Array(n);
    this.incs = new Float64Array(n);
    this.waves = p.oscs.map((o) => o.wave);
    let levelSum = 0;
    p.oscs.forEach((o, i) => {
      this.phases[i] = this.noise.unit();
      this.ratios[i] = centsToRatio((o.semitones ?? 0) * 100 + (o.cents ?? 0));
      this.levels[i] = o.level ?? 1;
      this.widths[i] = o.width ?? 0.5;
      levelSum += o.level ?? 1;
    });
    for (let i = 0; i < n; i++) this.levels[i]! /= Math.sqrt(Math.max(levelSum, 1e-6) * Math.max(1, n / 2));
    this.baseHz = midiToHz(note.pitch);
    const f = p.filter;
    const keyRatio = (this.baseHz / 261.63) ** (f.keyTrack ?? 0);
    this.baseCutoff = f.cutoffHz * keyRatio * 2 ** ((f.velocityOctaves ?? 0) * note.velocity);
    this.filter = new Svf(this.sr, this.baseCutoff, f.resonance ?? 0);
    this.amp = new Envelope(p.amp, this.sr);
    this.fenv = p.filterEnv ? new Envelope(p.filterEnv, this.sr) : undefined;
    this.formants = (p.formants ?? []).map(([hz, res]) => new Svf(this.sr, hz, res));
    this.breathFilter = p.breath
      ? new Svf(this.sr, Math.max(p.breath.hz, this.baseHz * 1.5), p.breath.resonance)
      : undefined;
    this.gain = p.level * velocityGain(note.velocity);
    this.gate = note.gateSamples;
    this.lfoHz = f.lfoBeats ? ctx.bpm / 60 / f.lfoBeats : (f.lfoHz ?? 0);
  }

  private control(): void {
    const p = this.p;
    const time = this.t / this.sr;
    let cents = 0;
    if (p.vibrato && time > p.vibrato.delaySeconds) {
      const ramp = Math.min(1, (time - p.vibrato.delaySeconds) / 0.4);
      cents += p.vibrato.cents * ramp * sine(time * p.vibrato.hz);
    }
    if (p.pitchGlide) {
      cents += p.pitchGlide.semitones * 100 * Math.exp((-time * 4.6) / p.pitchGlide.seconds);
    }
    const hz = this.baseHz * (cents === 0 ? 1 : centsToRatio(cents));
    const nyq = this.sr * 0.45;
    for (let i = 0; i < this.incs.length; i++) this.incs[i] = Math.min(hz * this.ratios[i]!, nyq) / this.sr;
    let octaves = 0;
    if (this.fenv) octaves += (p.filter.envOctaves ?? 0) * this.fenv.value;
    if (this.lfoHz > 0) octaves += (p.filter.lfoOctaves ?? 0) * 0.5 * (1 + sine(time * this.lfoHz - 0.25));
    if (octaves !== 0 || this.t === 0) this.filter.set(this.baseCutoff * 2 ** octaves, p.filter.resonance ?? 0);
  }

  render(out: Float32Array, from: number, to: number): boolean {
    const p = this.p;
    const buf = SCRATCH;
    const mode = p.filter.mode ?? "lp";
    const noiseLevel = p.noise ?? 0;
    const drive = p.drive ?? 0;
    const driveNorm = drive > 0 ? 0.7 / softClip(drive) : 1;
    const bits = p.bits ?? 0;
    const trem = p.tremolo;
    let i = from;
    while (i < to) {
      if (this.t === this.gate) {
        this.amp.release();
        this.fenv?.release();
      }
      if (this.controlLeft <= 0) {
        this.controlLeft = CONTROL_SAMPLES;
        this.control();
      }
      let n = Math.min(to - i, this.controlLeft);
      if (this.t < this.gate) n = Math.min(n, this.gate - this.t);
      buf.fill(0, 0, n);
      for (let k = 0; k < this.waves.length; k++) {
        const ph = this.phases[k]!;
        const inc = this.incs[k]!;
        const level = this.levels[k]!;
        const w = this.waves[k];
        this.phases[k] =
          w === "saw"
            ? addSaw(buf, n, ph, inc, level)
            : w === "square"
              ? addPulse(buf, n, ph, inc, 0.5, level)
              : w === "pulse"
                ? addPulse(buf, n, ph, inc, this.widths[k]!, level)
                : w === "triangle"
                  ? addTriangle(buf, n, ph, inc, level)
                  : addSine(buf, n, ph, inc, level);
      }
      if (noiseLevel > 0) for (let j = 0; j < n; j++) buf[j]! += noiseLevel * this.noise.white();
      this.filter.block(mode, buf, n);
      if (this.formants.length > 0) {
        const spec = p.formants!;
        const dry = FORMANT_DRY;
        dry.set(buf.subarray(0, n));
        buf.fill(0, 0, n);
        const band = FORMANT_BAND;
        for (let k = 0; k < this.formants.length; k++) {
          band.set(dry.subarray(0, n));
          this.formants[k]!.block("bp", band, n);
          const g = spec[k]![2];
          for (let j = 0; j < n; j++) buf[j]! += band[j]! * g;
        }
      }
      if (this.breathFilter) {
        const band = FORMANT_BAND;
        for (let j = 0; j < n; j++) band[j] = this.noise.white();
        this.breathFilter.block("bp", band, n);
        const level = p.breath!.level;
        for (let j = 0; j < n; j++) buf[j]! += band[j]! * level;
      }
      const gain = this.gain * (trem ? 1 - trem.depth * 0.5 * (1 + sine((this.t / this.sr) * trem.hz)) : 1);
      this.amp.applyTo(buf, n, gain);
      if (drive > 0) for (let j = 0; j < n; j++) buf[j] = softClip(buf[j]! * drive) * driveNorm;
      if (bits > 0) for (let j = 0; j < n; j++) buf[j] = Math.round(buf[j]! * bits) / bits;
      for (let j = 0; j < n; j++) out[i + j]! += buf[j]!;
      this.fenv?.advance(n);
      i += n;
      this.t += n;
      this.controlLeft -= n;
      if (this.amp.done) return false;
    }
    return true;
  }
}

/** Voices render one at a time, so one scratch block serves them all. */
const SCRATCH = new Float32Array(CONTROL_SAMPLES);
const FORMANT_DRY = new Float32Array(CONTROL_SAMPLES);
const FORMANT_BAND = new Float32Array(CONTROL_SAMPLES);
