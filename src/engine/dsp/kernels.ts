/**
 * WebAssembly SIMD kernels for the render's per-sample loops (source: wasm/, entry wasm/kernels.ts) and the
 * block arena their buffers live in: one fixed linear memory per thread, handed out as Float32Array views, so
 * JavaScript and the kernels work on the same blocks without a copy.
 *
 *   wasm/*.ts ─(npm run build:wasm)─▶ kernels.wasm ─▶ this thread's instance + arena ─▶ voices, notes, buses, master
 *
 * Without WebAssembly SIMD, or with COMPOSER_WASM=0, nothing is loaded: the arena hands out plain arrays and the
 * callers run their JavaScript twins of each kernel. Both give the same samples: to the bit for the voices, the
 * notes' measures and the master's curves; to single-precision rounding for the bus loops.
 */
import { readFileSync } from "node:fs";
import { SINE_TABLE } from "./oscillators.js";
import { FM, FM_SPAN, PERCUSSION, SUBTRACTIVE } from "./voice-layouts.js";

export const KERNEL_DEFAULTS = {
  /**
   * Bytes in a thread's arena: a render window's blocks (~60 KB), its reverb (~200 KB) and a copy of the note
   * bank it plays (tens of MB; see render/note-bank.ts bankInArena). Fixed (the memory never grows), so a view
   * into it never detaches; pages are only resident once written.
   */
  arenaBytes: 64 << 20,
  /** The least the arena leaves to the module below it (its data may reach further: the arena starts past it). */
  baseBytes: 1024,
} as const;

/** The kernels' exports; every buffer argument is a byte offset into the arena. */
export interface KernelExports {
  /** The end of the module's own data in the memory (the arena begins past it). */
  dataEnd(): number;
  addMono(
    x: number,
    n: number,
    gl: number,
    gr: number,
    send: number,
    dryL: number,
    dryR: number,
    tankL: number,
    tankR: number,
  ): number;
  addStereo(
    l: number,
    r: number,
    n: number,
    send: number,
    dryL: number,
    dryR: number,
    tankL: number,
    tankR: number,
  ): number;
  addScaled(dst: number, x: number, g: number, n: number): void;
  addMid(dst: number, l: number, r: number, g: number, n: number): void;
  writeRole(
    dryL: number,
    dryR: number,
    wetL: number,
    wetR: number,
    share0: number,
    share1: number,
    duck: number,
    depth: number,
    gain: number,
    side: number,
    n: number,
    outL: number,
    outR: number,
    mixL: number,
    mixR: number,
    peaks: number,
    sums: number,
  ): void;
  /** Returns the largest |sample| it wrote. */
  applyCurve(x: number, n: number, gains: number, step: number, offset: number): number;
  stepMaxima(x: number, n: number, peaks: number, step: number): void;
  mixStatsStereo(
    l: number,
    r: number,
    n: number,
    step: number,
    state: number,
    peaks: number,
    bends: number,
    sums: number,
  ): void;
  pcm16(l: number, r: number, n: number, gain: number, out: number): void;
  quantise16(x: number, n: number, k: number, out: number): void;
  peakOf(x: number, n: number): number;
  kWeight(
    l: number,
    r: number,
    n: number,
    first: number,
    step: number,
    hop: number,
    coefs: number,
    state: number,
    out: number,
    moments: boolean,
  ): void;
  addNote(note: number, n: number, gain: number, out: number): void;
  /** The master's true-peak search (wasm/true-peak.ts; see dsp/true-peak-kernel.ts). */
  truePeakGains(tap: number, curve: number, edge: number): void;
  truePeakCandidates(
    peaks: number,
    curvature: number,
    thresholds: number,
    fixed: number,
    from: number,
    to: number,
    steps: number,
    step: number,
    n: number,
    out: number,
    listed: number,
  ): number;
  truePeakSteps(
    x: number,
    lo: number,
    n: number,
    from: number,
    to: number,
    steps: number,
    step: number,
    thresholds: number,
    fixed: number,
    folded: number,
    phases: number,
    out: number,
  ): void;
  pingPong(
    inL: number,
    inR: number,
    outL: number,
    outR: number,
    n: number,
    left: number,
    right: number,
    length: number,
    pos: number,
    a: number,
    feedback: number,
    state: number,
  ): number;
  chorus(
    x: number,
    n: number,
    line: number,
    length: number,
    pos: number,
    d0: number,
    dd: number,
    dryL: number,
    dryR: number,
  ): number;
  compressStereo(
    l: number,
    r: number,
    n: number,
    step: number,
    kneeLevel: number,
    thresholdDb: number,
    ratio: number,
    kneeDb: number,
    attack: number,
    release: number,
    state: number,
  ): void;
  addNoteStereo(note: number, n: number, gainL: number, gainR: number, outL: number, outR: number): void;
  subtractiveBlock(state: number, n: number, out: number, temp: number, sine: number): number;
  cascadeEnergy2(a: number, na: number, b: number, nb: number, coefs: number, out: number): void;
  fmRun(state: number, out: number, n: number, table: number, sum: number): number;
  percussionRun(state: number, out: number, n: number, table: number, bursts: number): number;
  biquadChain(x: number, n: number, coefs: number, count: number): void;
  curveHopEnergies(
    m0: number,
    m1: number,
    m2: number,
    split: number,
    gains: number,
    steps: number,
    step: number,
    hop: number,
    length: number,
    hops: number,
    out: number,
  ): void;
  limiterCurve(
    peaks: number,
    pre: number,
    n: number,
    staticGain: number,
    ceiling: number,
    look: number,
    release: number,
    circular: boolean,
    need: number,
    mins: number,
    out: number,
  ): void;
  reverb(
    inL: number,
    inR: number,
    outL: number,
    outR: number,
    n: number,
    lines: number,
    size: number,
    lengths: number,
    gains: number,
    dampA: number,
    damp: number,
    pre: number,
    preLength: number,
    ap1: number,
    ap1Length: number,
    ap2: number,
    ap2Length: number,
    inRing: number,
    ring: number,
    taps: number,
    positions: number,
  ): void;
}

/** The part of the WebAssembly API used here (the ES libraries configured for this project do not declare it). */
interface WasmApi {
  Memory: new (d: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: KernelExports };
}

/** Buffers handed out from one fixed memory, freed back to a mark (a render window's, when it ends). */
export class BlockArena {
  private top: number;

  constructor(
    readonly memory: ArrayBuffer,
    private readonly base: number = KERNEL_DEFAULTS.baseBytes,
  ) {
    this.top = base;
  }

  /**
   * `n` floats, 16-byte aligned in the arena (a plain array once the arena is full); zeroed unless the caller
   * overwrites what it reads.
   */
  f32(n: number, zeroed = true): Float32Array {
    const at = this.take(n * 4);
    if (at < 0) return new Float32Array(n);
    const view = new Float32Array(this.memory, at, n);
    return zeroed ? view.fill(0) : view;
  }

  /** `n` zeroed 32-bit integers, 16-byte aligned in the arena (a plain array once the arena is full). */
  i32(n: number): Int32Array {
    const at = this.take(n * 4);
    return at < 0 ? new Int32Array(n) : new Int32Array(this.memory, at, n).fill(0);
  }

  /**
   * `n` 16-bit integers, 16-byte aligned in the arena (a plain array once the arena is full); zeroed unless the
   * caller overwrites them all.
   */
  i16(n: number, zeroed = true): Int16Array {
    const at = this.take(n * 2);
    if (at < 0) return new Int16Array(n);
    const view = new Int16Array(this.memory, at, n);
    return zeroed ? view.fill(0) : view;
  }

  /** `n` zeroed doubles, 16-byte aligned in the arena (a plain array once the arena is full). */
  f64(n: number): Float64Array {
    const at = this.take(n * 8);
    return at < 0 ? new Float64Array(n) : new Float64Array(this.memory, at, n).fill(0);
  }

  /** Where the next buffer goes: release(mark) frees every buffer handed out since. */
  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    if (mark >= this.base && mark <= this.top) this.top = mark;
  }

  /** Bytes still free. */
  room(): number {
    return this.memory.byteLength - this.top;
  }

  private take(bytes: number): number {
    const at = this.top;
    const end = at + ((bytes + 15) & ~15);
    if (end > this.memory.byteLength) return -1;
    this.top = end;
    return at;
  }
}

/**
 * Where a signal outside the arena passes through a kernel in chunks (the master's stems, say): copied in,
 * processed, copied out. Kept for the thread's lifetime.
 */
export interface Staging {
  samples: Float32Array;
  /** A gain curve's knots for a chunk (one per step begun, and the next), and the chunk's step peaks. */
  curve: Float32Array;
  peaks: Float32Array;
  /**
   * A mix block's measures (see dsp/mix-analysis.ts), as (left, right) pairs: two samples of state, per-step
   * peaks, the bends (the one centred before the block first), the two sums.
   */
  mixStatsStereo: Float64Array;
  /** A chunk's right channel, where a kernel reads both (K-weighting). */
  samplesRight: Float32Array;
  /** The K filters' state (12) and coefficients (8), then 6 sums per step of a chunk (see dsp/loudness.ts). */
  kWeighting: Float64Array;
  /** A chunk as interleaved 16-bit frames (see encode/wav.ts). */
  pcm16: Int16Array;
  /**
   * The rendering subtractive voice's state and scratch (see dsp/subtractive.ts), and a block of a voice's
   * output where the note it renders is outside the arena.
   */
  voice: Float64Array;
  voiceTemp: Float32Array;
  voiceOut: Float32Array;
  /** The oscillators' sine table (dsp/oscillators.ts SINE_TABLE). */
  sine: Float32Array;
  /** Two biquads' coefficients (10) and two notes' energies (see dsp/note-energies.ts). */
  energies: Float64Array;
  /** The rendering FM voice's state and its span of summed pairs (see dsp/fm.ts). */
  fm: Float64Array;
  fmSum: Float64Array;
  /** The rendering percussion hit's state and its clap envelope (see dsp/percussion.ts). */
  percussion: Float64Array;
  percussionBursts: Float64Array;
  /**
   * The note being rendered (synthesize/render/rendered-notes.ts), where the voices' kernels write it: the
   * first NOTE_SCRATCH_SAMPLES of it (a longer note grows into memory of its own). Pages only become resident
   * as notes reach them.
   */
  note: Float32Array;
  /** A note's EQ: b0 b1 b2 a1 a2 of up to EQ_MAX_FILTERS biquads in series. */
  eq: Float64Array;
}

/** The note scratch in the arena: 23 s at 44.1 kHz. */
export const NOTE_SCRATCH_SAMPLES = 1 << 20;

/** The most biquads a note's EQ runs through the kernel (a longer chain runs in JavaScript). */
export const EQ_MAX_FILTERS = 8;

/** Samples per staged chunk, and the shortest step a staged gain curve or step measure may have. */
export const STAGING = { samples: 4096, minStep: 16 } as const;

/**
 * The steps of `step` samples a staged chunk of `n` samples begins: ⌈n / step⌉, by truncating division. (Math.ceil
 * of a quotient that had been whole in every chunk but the last deoptimised the chunk loops at the last one.)
 */
export function stepsBegun(n: number, step: number): number {
  return ((n + step - 1) / step) | 0;
}

export interface WasmKernels {
  kernels: KernelExports;
  arena: BlockArena;
  /** The arena's memory: a view whose `buffer` is this is a kernel's to read and write. */
  memory: ArrayBuffer;
  staging: Staging;
}

let loaded: WasmKernels | null | undefined;
/** Why the kernels did not load (for a log line: the render then runs the JavaScript loops, more slowly). */
let failure: string | undefined;

/** Why this thread runs without the kernels; undefined when they run, or were turned off on purpose. */
export function kernelsUnavailable(): string | undefined {
  wasmKernels();
  return failure;
}

/** This thread's kernels and arena, loaded on first use; undefined where they cannot run (see the top). */
export function wasmKernels(): WasmKernels | undefined {
  if (loaded === undefined) loaded = load();
  return loaded ?? undefined;
}

function load(): WasmKernels | null {
  if (process.env.COMPOSER_WASM === "0") return null;
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) {
    failure = "this runtime has no WebAssembly";
    return null;
  }
  try {
    const bytes = readFileSync(new URL("./kernels.wasm", import.meta.url));
    const pages = Math.ceil(KERNEL_DEFAULTS.arenaBytes / 65536);
    const memory = new api.Memory({ initial: pages, maximum: pages });
    // compiling fails here on a runtime without SIMD: the JavaScript loops run instead
    const instance = new api.Instance(new api.Module(bytes), { env: { memory } });
    const base = Math.max(KERNEL_DEFAULTS.baseBytes, (instance.exports.dataEnd() + 15) & ~15);
    const arena = new BlockArena(memory.buffer, base);
    const staging: Staging = {
      samples: arena.f32(STAGING.samples),
      curve: arena.f32(STAGING.samples / STAGING.minStep + 1),
      peaks: arena.f32(STAGING.samples / STAGING.minStep),
      mixStatsStereo: arena.f64(2 * (2 + 2 * (STAGING.samples / STAGING.minStep) + 1 + 1)),
      samplesRight: arena.f32(STAGING.samples),
      kWeighting: arena.f64(20 + 6 * (STAGING.samples / STAGING.minStep)),
      pcm16: arena.i16(2 * STAGING.samples),
      voice: arena.f64(SUBTRACTIVE.length),
      voiceTemp: arena.f32(2 * SUBTRACTIVE.maxBlock),
      voiceOut: arena.f32(STAGING.samples),
      sine: arena.f32(SINE_TABLE.length),
      energies: arena.f64(12),
      fm: arena.f64(FM.length),
      fmSum: arena.f64(FM_SPAN),
      percussion: arena.f64(PERCUSSION.length),
      percussionBursts: arena.f64(PERCUSSION.maxBurstSamples),
      note: arena.f32(NOTE_SCRATCH_SAMPLES, false),
      eq: arena.f64(5 * EQ_MAX_FILTERS),
    };
    staging.sine.set(SINE_TABLE);
    return { kernels: instance.exports, arena, memory: memory.buffer, staging };
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
    return null;
  }
}

/**
 * Runs a voice's kernel over out[from, to), which it adds into: in place where `out` lies in the arena, else a
 * block at a time through the voice output staging. `run(address, n)` returns 0 once its voice has ended (no
 * further block is run); the last result is returned. Only where the kernels run.
 */
export function runVoiceKernel(
  out: Float32Array,
  from: number,
  to: number,
  run: (address: number, n: number) => number,
): number {
  const wasm = wasmKernels()!;
  if (out.buffer === wasm.memory) return run(out.byteOffset + from * 4, to - from);
  const block = wasm.staging.voiceOut;
  let result = 1;
  for (let i = from; i < to && result !== 0; i += block.length) {
    const n = Math.min(block.length, to - i);
    block.set(out.subarray(i, i + n));
    result = run(block.byteOffset, n);
    out.set(block.subarray(0, n), i);
  }
  return result;
}

/**
 * Whether every view is in this thread's arena, where the kernels can reach it. Up to five, in fixed parameters:
 * called per block, it allocates nothing.
 */
export function inArena(
  a: ArrayBufferView,
  b: ArrayBufferView = a,
  c: ArrayBufferView = a,
  d: ArrayBufferView = a,
  e: ArrayBufferView = a,
): boolean {
  const m = wasmKernels()?.memory;
  // `.buffer` is a call into V8 (~15 ns): a view left out (the default repeats `a`) is not read again
  return (
    m !== undefined &&
    a.buffer === m &&
    (b === a || b.buffer === m) &&
    (c === a || c.buffer === m) &&
    (d === a || d.buffer === m) &&
    (e === a || e.buffer === m)
  );
}

/** A block buffer of `n` floats: in the arena when the kernels run, a plain array otherwise. */
export function blockBuffer(n: number): Float32Array {
  return wasmKernels()?.arena.f32(n) ?? new Float32Array(n);
}
