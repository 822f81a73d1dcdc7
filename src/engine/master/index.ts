/**
 * master/: stems → finished track at the target loudness.
 *
 *   Σ stems ─▶ DC check ─▶ glue curve ─▶ loudness gain (BS.1770-4) ─▶ true-peak limiter curve ─▶ ending fade
 *                 (every curve is computed on the mix, then the product is applied to the mix AND each stem)
 *
 * Tonal EQ (brightness, bass shelf, DC/subsonic high-pass) is linear and already applied per stem on the
 * render buses, where it commutes with the sum; here everything is gain, so stems sum back to the mix exactly.
 */
import { gainToDb } from "../dsp/filters.js";
import { integratedLoudness, kWeightedStepEnergies, loudnessWithGains } from "../dsp/loudness.js";
import { stepPeaks, truePeak, truePeakAbove } from "../dsp/true-peak.js";
import {
  ComposerError,
  type Lufs,
  type MasteredTrack,
  type RenderedStems,
  ROLES,
  type Role,
  type Score,
  type StereoBuffer,
} from "../types.js";
import { applyCurve, fadeCurve, glueCurve, limiterCurve, limiterScratch, STEP } from "./gain-curves.js";

export const DEFAULTS = {
  /**
   * Limiter ceiling by our 4× measure. ffmpeg's ebur128 (resampling to 192 kHz) reads bright, transient
   * material up to ~0.4 dB higher than a 4× sinc, so the margin under the −1 dBTP promise covers that.
   */
  ceilingDbtp: -1.7,
  /** The final check trims the whole master (mix and stems alike) if our measure still reads above this. */
  verifyDbtp: -1.6,
  glue: { ratio: 2, kneeDb: 6, attackSeconds: 0.015, releaseSeconds: 0.2, aboveLoudnessDb: 9 },
  loudnessIterations: 6,
} as const;

function isSilent(b: StereoBuffer): boolean {
  for (const ch of [b.left, b.right]) for (let i = 0; i < ch.length; i += 64) if (ch[i] !== 0) return false;
  for (const ch of [b.left, b.right]) for (let i = 0; i < ch.length; i++) if (ch[i] !== 0) return false;
  return true;
}

function sumStems(stems: StereoBuffer[], length: number, sampleRate: number): StereoBuffer {
  const mix = { sampleRate, left: new Float32Array(length), right: new Float32Array(length) };
  for (const s of stems) {
    for (const key of ["left", "right"] as const) {
      const out = mix[key];
      const x = s[key];
      for (let i = 0; i < length; i++) out[i]! += x[i]!;
    }
  }
  return mix;
}

function mean(x: Float32Array, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += x[i]!;
  return length > 0 ? sum / length : 0;
}

/**
 * The render buses high-pass every stem; this removes whatever constant offset a foreign source may still
 * carry, from each stem (so they keep summing to the mix) and from the mix.
 */
function removeDc(mix: StereoBuffer, stems: StereoBuffer[], length: number): void {
  for (const key of ["left", "right"] as const) {
    if (Math.abs(mean(mix[key], length)) <= 1e-5) continue;
    for (const b of [...stems, mix]) {
      const ch = b[key];
      const m = mean(ch, length);
      for (let i = 0; i < length; i++) ch[i]! -= m;
    }
  }
}

export function masterTrack(rendered: RenderedStems, score: Score, options: { lufs: Lufs }): MasteredTrack {
  const sampleRate = rendered.sampleRate;
  const target = options.lufs;
  if (!(target <= -5 && target >= -40)) {
    throw new ComposerError("INVALID_ARGUMENT", `lufs must be between -40 and -5, got: ${target}`);
  }
  const active = rendered.mix ? [] : ROLES.filter((r) => !isSilent(rendered.stems[r]));
  const length = rendered.mix?.left.length ?? rendered.stems.drums.left.length;
  const mix =
    rendered.mix ??
    sumStems(
      active.map((r) => rendered.stems[r]),
      length,
      sampleRate,
    );
  const targets: StereoBuffer[] = [mix, ...active.map((r: Role) => rendered.stems[r])];

  removeDc(mix, targets.slice(1), length);

  const steps = Math.ceil(length / STEP);
  const circular = score.loop !== null;
  const energy = kWeightedStepEnergies(mix, STEP);
  const rawLoudness = loudnessWithGains(energy, undefined, STEP, sampleRate);
  if (!Number.isFinite(rawLoudness)) {
    return {
      mix,
      stems: rendered.stems,
      integratedLufs: Number.NEGATIVE_INFINITY,
      truePeakDbtp: Number.NEGATIVE_INFINITY,
    };
  }
  // cheap sample peaks first, for the glue detector
  const samplePeaks = new Float32Array(steps);
  for (const ch of [mix.left, mix.right]) {
    for (let k = 0; k < steps; k++) {
      let m = samplePeaks[k]!;
      const end = Math.min(length, (k + 1) * STEP);
      for (let i = k * STEP; i < end; i++) {
        const v = Math.abs(ch[i]!);
        if (v > m) m = v;
      }
      samplePeaks[k] = m;
    }
  }
  const g = DEFAULTS.glue;
  const glue = glueCurve(
    samplePeaks,
    sampleRate,
    {
      thresholdDb: rawLoudness + g.aboveLoudnessDb,
      ratio: g.ratio,
      kneeDb: g.kneeDb,
      attackSeconds: g.attackSeconds,
      releaseSeconds: g.releaseSeconds,
    },
    circular,
  );
  const fade = fadeCurve(steps, sampleRate, score.ending, score.duration, circular);
  const pre = new Float32Array(steps);
  for (let k = 0; k < steps; k++) pre[k] = glue[k]! * fade[k]!;
  const glued = loudnessWithGains(energy, pre, STEP, sampleRate);
  let gain = 10 ** ((target - glued) / 20);
  const ceiling = 10 ** (DEFAULTS.ceilingDbtp / 20);
  // exact true peaks only where they could reach the ceiling with up to `headroom` more gain than assumed;
  // if the loudness search needs more, measure again with the new gain
  const headroom = 10 ** (1.5 / 20);
  const total = new Float32Array(steps);
  const scratch = limiterScratch(steps, sampleRate);
  const peaks = new Float32Array(steps);
  const thresholds = new Float64Array(steps);
  let assumed = 0;
  for (let round = 0; round < 4; round++) {
    if (gain > assumed * headroom || round === 0) {
      assumed = gain;
      peaks.fill(0);
      // the limiter only acts where peak · pre[k] · gain passes the ceiling, so each step needs exactness
      // only above its own reach (quiet or glued-down steps skip the interpolator)
      for (let k = 0; k < steps; k++) thresholds[k] = ceiling / (assumed * headroom * Math.max(pre[k]!, 1e-6));
      for (const ch of [mix.left, mix.right]) stepPeaks(ch, STEP, thresholds, peaks);
    } else break;
    for (let it = 0; it < DEFAULTS.loudnessIterations; it++) {
      const lim = limiterCurve(peaks, pre, gain, ceiling, sampleRate, circular, scratch);
      for (let k = 0; k < steps; k++) total[k] = pre[k]! * gain * lim[k]!;
      const loud = loudnessWithGains(energy, total, STEP, sampleRate);
      const miss = target - loud;
      if (Math.abs(miss) < 0.03) break;
      gain *= 10 ** (miss / 20);
    }
  }
  for (const b of targets) {
    applyCurve(b.left, total);
    applyCurve(b.right, total);
  }
  // verify on the finished mix; the approximations only ever leave a fraction of a dB to correct
  // Verify on the finished mix, interpolating only regions that could pass −2 dBTP (the limiter put the
  // loudest peaks just under the ceiling, so the maximum found there is the exact true peak).
  const reach = 10 ** ((DEFAULTS.verifyDbtp - 0.6) / 20);
  const found = truePeakAbove(mix, reach);
  let tp = found >= reach ? gainToDb(found) : truePeak(mix);
  if (tp > DEFAULTS.verifyDbtp) {
    const trim = 10 ** ((DEFAULTS.verifyDbtp - 0.05 - tp) / 20);
    for (const b of targets) {
      for (const ch of [b.left, b.right]) for (let i = 0; i < length; i++) ch[i]! *= trim;
    }
    tp += gainToDb(trim);
  }
  const integratedLufs = integratedLoudness(mix);
  return { mix, stems: rendered.stems, integratedLufs, truePeakDbtp: tp };
}
