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
import { SVF_MODES, type SvfMode, svfCoefficients } from "../../dsp/filters.js";
import { Noise } from "../../dsp/noise.js";
import { PERCUSSION, percussionRender } from "../../dsp/percussion.js";
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
  /** Everything the sample loop reads and advances (dsp/percussion.ts). */
  private readonly state = new Float64Array(PERCUSSION.length);
  /** A clap's envelope over one burst (computed here, so kernel and twin read the same numbers). */
  private readonly bursts: Float64Array | undefined;

  constructor(
    spec: DrumHitSpec,
    sr: number,
    velocity: number,
    seed: number,
    /** Tune factor (kit size, note pitch offsets). */
    tune = 1,
    /** Cut the hit after this many samples (open hat choked by the closed hat). */
    chokeSamples = Number.POSITIVE_INFINITY,
  ) {
    const P = PERCUSSION;
    const s = this.state;
    const noise = new Noise(seed);
    s[P.gain] = spec.level * (0.15 + 0.85 * velocity ** 1.3);
    s[P.drive] = spec.drive ?? 0;
    s[P.tune] = tune;
    s[P.sampleRate] = sr;
    s[P.click] = spec.click ?? 0;
    const b = spec.body;
    if (b) {
      s[P.hasBody] = 1;
      s[P.startHz] = b.startHz;
      s[P.endHz] = b.endHz;
      s[P.sweep] = 1;
      s[P.sweepCoef] = Math.exp(-1 / (Math.max(b.sweepSeconds, 1e-4) * sr));
      s[P.bodyAmp] = b.level;
      s[P.bodyCoef] = decayCoefficient(b.decaySeconds, sr);
    }
    const n = spec.noise;
    if (n) {
      s[P.hasNoise] = 1;
      s[P.noiseMode] = SVF_MODES[n.mode];
      s[P.noiseLevel] = n.level;
      s[P.noiseAmp] = n.level;
      s[P.noiseCoef] = decayCoefficient(n.decaySeconds, sr);
      svfCoefficients(s, P.noiseFilter, sr, n.hz * (0.85 + 0.3 * velocity), n.resonance);
      s[P.reverseSamples] = n.reverse ? Math.round(n.decaySeconds * sr) : 0;
      s[P.attackSamples] = Math.round((n.attackSeconds ?? 0) * sr);
      const burst = n.bursts ? Math.round((n.burstGapSeconds ?? 0.011) * sr) : 0;
      s[P.burstSamples] = burst;
      s[P.bursts] = n.bursts ?? 0;
      if (burst > 0) {
        this.bursts = Float64Array.from({ length: burst }, (_, local) => n.level * Math.exp(-local / (burst * 0.3)));
      }
    }
    const m = spec.metal;
    if (m) {
      const ratios = m.ratios ?? TR808_RATIOS;
      if (ratios.length > P.maxMetal) throw new Error(`a drum hit has at most ${P.maxMetal} metal squares`);
      s[P.metalCount] = ratios.length;
      s[P.metalAmp] = m.level;
      s[P.metalCoef] = decayCoefficient(m.decaySeconds, sr);
      ratios.forEach((r, k) => {
        s[P.metalIncs + k] = (m.baseHz * r * tune) / sr;
      });
      for (let k = 0; k < ratios.length; k++) s[P.metalPhases + k] = noise.unit();
      svfCoefficients(s, P.metalBandpass, sr, m.hz, m.resonance);
      svfCoefficients(s, P.metalHighpass, sr, m.hz * 0.7, 0);
    }
    const modes = (spec.modes ?? []).filter((md) => md.hz * tune < sr * 0.45);
    if (modes.length > P.maxModes) throw new Error(`a drum hit has at most ${P.maxModes} modes`);
    s[P.modeCount] = modes.length;
    modes.forEach((md, k) => {
      const at = P.modes + k * P.modeFields;
      s[at] = (md.hz * tune) / sr;
      s[at + 1] = md.level;
      s[at + 2] = decayCoefficient(md.decaySeconds, sr);
    });
    // the noise carries on from the metal's phases, as one generator
    s[P.noiseState] = noise.current;
    const longest = Math.max(
      b?.decaySeconds ?? 0,
      n?.decaySeconds ?? 0,
      m?.decaySeconds ?? 0,
      ...modes.map((md) => md.decaySeconds),
    );
    s[P.maxSamples] = Math.min(Math.round((longest + 0.05) * sr), chokeSamples);
  }

  render(out: Float32Array, from: number, to: number): boolean {
    return percussionRender(this.state, this.bursts, out, from, to);
  }
}
