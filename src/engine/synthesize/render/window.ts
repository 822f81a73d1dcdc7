/**
 * Renders every part of a score over one time window into per-role stereo buses (or one mix bus).
 * Windows let two workers split a piece in time: each starts a few seconds early (notes that began
 * before join mid-way) so reverbs, delays and compressors arrive in the same state, and only the window's
 * own samples are written — the halves join without a seam.
 *
 *   parts (stored notes, EQ baked in) ─┬─ pan ─────────────────────────────────▶ Σ dry ─┐
 *                                      ├─ × send ─▶ Σ all roles ─▶ shared reverb ─ × role share ─▶ + ─▶ duck ─▶ out
 *                                      ├─ × send ─▶ ping-pong delay (one per role) ───────────▶ ┤
 *                                      └─ × width ─▶ chorus (one per role) ─▶ ±side ──────────▶ ┘
 *
 * One reverb serves every role (it is the costliest effect); its wet signal is attributed to the roles in
 * proportion to the energy each has fed the tank, decayed at the tank's own RT60 — a model of whose sound is
 * still ringing. The shares sum to one, so the stems still sum exactly to the mix. The finished blocks are
 * measured for mastering as they are written (dsp/mix-analysis.ts), so the master need not read them again.
 */
import { isMainThread } from "node:worker_threads";
import { blockBuffer, wasmKernels } from "../../dsp/kernels.js";
import { MixAnalyser } from "../../dsp/mix-analysis.js";
import { type PremixAnalysis, ROLES, type Role } from "../../types.js";
import { mixStyle } from "../mix/styles.js";
import { addMid, addMono, addScaled, addStereo, roleBlockStats, SILENT_BLOCK, writeRole } from "./bus-math.js";
import { type RoleBus, reverbFor, roleBuses } from "./buses.js";
import { duckCurve, kickTimes } from "./duck.js";
import type { MixScope } from "./mix-setup.js";
import { bankInArena } from "./note-bank.js";
import { BLOCK } from "./part.js";
import { NoteStore, type StoredNote } from "./rendered-notes.js";
import type { SpillWriter } from "./spill.js";

/** The longest a window starts early: beyond every style's reverb and delay tails. */
export const PREROLL_SECONDS = 6;

/**
 * How early a window must start for its reverb, delay and compressors to arrive in the state an unsplit render
 * would have: the reverb's RT60 or the delay's repeats to −60 dB, whichever is longer, plus half a second.
 */
export function prerollSeconds(score: WindowJob["score"]): number {
  const style = mixStyle(score.style);
  const space = Math.max(-1, Math.min(1, score.mix.space));
  const reverb = style.reverb.decaySeconds * (1 + 0.3 * space);
  const fb = Math.min(0.9, Math.max(1e-3, style.delay.feedback));
  const delay = ((60 / score.bpm) * style.delay.beats * Math.log(1e-3)) / Math.log(fb);
  return Math.min(PREROLL_SECONDS, Math.max(reverb, delay) + 0.5);
}

export interface WindowTarget {
  /** Per-role outputs, or one `mix` output every role adds into. */
  outputs: Partial<Record<Role, { left: Float32Array; right: Float32Array }>>;
  mix?: { left: Float32Array; right: Float32Array };
  /** Instead of `outputs` and `mix`: the planes of a scratch file on disk, closed when the window ends. */
  spill?: SpillWriter;
}

export interface WindowJob extends MixScope {
  /** Window in samples, absolute: [start, end). */
  start: number;
  end: number;
  /** Notes already synthesised (by the note-bank workers), by key. */
  bank?: ReadonlyMap<string, StoredNote>;
  /** The banked notes' K-weighted energies, by key (the stem balance is measured from them). */
  energies?: ReadonlyMap<string, number>;
  /** Measure the mix for mastering into these (shared) arrays: the piece is `length` samples long. */
  analysis?: { data: PremixAnalysis; length: number } | undefined;
  onProgress?: (fraction: number) => void;
  shouldStop?: () => boolean;
}

/** What a window's analyser leaves for the caller to merge (see dsp/mix-analysis.ts). */
export interface WindowSummary {
  recordFrom: number;
  sums: number[];
}

/** How long before its window the mix is measured: the K-weighting filters settle well within it. */
const ANALYSIS_PRIMING_SECONDS = 0.25;

export function renderWindow(job: WindowJob, target: WindowTarget): WindowSummary | undefined {
  const spill = target.spill;
  // the window's blocks come from the thread's arena, given back when it ends
  const arena = wasmKernels()?.arena;
  const mark = arena?.mark() ?? 0;
  let rendered = false;
  try {
    // A worker copies the bank to play it through the kernels. A long piece (written to disk) keeps that memory
    // for its mix, and the main thread (a server's) for good: their notes play from the shared bank.
    const bank = arena && job.bank && !spill && !isMainThread ? bankInArena(job.bank, arena) : undefined;
    const summary = renderBlocks(bank ? { ...job, bank } : job, target);
    rendered = true;
    return summary;
  } finally {
    arena?.release(mark);
    // what a failed window gathered is not written (the render fails with it)
    spill?.close(rendered);
  }
}

function renderBlocks(job: WindowJob, target: WindowTarget): WindowSummary | undefined {
  const { score, sampleRate: sr } = job;
  const store = new NoteStore(undefined, job.bank);
  const buses = roleBuses(job, store);
  // on the global block grid, so block-rate state (reverb half-rate phase, wet shares) matches an unsplit render
  const renderStart = Math.max(0, Math.floor((job.start - Math.round(prerollSeconds(score) * sr)) / BLOCK) * BLOCK);
  for (const bus of buses) for (const p of bus.parts) p.renderer.seek(renderStart);
  if (job.analysis && job.start % BLOCK !== 0)
    throw new Error(`a measured window starts on the block grid, not at ${job.start}`);
  const pass = new WindowPass(job, target, buses);
  const total = job.end - renderStart;
  let blocks = 0;
  for (let t = renderStart; t < job.end; t += BLOCK) {
    const n = Math.min(BLOCK, job.end - t);
    pass.block(t, n);
    if (++blocks % 64 === 0) {
      job.onProgress?.(Math.min(1, (t + n - renderStart) / total));
      if (job.shouldStop?.()) return undefined;
    }
  }
  job.onProgress?.(1);
  return pass.analyser ? { recordFrom: job.start, sums: Array.from(pass.analyser.sums) } : undefined;
}

/**
 * A window's mixing state and its block. A class rather than closures in renderBlocks: its methods are compiled
 * once for every window and render, where a closure per window, or one long loop compiled on the stack, had the
 * engine compile them again in the first renders of a process.
 */
class WindowPass {
  /** The shared reverb and how much of a role's sent energy is still ringing after a block. */
  private readonly tank: ReturnType<typeof reverbFor>;
  private readonly kicks: Int32Array;
  readonly analyser: MixAnalyser | undefined;
  /** Each role's slot in the measures' sums (−1: not a measured stem); typed, one kind of array every window. */
  private readonly slots: Int32Array;
  private readonly stats = roleBlockStats(BLOCK);
  private readonly stemSums: Float64Array;
  /** The mix is measured from a little before the window (its filters then arrive settled). */
  private readonly finishFrom: number;
  private readonly tankL = blockBuffer(BLOCK);
  private readonly tankR = blockBuffer(BLOCK);
  private readonly mixL = blockBuffer(BLOCK);
  private readonly mixR = blockBuffer(BLOCK);
  private readonly duck = blockBuffer(BLOCK);
  private readonly wetL = blockBuffer(BLOCK);
  private readonly wetR = blockBuffer(BLOCK);

  constructor(
    private readonly job: WindowJob,
    private readonly target: WindowTarget,
    private readonly buses: readonly RoleBus[],
  ) {
    const { score, sampleRate: sr } = job;
    this.tank = buses.some((b) => b.parts.some((p) => p.send > 0)) ? reverbFor(job) : undefined;
    this.kicks = mixStyle(score.style).pump > 0 ? kickTimes(score, sr) : new Int32Array(0);
    const measure = job.analysis;
    this.analyser = measure ? new MixAnalyser(measure.data, measure.length, sr, job.start) : undefined;
    this.slots = Int32Array.from(buses, (bus) => measure?.data.stemRoles.indexOf(bus.role) ?? -1);
    this.stemSums = new Float64Array(2 * (measure?.data.stemRoles.length ?? 0));
    this.finishFrom = this.analyser ? job.start - Math.round(ANALYSIS_PRIMING_SECONDS * sr) : job.start;
  }

  /**
   * Every part of a role into its dry pair, the reverb's input, and its delay and width inputs; then its delay
   * and width. The energy a role sends is summed part by part (cross terms between parts are left out: it only
   * apportions the shared reverb's wet signal among the stems).
   */
  private mixRole(bus: RoleBus, t: number, n: number): void {
    const { dryL, dryR, delayIn, widthIn } = bus;
    const { tank, tankL, tankR } = this;
    dryL.fill(0, 0, n);
    dryR.fill(0, 0, n);
    if (bus.delay) delayIn.fill(0, 0, n);
    if (bus.chorus) widthIn.fill(0, 0, n);
    let energy = 0;
    let widthSounds = false;
    for (const p of bus.parts) {
      const part = p.renderer;
      if (!part.sounds(t, n)) continue;
      part.render(t, n);
      const send = tank ? p.send : 0;
      if (part.stereoOut) {
        energy += addStereo(part.left, part.right, n, send, dryL, dryR, tankL, tankR);
        if (p.delaySend > 0 && bus.delay) addMid(delayIn, part.left, part.right, p.delaySend, n);
      } else {
        energy += addMono(part.left, n, part.gainL, part.gainR, send, dryL, dryR, tankL, tankR);
        if (p.delaySend > 0 && bus.delay) {
          addScaled(delayIn, part.left, (p.delaySend * (part.gainL + part.gainR)) / 2, n);
        }
        if (part.width > 0) {
          addScaled(widthIn, part.left, part.width, n);
          widthSounds = true;
        }
      }
    }
    // the delay and chorus keep running while their role is quiet, so their tails and state stay continuous
    if (bus.delay) bus.delay.process(delayIn, delayIn, dryL, dryR, 0, n);
    if (bus.chorus) bus.chorus.process(widthIn, n, t, dryL, dryR, !widthSounds);
    bus.tankEnergy = tank ? bus.tankEnergy * tank.decayPerBlock + energy : 0;
  }

  /** Samples [t, t + n) of every role, the reverb, the finished role blocks and their sum, measured. */
  block(t: number, n: number): void {
    const { job, buses, tank, tankL, tankR, wetL, wetR, mixL, mixR, duck, stats, stemSums, analyser } = this;
    const hasDuck = this.kicks.length > 0 && duckCurve(this.kicks, t, n, job.sampleRate, job.score.bpm, duck);
    tankL.fill(0, 0, n);
    tankR.fill(0, 0, n);
    for (const bus of buses) this.mixRole(bus, t, n);
    if (tank) {
      wetL.fill(0, 0, n);
      wetR.fill(0, 0, n);
      tank.reverb.process(tankL, tankR, wetL, wetR, 0, n);
    }
    let energy = 0;
    for (const bus of buses) energy += bus.tankEnergy;
    const finish = t + n > this.finishFrom;
    if (finish) {
      mixL.fill(0, 0, n);
      mixR.fill(0, 0, n);
      stats.peaks.fill(0);
      stemSums.fill(0);
    }
    for (let j = 0; j < buses.length; j++) {
      const bus = buses[j]!;
      const share = energy > 1e-30 ? bus.tankEnergy / energy : 1 / buses.length;
      const share0 = bus.share;
      bus.share = share;
      if (!finish) continue;
      const wet = tank !== undefined;
      const ducked = hasDuck && bus.duck > 0;
      writeRole(
        bus.dryL,
        bus.dryR,
        wet ? wetL : SILENT_BLOCK,
        wet ? wetR : SILENT_BLOCK,
        share0,
        share,
        ducked ? duck : SILENT_BLOCK,
        ducked ? bus.duck : 0,
        bus.gain,
        bus.side,
        n,
        bus.outL,
        bus.outR,
        mixL,
        mixR,
        stats,
      );
      const slot = this.slots[j]!;
      if (slot >= 0) {
        stemSums[2 * slot]! += stats.sums[0]!;
        stemSums[2 * slot + 1]! += stats.sums[1]!;
      }
    }
    if (finish && t + n > job.start) writeBlock(buses, this.target, t, n, Math.max(0, job.start - t), mixL, mixR);
    const measure = job.analysis;
    if (analyser && measure && finish && t < measure.length) {
      const to = Math.min(t + n, measure.length);
      analyser.add(mixL, mixR, [], t, to, t);
      if (stemSums.length > 0) analyser.addStemMeasures(stats.peaks, stemSums, t, to);
    }
  }
}

/** The finished role blocks and their sum to the outputs, from sample `from` of the block (the window's own). */
function writeBlock(
  buses: readonly RoleBus[],
  target: WindowTarget,
  t: number,
  n: number,
  from: number,
  mixL: Float32Array,
  mixR: Float32Array,
): void {
  const spill = target.spill;
  if (spill) {
    for (const bus of buses) {
      const p = spill.planeOf(bus.role);
      if (p < 0) continue;
      spill.put(p, bus.outL, t, from, n);
      spill.put(p + 1, bus.outR, t, from, n);
    }
    const p = spill.planeOf("mix");
    if (p >= 0) {
      spill.put(p, mixL, t, from, n);
      spill.put(p + 1, mixR, t, from, n);
    }
    return;
  }
  for (const bus of buses) {
    const out = target.outputs[bus.role];
    if (!out) continue;
    put(out.left, bus.outL, t, from, n);
    put(out.right, bus.outR, t, from, n);
  }
  if (target.mix) {
    put(target.mix.left, mixL, t, from, n);
    put(target.mix.right, mixR, t, from, n);
  }
}

/**
 * Samples [from, n) of a block into `dst` at t + from. A whole block is copied without a view (a view per
 * block and channel, or a closure per block, would feed the garbage collector).
 */
function put(dst: Float32Array, src: Float32Array, t: number, from: number, n: number): void {
  if (from === 0 && n === BLOCK) dst.set(src, t);
  else dst.set(src.subarray(from, n), t + from);
}

export { ROLES };
