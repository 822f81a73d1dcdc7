/**
 * Subtractive ("analogue") voice: the workhorse for synth basses, pads, leads, supersaws, plucks, chiptune, and
 * the bowed, blown and sung families (which are filtered sawtooth/pulse sources with breath, formants and
 * vibrato).
 *
 *   oscillators (PolyBLEP) ─┐
 *   sub / noise ────────────┼─▶ SVF (cutoff ← key, velocity, filter env, LFO) ─▶ formants ─▶ amp env ─▶ drive
 *   breath (band noise) ────┘
 */
import { type Adsr, envelopeState, releaseEnvelope, STAGE } from "../../dsp/envelope.js";
import { SVF_MODES, type SvfMode, softClip, svfCoefficients } from "../../dsp/filters.js";
import { Noise } from "../../dsp/noise.js";
import { centsToRatio, midiToHz, sine } from "../../dsp/oscillators.js";
import { borrowState, returnState, SUBTRACTIVE, subtractiveBlock, WAVE_CODES } from "../../dsp/subtractive.js";
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
  const modulation = modulationOf(preset);
  return engineFactory("analog", (note, ctx) => new AnalogVoice(preset, modulation, note, ctx));
}

/**
 * What the voice reads from its preset block after block, in one shape for every preset. The presets leave
 * out what they do not use, so each has a shape of its own: the block loop, optimised on one preset, was
 * thrown back to the interpreter and compiled again at every new one (a fresh render's workers met several).
 */
interface Modulation {
  readonly vibrato: boolean;
  readonly vibratoHz: number;
  readonly vibratoCents: number;
  readonly vibratoDelaySeconds: number;
  readonly glide: boolean;
  readonly glideSemitones: number;
  readonly glideSeconds: number;
  readonly envOctaves: number;
  readonly lfoOctaves: number;
  readonly resonance: number;
  readonly tremolo: boolean;
  readonly tremoloHz: number;
  readonly tremoloDepth: number;
}

function modulationOf(p: AnalogPreset): Modulation {
  return {
    vibrato: p.vibrato !== undefined,
    vibratoHz: p.vibrato?.hz ?? 0,
    vibratoCents: p.vibrato?.cents ?? 0,
    vibratoDelaySeconds: p.vibrato?.delaySeconds ?? 0,
    glide: p.pitchGlide !== undefined,
    glideSemitones: p.pitchGlide?.semitones ?? 0,
    glideSeconds: p.pitchGlide?.seconds ?? 1,
    envOctaves: p.filter.envOctaves ?? 0,
    lfoOctaves: p.filter.lfoOctaves ?? 0,
    resonance: p.filter.resonance ?? 0,
    tremolo: p.tremolo !== undefined,
    tremoloHz: p.tremolo?.hz ?? 0,
    tremoloDepth: p.tremolo?.depth ?? 0,
  };
}

class AnalogVoice implements Voice {
  private readonly sr: number;
  /** Everything the block loop reads and advances (dsp/subtractive.ts lays it out). */
  private readonly state = new Float64Array(SUBTRACTIVE.length);
  private readonly ratios: Float64Array;
  private readonly baseHz: number;
  private readonly baseCutoff: number;
  private readonly gain: number;
  /**
   * (Starts as NaN, a double, so the field holds doubles from the first voice on: a preset without an LFO
   * stores 0, which the engine would otherwise keep as a small integer, and the first voice with a rate in
   * Hz then threw the optimised block loop back to the interpreter.)
   */
  private readonly lfoHz: number = Number.NaN;
  private t = 0;
  private readonly gate: number;
  private controlLeft = 0;
  /** The pitch and filter opening the state was last set for. */
  private lastHz = Number.NaN;
  private lastOctaves = Number.NaN;

  constructor(
    p: AnalogPreset,
    private readonly m: Modulation,
    note: VoiceNote,
    ctx: VoiceContext,
  ) {
    const S = SUBTRACTIVE;
    const state = this.state;
    this.sr = ctx.sampleRate;
    const noise = new Noise(note.seed);
    const n = p.oscs.length;
    if (n > S.maxOscs || (p.formants?.length ?? 0) > S.maxFormants) {
      throw new Error(`an analogue preset has at most ${S.maxOscs} oscillators and ${S.maxFormants} formants`);
    }
    this.ratios = new Float64Array(n);
    const levelSum = p.oscs.reduce((sum, o) => sum + (o.level ?? 1), 0);
    const norm = Math.sqrt(Math.max(levelSum, 1e-6) * Math.max(1, n / 2));
    state[S.oscCount] = n;
    p.oscs.forEach((o, i) => {
      const at = S.oscs + i * S.oscFields;
      state[at] = WAVE_CODES[o.wave];
      state[at + 1] = noise.unit();
      state[at + 3] = (o.level ?? 1) / norm;
      state[at + 4] = o.wave === "square" ? 0.5 : (o.width ?? 0.5);
      this.ratios[i] = centsToRatio((o.semitones ?? 0) * 100 + (o.cents ?? 0));
    });
    state[S.noiseLevel] = p.noise ?? 0;
    this.baseHz = midiToHz(note.pitch);
    const f = p.filter;
    const keyRatio = (this.baseHz / 261.63) ** (f.keyTrack ?? 0);
    this.baseCutoff = f.cutoffHz * keyRatio * 2 ** ((f.velocityOctaves ?? 0) * note.velocity);
    state[S.mode] = SVF_MODES[f.mode ?? "lp"];
    svfCoefficients(state, S.filter, this.sr, this.baseCutoff, f.resonance ?? 0);
    const formants = p.formants ?? [];
    state[S.formantCount] = formants.length;
    formants.forEach(([hz, resonance, gain], k) => {
      const at = S.formants + k * S.formantFields;
      svfCoefficients(state, at, this.sr, hz, resonance);
      state[at + 6] = gain;
    });
    if (p.breath) {
      state[S.hasBreath] = 1;
      state[S.breathLevel] = p.breath.level;
      svfCoefficients(state, S.breath, this.sr, Math.max(p.breath.hz, this.baseHz * 1.5), p.breath.resonance);
    }
    // the noise carries on from the phases' draws, as one generator
    state[S.noiseState] = noise.current;
    envelopeState(state, S.amp, p.amp, this.sr);
    if (p.filterEnv) {
      envelopeState(state, S.filterEnv, p.filterEnv, this.sr);
      state[S.hasFilterEnv] = 1;
    }
    const drive = p.drive ?? 0;
    state[S.drive] = drive;
    state[S.driveNorm] = drive > 0 ? 0.7 / softClip(drive) : 1;
    state[S.bits] = p.bits ?? 0;
    this.gain = p.level * velocityGain(note.velocity);
    this.gate = note.gateSamples;
    this.lfoHz = f.lfoBeats ? ctx.bpm / 60 / f.lfoBeats : (f.lfoHz ?? 0);
  }

  /** Pitch (vibrato, glide) into the oscillators' increments, and the cutoff (envelope, LFO) into the filter. */
  private control(state: Float64Array): void {
    const S = SUBTRACTIVE;
    const m = this.m;
    const time = this.t / this.sr;
    let cents = 0;
    if (m.vibrato && time > m.vibratoDelaySeconds) {
      const ramp = Math.min(1, (time - m.vibratoDelaySeconds) / 0.4);
      cents += m.vibratoCents * ramp * sine(time * m.vibratoHz);
    }
    if (m.glide) {
      cents += m.glideSemitones * 100 * Math.exp((-time * 4.6) / m.glideSeconds);
    }
    const hz = this.baseHz * (cents === 0 ? 1 : centsToRatio(cents));
    // (the same pitch or cutoff as last time would give the same increments or coefficients: kept)
    if (hz !== this.lastHz) {
      this.lastHz = hz;
      const nyq = this.sr * 0.45;
      for (let i = 0; i < this.ratios.length; i++) {
        state[S.oscs + i * S.oscFields + 2] = Math.min(hz * this.ratios[i]!, nyq) / this.sr;
      }
    }
    let octaves = 0;
    if (state[S.hasFilterEnv]) octaves += m.envOctaves * state[S.filterEnv + 1]!;
    if (this.lfoHz > 0) octaves += m.lfoOctaves * 0.5 * (1 + sine(time * this.lfoHz - 0.25));
    if ((octaves !== 0 || this.t === 0) && octaves !== this.lastOctaves) {
      this.lastOctaves = octaves;
      svfCoefficients(state, S.filter, this.sr, this.baseCutoff * 2 ** octaves, m.resonance);
    }
  }

  render(out: Float32Array, from: number, to: number): boolean {
    const S = SUBTRACTIVE;
    const m = this.m;
    const state = borrowState(this.state);
    let alive = true;
    let i = from;
    while (i < to) {
      const atGate = this.t === this.gate;
      releaseEnvelope(state, S.amp, atGate);
      releaseEnvelope(state, S.filterEnv, ((atGate ? 1 : 0) & (state[S.hasFilterEnv] ? 1 : 0)) !== 0);
      if (this.controlLeft <= 0) {
        this.controlLeft = CONTROL_SAMPLES;
        this.control(state);
      }
      let n = Math.min(to - i, this.controlLeft);
      if (this.t < this.gate) n = Math.min(n, this.gate - this.t);
      state[S.gain] =
        this.gain * (m.tremolo ? 1 - m.tremoloDepth * 0.5 * (1 + sine((this.t / this.sr) * m.tremoloHz)) : 1);
      const stage = subtractiveBlock(state, n, out, i);
      i += n;
      this.t += n;
      this.controlLeft -= n;
      if (stage === STAGE.done) {
        alive = false;
        break;
      }
    }
    returnState(this.state, state);
    return alive;
  }
}
