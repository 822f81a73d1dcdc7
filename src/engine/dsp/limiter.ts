/**
 * The look-ahead peak limiter as a gain curve at control rate (one value per step, linearly interpolated
 * toward the next step's when applied): the master's true-peak limiter and the lossy encoders' peak guard. On step peaks: the gain needed so
 * peak·pre·gain ≤ ceiling, then a min over the look-ahead followed by a moving average of the same length
 * (never above the need at any step, and with no instant jumps), then an exponential release.
 */
import { wasmKernels } from "./kernels.js";

export interface LimiterScratch {
  /** The gain each step needs, then (in place) bounded by its neighbour's. */
  need: Float32Array;
  mins: Float32Array;
  out: Float32Array;
  /** Where the kernel runs: the step peaks and pre-gains copied beside the rest. */
  kernel?: { peaks: Float32Array; pre: Float32Array };
}

/**
 * The most the limiter's arrays take of the arena: a piece of up to ~6 minutes at 48 kHz. A longer one's curve
 * runs in JavaScript on arrays of its own (its master is not the slow part, and its memory is at the limit).
 */
export const KERNEL_SCRATCH_BYTES = 8 * 1024 * 1024;

/**
 * Working arrays for `limiterCurve`, allocated once per master (a 10-minute piece has 1.6 M steps). With
 * `inArena`, in this thread's kernel arena where there is room (the kernel then runs the curve): the caller
 * owns that stretch of the arena and frees it after (the master does, when it returns).
 */
export function limiterScratch(steps: number, sampleRate: number, step: number, inArena = false): LimiterScratch {
  const look = Math.max(2, Math.round((0.003 * sampleRate) / step));
  const arena = inArena ? wasmKernels()?.arena : undefined;
  const bytes = 4 * (5 * steps + look) + 5 * 16;
  if (arena && steps > 0 && bytes <= KERNEL_SCRATCH_BYTES && arena.room() > bytes) {
    return {
      need: arena.f32(steps, false),
      mins: arena.f32(steps + look, false),
      out: arena.f32(steps, false),
      kernel: { peaks: arena.f32(steps, false), pre: arena.f32(steps, false) },
    };
  }
  return {
    need: new Float32Array(steps),
    mins: new Float32Array(steps + look),
    out: new Float32Array(steps),
  };
}

/**
 * (Each pass is a function of its own: optimised mid-loop on the first call, one long function had no type
 * feedback for the passes after its first loop and fell back to the interpreter there, over and over.)
 */
export function limiterCurve(
  peaks: Float32Array,
  pre: Float32Array,
  staticGain: number,
  ceiling: number,
  sampleRate: number,
  circular: boolean,
  /** Samples per curve step. */
  step: number,
  scratch: LimiterScratch = limiterScratch(peaks.length, sampleRate, step),
): Float32Array {
  const n = peaks.length;
  const look = Math.max(2, Math.round((0.003 * sampleRate) / step));
  const release = Math.exp(-step / (0.12 * sampleRate));
  const k = scratch.kernel;
  const wasm = k && n > 0 && k.peaks.length === n ? wasmKernels() : undefined;
  if (wasm && k) {
    // the same three passes through the kernel (wasm/kernels.ts limiterCurve), on copies in the arena
    k.peaks.set(peaks);
    k.pre.set(pre);
    const { need, mins, out } = scratch;
    wasm.kernels.limiterCurve(
      k.peaks.byteOffset,
      k.pre.byteOffset,
      n,
      staticGain,
      ceiling,
      look,
      release,
      circular,
      need.byteOffset,
      mins.byteOffset,
      out.byteOffset,
    );
    return out;
  }
  const bound = neededGains(peaks, pre, staticGain, ceiling, circular, scratch.need);
  lookAheadMins(bound, n, look, circular, scratch.mins);
  return smoothed(scratch.mins, bound, n, look, release, circular, scratch.out);
}

/** The gain each step needs, bounded by its neighbour's (a step's gain is interpolated toward the next one). */
function neededGains(
  peaks: Float32Array,
  pre: Float32Array,
  staticGain: number,
  ceiling: number,
  circular: boolean,
  need: Float32Array,
): Float32Array {
  const n = peaks.length;
  for (let k = 0; k < n; k++) {
    const p = peaks[k]! * pre[k]! * staticGain;
    need[k] = p > ceiling ? ceiling / p : 1;
  }
  // bound both sides (in place, from the end)
  const wrap = circular ? need[n - 1]! : 1;
  for (let k = n - 1; k > 0; k--) need[k] = Math.min(need[k - 1]!, need[k]!);
  if (n > 0) need[0] = Math.min(wrap, need[0]!);
  return need;
}

/** mins[k + look] = the least bound over steps k .. k+look−1 (wrapping for a loop, else 1 outside). */
function lookAheadMins(bound: Float32Array, n: number, look: number, circular: boolean, mins: Float32Array): void {
  for (let k = -look; k < n; k++) {
    let m = 1;
    if (k >= 0 && k + look <= n) {
      for (let j = k; j < k + look; j++) m = Math.min(m, bound[j]!);
    } else {
      for (let j = k; j < k + look; j++) {
        m = Math.min(m, j >= 0 && j < n ? bound[j]! : circular ? bound[((j % n) + n) % n]! : 1);
      }
    }
    mins[k + look] = m;
  }
}

/** The moving average of the mins (never above the bound), then the exponential release. */
function smoothed(
  mins: Float32Array,
  bound: Float32Array,
  n: number,
  look: number,
  release: number,
  circular: boolean,
  out: Float32Array,
): Float32Array {
  let g = 1;
  for (let pass = 0; pass < (circular ? 2 : 1); pass++) {
    // the window before step 0 (mins[0 .. look−1]); each step then slides it by one
    let sum = 0;
    for (let j = 0; j < look; j++) sum += mins[j]!;
    for (let k = 0; k < n; k++) {
      // window of mins for steps k-look+1 .. k
      sum += mins[k + look]! - mins[k]!;
      const smooth = Math.min(sum / look, bound[k]!);
      g = Math.min(smooth, 1 - (1 - g) * release);
      out[k] = g;
    }
  }
  return out;
}
