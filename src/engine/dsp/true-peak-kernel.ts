/**
 * The hinted true-peak search (true-peak.ts stepPeaks) through the kernels (wasm/true-peak.ts), the same
 * arithmetic in the same order. The master runs it on a fresh process's first track, where the JavaScript
 * loop over every step would still be interpreted; the signal stays where it is, only the samples around the
 * steps the hint cannot decide are copied into the arena:
 *
 *   hint + thresholds ─▶ arena ─▶ truePeakCandidates ─▶ listed steps ─▶ runs ─▶ stage their samples ─▶ truePeakSteps
 */
import { wasmKernels } from "./kernels.js";
// (a type only: true-peak.ts calls this module, and nothing of it runs here)
import type { StepBounds } from "./true-peak.js";

/** The interpolator and its bounds, as true-peak.ts defines them. */
export interface TruePeakTaps {
  /** The taps folded by symmetry, 3 per pair of samples. */
  folded: Float64Array;
  /** The three phases' taps, one after another. */
  phases: Float64Array;
  tapGain: number;
  curveGain: number;
  edgeGain: number;
}

/** Samples staged at once: a longer run of listed steps is read in pieces. */
const PIECE_SAMPLES = 1 << 15;

/**
 * The most the search takes of the arena: a piece of up to ~5 minutes at 44.1 kHz. A longer one's search runs
 * in JavaScript (its master is not the slow part, and its memory is at the limit: the arena's pages, once
 * written, stay resident).
 */
export const TRUE_PEAK_ARENA_BYTES = 8 * 1024 * 1024;

/**
 * stepPeaks(x, step, threshold, out, from, to, hint) through the kernels; false (nothing done) where they do not
 * run, the thresholds are not Float32, the hint does not cover the signal, or the piece is too long for the
 * arena (see TRUE_PEAK_ARENA_BYTES).
 */
export function stepPeaksThroughKernel(
  x: Float32Array,
  step: number,
  threshold: number | Float32Array | Float64Array,
  out: Float32Array,
  from: number,
  to: number,
  hint: StepBounds,
  taps: TruePeakTaps,
): boolean {
  const wasm = wasmKernels();
  const n = x.length;
  const steps = Math.ceil(n / step);
  const perStep = typeof threshold === "number" ? undefined : threshold;
  const covered = (a: Float32Array | Float64Array | undefined) => !a || a.length >= steps;
  if (!wasm || (perStep && !(perStep instanceof Float32Array)) || to <= from) return false;
  if (!covered(hint.peaks) || !covered(hint.curvature) || !covered(perStep) || out.length < steps) return false;
  const { arena, kernels } = wasm;
  const arrays = 3 + (hint.curvature ? 1 : 0) + (perStep ? 1 : 0);
  const bytes = 4 * steps * arrays + 8 * (taps.folded.length + taps.phases.length) + 4 * PIECE_SAMPLES + 8 * 16;
  if (bytes > TRUE_PEAK_ARENA_BYTES || arena.room() < bytes) return false;
  const mark = arena.mark();
  try {
    const inArena = (a: Float32Array) => {
      const v = arena.f32(steps, false);
      v.set(a.subarray(0, steps));
      return v;
    };
    const peaks = inArena(hint.peaks);
    const curvature = hint.curvature ? inArena(hint.curvature) : undefined;
    const thresholds = perStep ? inArena(perStep) : undefined;
    const found = inArena(out);
    const fixed = typeof threshold === "number" ? threshold : 0;
    const listed = arena.i32(to - from);
    kernels.truePeakGains(taps.tapGain, taps.curveGain, taps.edgeGain);
    const count = kernels.truePeakCandidates(
      peaks.byteOffset,
      curvature ? curvature.byteOffset : 0,
      thresholds ? thresholds.byteOffset : 0,
      fixed,
      from,
      to,
      steps,
      step,
      n,
      found.byteOffset,
      listed.byteOffset,
    );
    const folded = arena.f64(taps.folded.length);
    folded.set(taps.folded);
    const phases = arena.f64(taps.phases.length);
    phases.set(taps.phases);
    const piece = arena.f32(PIECE_SAMPLES, false);
    // a run reads one step either side and a sample past those: its samples fit a piece up to this many steps
    const longest = Math.max(1, Math.floor((PIECE_SAMPLES - 2) / step) - 2);
    for (let j = 0; j < count; ) {
      const first = listed[j]!;
      let end = first + 1;
      for (j++; j < count && listed[j] === end && end - first < longest; j++) end++;
      const lo = Math.max(0, (first - 1) * step - 1);
      const hi = Math.min(n, (end + 1) * step + 1);
      piece.set(x.subarray(lo, hi));
      kernels.truePeakSteps(
        piece.byteOffset,
        lo,
        n,
        first,
        end,
        steps,
        step,
        thresholds ? thresholds.byteOffset : 0,
        fixed,
        folded.byteOffset,
        phases.byteOffset,
        found.byteOffset,
      );
    }
    out.set(found);
    return true;
  } finally {
    arena.release(mark);
  }
}
