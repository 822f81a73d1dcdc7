/**
 * One synthesised percussion hit, built from up to five layers the classic drum machines and physical models
 * use: a pitched body (sine with a pitch sweep — the 808/909 kick and toms), filtered noise (snares, hats,
 * shakers, brushes; optionally re-triggered for claps), a metallic cluster of six detuned squares through a
 * band-pass (the TR-808 cymbal/hat circuit), inharmonic modes (timpani, congas, woodblocks, bells) and a click.
 *
 *   body ──┐
 *   noise ─┼─▶ Σ ─▶ drive ─▶ out
 *   metal ─┤
 *   modes ─┤
 *   click ─┘
 */
import { decayCoefficient } from "../../dsp/envelope.js";
import { Svf, type SvfMode, softClip } from "../../dsp/filters.js";
import { Noise } from "../../dsp/noise.js";
import { sine } from "../../dsp/oscillators.js";
import type { Voice } from "../voices/voice.js";

export interface DrumHitSpec {
  body?: { startHz: number; endHz: number; sweepSeconds: number; decaySeconds: number; level: number };
  noise?: {
    mode: SvfMode;
    hz: number;
    resonance: number;
    decaySeconds: number;
    level: number;
    attackSeconds?: number;
    /** Clap: extra bursts this many seconds apart before the tail. */
    bursts?: number;
    burstGapSeconds?: number;
    /** Grows instead of decaying (reverse swells). */
    reverse?: boolean;
  };
  metal?: { baseHz: number; hz: number; resonance: number; decaySeconds: number; level: number; ratios?: number[] };
  modes?: { hz: number; decaySeconds: number; level: number }[];
  click?: number;
  drive?: number;
  level: number;
}

const TR808_RATIOS = [1, 1.4471, 1.617, 1.9265, 2.5028, 2.6637];

export class DrumHit implements Voice {
  private t = 0;
  private readonly noise: Noise;
  private bodyPhase = 0;
  private bodyAmp = 0;
  private readonly bodyCoef: number;
  private sweep = 1;
  private readonly sweepCoef: number;
  private noiseAmp = 0;
  private readonly noiseCoef: number;
  private readonly noiseFilter: Svf | undefined;
  private metalAmp = 0;
  private readonly metalCoef: number;
  private readonly metalPhases: Float64Array;
  private readonly metalIncs: Float64Array;
  private readonly metalFilter: Svf | undefined;
  private readonly metalHp: Svf | undefined;
  private readonly modeIncs: Float64Array;
  private readonly modeAmps: Float64Array;
  private readonly modeCoefs: Float64Array;
  private readonly modePhases: Float64Array;
  private click: number;
  private readonly gain: number;
  private readonly maxSamples: number;
  private readonly burstSamples: number;
  private readonly attackSamples: number;
  private readonly reverseSamples: number;

  constructor(
    private readonly spec: DrumHitSpec,
    private readonly sr: number,
    velocity: number,
    seed: number,
    /** Tune factor (kit size, note pitch offsets). */
    private readonly tune = 1,
    /** Cut the hit after this many samples (open hat choked by the closed hat). */
    chokeSamples = Number.POSITIVE_INFINITY,
  ) {
    this.noise = new Noise(seed);
    this.gain = spec.level * (0.15 + 0.85 * velocity ** 1.3);
    const b = spec.body;
    this.bodyAmp = b ? b.level : 0;
    this.bodyCoef = b ? decayCoefficient(b.decaySeconds, sr) : 0;
    this.sweepCoef = b ? Math.exp(-1 / (Math.max(b.sweepSeconds, 1e-4) * sr)) : 0;
    const n = spec.noise;
    this.noiseAmp = n ? n.level : 0;
    this.noiseCoef = n ? decayCoefficient(n.decaySeconds, sr) : 0;
    this.noiseFilter = n ? new Svf(sr, n.hz * (0.85 + 0.3 * velocity), n.resonance) : undefined;
    this.burstSamples = n?.bursts ? Math.round((n.burstGapSeconds ?? 0.011) * sr) : 0;
    this.attackSamples = Math.round((n?.attackSeconds ?? 0) * sr);
    this.reverseSamples = n?.reverse ? Math.round(n.decaySeconds * sr) : 0;
    const m = spec.metal;
    this.metalAmp = m ? m.level : 0;
    this.metalCoef = m ? decayCoefficient(m.decaySeconds, sr) : 0;
    const ratios = m?.ratios ?? TR808_RATIOS;
    this.metalIncs = Float64Array.from(m ? ratios.map((r) => (m.baseHz * r * tune) / sr) : []);
    this.metalPhases = Float64Array.from(this.metalIncs, () => this.noise.unit());
    this.metalFilter = m ? new Svf(sr, m.hz, m.resonance) : undefined;
    this.metalHp = m ? new Svf(sr, m.hz * 0.7, 0) : undefined;
    const modes = (spec.modes ?? []).filter((md) => md.hz * tune < sr * 0.45);
    this.modeIncs = Float64Array.from(modes.map((md) => (md.hz * tune) / sr));
    this.modeAmps = Float64Array.from(modes.map((md) => md.level));
    this.modeCoefs = Float64Array.from(modes.map((md) => decayCoefficient(md.decaySeconds, sr)));
    this.modePhases = new Float64Array(modes.length);
    this.click = spec.click ?? 0;
    const longest = Math.max(
      b?.decaySeconds ?? 0,
      n?.decaySeconds ?? 0,
      m?.decaySeconds ?? 0,
      ...modes.map((md) => md.decaySeconds),
    );
    this.maxSamples = Math.min(Math.round((longest + 0.05) * sr), chokeSamples);
  }

  render(out: Float32Array, from: number, to: number): boolean {
    const spec = this.spec;
    const sr = this.sr;
    const drive = spec.drive ?? 0;
    for (let i = from; i < to; i++) {
      let s = 0;
      const b = spec.body;
      if (b && this.bodyAmp > 1e-5) {
        const hz = (b.endHz + (b.startHz - b.endHz) * this.sweep) * this.tune;
        this.sweep *= this.sweepCoef;
        this.bodyPhase += hz / sr;
        if (this.bodyPhase >= 1) this.bodyPhase -= 1;
        s += this.bodyAmp * sine(this.bodyPhase);
        this.bodyAmp *= this.bodyCoef;
      }
      const n = spec.noise;
      if (n && this.noiseFilter) {
        let env: number;
        if (this.reverseSamples > 0) {
          const x = Math.min(1, this.t / this.reverseSamples);
          env = this.t < this.reverseSamples ? n.level * x * x * x : 0;
        } else {
          env = this.noiseAmp;
          if (this.attackSamples > 0 && this.t < this.attackSamples) env *= this.t / this.attackSamples;
          if (this.burstSamples > 0 && this.t < this.burstSamples * (n.bursts ?? 0)) {
            const local = this.t % this.burstSamples;
            env = n.level * Math.exp(-local / (this.burstSamples * 0.3));
          } else this.noiseAmp *= this.noiseCoef;
        }
        if (env > 1e-5) s += env * this.noiseFilter.process(n.mode, this.noise.white());
      }
      const m = spec.metal;
      if (m && this.metalAmp > 1e-5) {
        // plain squares, as in the TR-808's cymbal circuit: the band-pass that follows hides their aliasing
        let sq = 0;
        const phases = this.metalPhases;
        const incs = this.metalIncs;
        for (let k = 0; k < incs.length; k++) {
          let ph = phases[k]! + incs[k]!;
          if (ph >= 1) ph -= 1;
          phases[k] = ph;
          sq += ph < 0.5 ? 1 : -1;
        }
        s += this.metalAmp * this.metalHp!.hp(this.metalFilter!.bp(sq * 0.3));
        this.metalAmp *= this.metalCoef;
      }
      for (let k = 0; k < this.modeIncs.length; k++) {
        const a = this.modeAmps[k]!;
        if (a < 1e-5) continue;
        let ph = this.modePhases[k]! + this.modeIncs[k]!;
        if (ph >= 1) ph -= 1;
        this.modePhases[k] = ph;
        s += a * sine(ph);
        this.modeAmps[k] = a * this.modeCoefs[k]!;
      }
      if (this.click > 1e-4) {
        s += this.click;
        this.click *= -0.55;
      }
      if (drive > 0) s = softClip(s * drive);
      let v = s * this.gain;
      // a 3 ms fade where a choke or the length limit cuts the hit
      const left = this.maxSamples - this.t;
      if (left < 132) v *= Math.max(0, left / 132);
      out[i]! += v;
      this.t++;
      if (this.t >= this.maxSamples) return false;
    }
    return true;
  }
}
