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
import { wasmKernels } from "../dsp/kernels.js";
import { limiterCurve, limiterScratch } from "../dsp/limiter.js";
import type { CurveHelpers } from "../dsp/signal-passes.js";
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
import { fadeCurve, glueCurve, STEP } from "./gain-curves.js";
import { type Analysis, analyse, finish, fromPremix } from "./passes.js";
import { finishedCurvature, finishedTruePeak, stereoStepPeaks } from "./verify.js";

export const DEFAULTS = {
  /**
   * Limiter ceiling by our 4× measure. ffmpeg's ebur128 (resampling to 192 kHz) reads bright, transient
   * material up to ~0.4 dB higher than a 4× sinc, so the margin under the −1 dBTP promise covers that.
   */
  ceilingDbtp: -1.7,
  /** The final check trims the whole master (mix and stems alike) if our measure still reads above this. */
  verifyDbtp: -1.6,
  /**
   * Largest sample a stem may reach. The gain curve comes from the mix, where a kick and an 808 can partly
   * cancel, so a stem can peak above the mix: the limiter also holds every stem under this.
   */
  stemCeilingDbfs: -0.3,
  glue: { ratio: 2, kneeDb: 6, attackSeconds: 0.015, releaseSeconds: 0.2, aboveLoudnessDb: 9 },
  loudnessIterations: 6,
} as const;

/** peaks[k] = max(peaks[k], stems[k] · scale): stems reach their ceiling where the mix reaches its own. */
function withStems(peaks: Float32Array, stems: Float32Array | undefined, scale: number): Float32Array {
  if (!stems) return peaks;
  // (a store on every step, as in stereoStepPeaks)
  for (let k = 0; k < peaks.length; k++) {
    const s = stems[k]! * scale;
    const p = peaks[k]!;
    // biome-ignore lint/complexity/useMathMinMax: a NaN must leave the peak as it was, as the comparison did
    peaks[k] = s > p ? s : p;
  }
  return peaks;
}

/**
 * total[k] = pre[k] · g · lim[k]. (A function of its own: optimised mid-loop on its first call, the loudness
 * search's closure had no type feedback for what follows the loop and fell back to the interpreter there.)
 */
function productInto(total: Float32Array, pre: Float32Array, g: number, lim: Float32Array): void {
  for (let k = 0; k < total.length; k++) total[k] = pre[k]! * g * lim[k]!;
}

/** thresholds[k] = ceiling / (reach · pre[k]): the least peak at step k the limiter could act on. */
function reachThresholds(thresholds: Float32Array, pre: Float32Array, ceiling: number, reach: number): void {
  for (let k = 0; k < thresholds.length; k++) thresholds[k] = ceiling / (reach * Math.max(pre[k]!, 1e-6));
}

/** A bound on the finished stems' peaks: the gain ramps between neighbouring steps. */
function stemPeakBound(stemPeaks: Float32Array, total: Float32Array): number {
  let bound = 0;
  const last = total.length - 1;
  for (let k = 0; k <= last; k++) {
    // (the ends tested, not read past: a read out of bounds threw the optimised loop back to the interpreter)
    const g = Math.max(total[k]!, k > 0 ? total[k - 1]! : 0, k < last ? total[k + 1]! : 0);
    bound = Math.max(bound, stemPeaks[k]! * g);
  }
  return bound;
}

function scaleBy(b: StereoBuffer, scale: number, length: number): void {
  for (const ch of [b.left, b.right]) for (let i = 0; i < length; i++) ch[i]! *= scale;
}

/**
 * The loudness search: the gain that brings the limited master to the target, and `total`, the gain curve
 * (pre · gain · limiter) for it. A class, not closures in masterTrack: its methods stay compiled from one
 * render to the next.
 *
 * Steps on the gain in dB: the miss divided by the measured slope of loudness against gain (the limiter
 * flattens it), the slope held to [0.5, 1] so a step is at most twice the miss. Where more gain no longer
 * adds loudness (a target beyond what the limiter allows) the search stops; it always ends on the best gain
 * it measured, with `total` for that gain. A search on true peaks also stops once the gain leaves the range
 * they were measured for (`limit`); the caller measures again.
 */
class GainSearch {
  readonly total: Float32Array;
  private readonly scratch: ReturnType<typeof limiterScratch>;

  constructor(
    private readonly loudness: Analysis["loudness"],
    private readonly pre: Float32Array,
    steps: number,
    public gain: number,
    private readonly target: number,
    private readonly ceiling: number,
    private readonly sampleRate: number,
    private readonly circular: boolean,
  ) {
    this.total = new Float32Array(steps);
    this.scratch = limiterScratch(steps, sampleRate, STEP, true);
  }

  /** Loudness of the master limited on `peaks` at gain `g`, leaving its curve in `total`. */
  private curveAt(peaks: Float32Array, g: number): number {
    const { pre, total } = this;
    const lim = limiterCurve(peaks, pre, g, this.ceiling, this.sampleRate, this.circular, STEP, this.scratch);
    productInto(total, pre, g, lim);
    return this.loudness.loudness(total);
  }

  run(peaks: Float32Array, tolerance: number, limit = Number.POSITIVE_INFINITY): void {
    const target = this.target;
    let gain = this.gain;
    let prevDb = Number.NaN;
    let prevLoud = Number.NaN;
    let best = { gain, miss: Number.POSITIVE_INFINITY };
    let last = gain;
    for (let it = 0; it < DEFAULTS.loudnessIterations; it++) {
      last = gain;
      const loud = this.curveAt(peaks, gain);
      const miss = target - loud;
      if (Math.abs(miss) < Math.abs(best.miss)) best = { gain, miss };
      if (Math.abs(miss) < tolerance || gain > limit) break;
      const db = gainToDb(gain);
      const slope = Math.abs(db - prevDb) > 0.01 ? (loud - prevLoud) / (db - prevDb) : 1;
      if (slope < 0.05) break; // more gain stopped making it louder
      prevDb = db;
      prevLoud = loud;
      gain *= 10 ** (miss / Math.min(1, Math.max(0.5, slope)) / 20);
    }
    this.gain = best.gain;
    if (best.gain !== last) this.curveAt(peaks, this.gain);
  }
}

function isSilent(b: StereoBuffer): boolean {
  const { left, right } = b;
  for (let i = 0; i < left.length; i += 64) if (left[i] !== 0 || right[i] !== 0) return false;
  for (let i = 0; i < left.length; i++) if (left[i] !== 0 || right[i] !== 0) return false;
  return true;
}

/**
 * The render buses high-pass every stem; a channel whose mix still carries a constant offset (a foreign
 * source) has it removed from each stem — its own mean, so they keep summing to the mix — and so from the mix.
 */
function dcOffsets(means: Analysis["means"]): Analysis["means"] {
  const keep = means.mix.map((m) => Math.abs(m) > 1e-5);
  const pick = (m: [number, number]): [number, number] => [keep[0] ? m[0] : 0, keep[1] ? m[1] : 0];
  return { mix: pick(means.mix), stems: means.stems.map(pick) };
}

export interface MasterOptions {
  lufs: Lufs;
  /** Threads that finish the stems while this one finishes the mix (the render's idle workers). */
  helpers?: CurveHelpers | undefined;
}

/**
 * Masters the render in place. What the master takes from this thread's kernel arena (the limiter's arrays,
 * the loudness meter's copies) is given back when it returns, or throws.
 */
export function masterTrack(rendered: RenderedStems, score: Score, options: MasterOptions): MasteredTrack {
  const arena = wasmKernels()?.arena;
  const mark = arena?.mark();
  try {
    return masterInPlace(rendered, score, options);
  } finally {
    if (mark !== undefined) arena?.release(mark);
  }
}

function masterInPlace(rendered: RenderedStems, score: Score, options: MasterOptions): MasteredTrack {
  const sampleRate = rendered.sampleRate;
  const target = options.lufs;
  if (!(target <= -5 && target >= -40)) {
    throw new ComposerError("INVALID_ARGUMENT", `lufs must be between -40 and -5, got: ${target}`);
  }
  const length = rendered.mix?.left.length ?? rendered.stems.drums.left.length;
  // The render measured the stems of the roles that have parts (the others are zeros it never wrote), so those
  // are the ones to finish; a stem of another source is read for sound. (A measured stem that came out silent
  // is finished all the same: zeros stay zeros.)
  const measured = rendered.mix && rendered.analysis ? rendered.analysis.stemRoles : undefined;
  const sounds = (r: Role) => (measured ? measured.includes(r) : !isSilent(rendered.stems[r]));
  const active = ROLES.filter((r) => rendered.stems[r].left.length === length && sounds(r));
  const mix = rendered.mix ?? { sampleRate, left: new Float32Array(length), right: new Float32Array(length) };
  const stems = active.map((r: Role) => rendered.stems[r]);

  // Measured on the mix as summed (by the renderer while it rendered, when it did); the DC offset (when there
  // is one) comes off in the finishing pass. An offset over 1e-5 moves a step's peak by at most that much and
  // the K-weighted energy not measurably (the weighting's high-pass blocks DC), and the final true-peak check
  // reads the finished mix.
  const analysis =
    rendered.mix && rendered.analysis
      ? fromPremix(rendered.analysis, length, sampleRate, active)
      : analyse(mix, stems, active, length);
  // the audio is mastered in place below: the render's measures no longer describe it
  delete rendered.analysis;
  const { samplePeaks, curvature, loudness, means } = analysis;
  // the loudness search measures through the kernel, on copies in the arena masterTrack gives back
  loudness.useArena();
  const offsets = dcOffsets(means);

  const steps = Math.ceil(length / STEP);
  const circular = score.loop !== null;
  const rawLoudness = loudness.loudness();
  if (!Number.isFinite(rawLoudness)) {
    return {
      mix,
      stems: rendered.stems,
      integratedLufs: Number.NEGATIVE_INFINITY,
      truePeakDbtp: Number.NEGATIVE_INFINITY,
    };
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
  // glue × fade, in the glue's array (a 10-minute piece has 0.8 M steps per curve)
  const pre = fadeCurve(steps, sampleRate, score.ending, score.duration, circular, glue);
  const gain = 10 ** ((target - loudness.loudness(pre)) / 20);
  const ceiling = 10 ** (DEFAULTS.ceilingDbtp / 20);
  const stemCeiling = 10 ** (DEFAULTS.stemCeilingDbfs / 20);
  const stemPeaks = stems.length > 0 ? analysis.stemPeaks : undefined;
  const stemScale = ceiling / stemCeiling;
  const search = new GainSearch(loudness, pre, steps, gain, target, ceiling, sampleRate, circular);
  const total = search.total;
  // First a loudness search limiting on sample peaks (a lower bound of the true peaks, free to have): its
  // gain is close to the final one, so the true peaks below are measured once in most pieces.
  search.run(withStems(Float32Array.from(samplePeaks), stemPeaks, stemScale), 0.1);
  // Exact true peaks only where they could reach the ceiling with up to `headroom` more gain than assumed;
  // if the loudness search needs more, measure again with the new gain.
  const headroom = 10 ** (1.5 / 20);
  const peaks = new Float32Array(steps);
  // (shared: a helper thread may search the right channel)
  const thresholds = new Float32Array(new SharedArrayBuffer(4 * steps));
  let assumed = 0;
  for (let round = 0; round < 4; round++) {
    if (search.gain > assumed * headroom || round === 0) {
      assumed = search.gain;
      peaks.fill(0);
      // the limiter only acts where peak · pre[k] · gain passes the ceiling, so each step needs exactness
      // only above its own reach (quiet or glued-down steps skip the interpolator)
      reachThresholds(thresholds, pre, ceiling, assumed * headroom);
      stereoStepPeaks(mix, thresholds, peaks, { peaks: samplePeaks, curvature }, options.helpers);
      withStems(peaks, stemPeaks, stemScale);
    } else break;
    search.run(peaks, 0.03, assumed * headroom);
  }
  // the meter reads its own moments again (masterTrack gives the arena back)
  loudness.leaveArena();
  // Verify on the finished mix: exact, reading only the steps that could hold its true peak.
  // a bound on the finished stems' peaks (the gain ramps between neighbouring steps), read before the finishing
  // pass reuses the curve
  const stemBound = stemPeaks ? stemPeakBound(stemPeaks, total) : 0;
  const finished = finish(mix, stems, offsets, total, length, options.helpers);
  const offset = Math.max(Math.abs(offsets.mix[0]), Math.abs(offsets.mix[1]));
  let tp = finishedTruePeak(
    mix,
    { peaks: finished.peaks, curvature: finishedCurvature(samplePeaks, curvature, total, offset) },
    options.helpers,
    finished.mixPeak,
  );
  // the final checks can only trim the whole master, mix and stems alike: both decide one gain, applied once
  let scale = 1;
  if (tp > DEFAULTS.verifyDbtp) scale = 10 ** ((DEFAULTS.verifyDbtp - 0.05 - tp) / 20);
  // the limiter works on step peaks ahead of a smoothed curve: make sure no stem sample passes its ceiling
  if (stemPeaks && stemBound * scale > stemCeiling) {
    const reached = finished.stemPeak * scale;
    if (reached > stemCeiling) scale *= stemCeiling / reached;
  }
  if (scale !== 1) {
    for (const b of [mix, ...stems]) scaleBy(b, scale, length);
    tp += gainToDb(scale);
  }
  const integratedLufs = finished.loudness.loudness(undefined, scale);
  return { mix, stems: rendered.stems, integratedLufs, truePeakDbtp: tp };
}
