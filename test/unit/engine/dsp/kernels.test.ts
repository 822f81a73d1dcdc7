/**
 * The WebAssembly kernels: the committed binary is what its source compiles to, the arena hands out what it
 * promises, and each kernel gives its JavaScript twin's samples (to single-precision rounding) at every block
 * length, a window's short last block included.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PingPongDelay } from "../../../../src/engine/dsp/delay.js";
import { Compressor } from "../../../../src/engine/dsp/dynamics.js";
import { BlockArena, wasmKernels } from "../../../../src/engine/dsp/kernels.js";
import { ANALYSIS_STEP } from "../../../../src/engine/dsp/mix-analysis.js";
import {
  addMid,
  addMono,
  addScaled,
  addStereo,
  roleBlockStats,
  WidthChorus,
  writeRole,
} from "../../../../src/engine/synthesize/render/bus-math.js";

const ROOT = join(import.meta.dirname, "../../../..");
const wasm = wasmKernels();

/** Deterministic test signal in [−0.7, 0.7]. */
function signal(n: number, seed: number): Float32Array {
  return Float32Array.from(
    { length: n },
    (_, i) => 0.7 * Math.sin(i * (0.31 + seed * 0.07) + seed) * Math.cos(i * 0.013),
  );
}

/** The same values twice: in the arena (the kernel runs) and in a plain array (the JavaScript runs). */
function pair(values: Float32Array): [Float32Array, Float32Array] {
  const inArena = wasm!.arena.f32(values.length);
  inArena.set(values);
  return [inArena, values.slice()];
}

function expectClose(a: ArrayLike<number>, b: ArrayLike<number>, tolerance = 2e-6): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

describe("kernels.wasm", () => {
  it("is what `npm run build:wasm` makes of wasm/kernels.ts", () => {
    const dir = mkdtempSync(join(tmpdir(), "composer-kernels-"));
    try {
      const out = join(dir, "kernels.wasm");
      const script = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts["build:wasm"] as string;
      const args = script.split(/\s+/).slice(1);
      args[args.indexOf("-o") + 1] = out;
      const asc = join(ROOT, "node_modules/assemblyscript/bin/asc.js");
      const run = spawnSync(process.execPath, [asc, ...args], { cwd: ROOT, encoding: "utf8" });
      expect(run.status, run.stderr).toBe(0);
      expect(Buffer.compare(readFileSync(out), readFileSync(join(ROOT, "src/engine/dsp/kernels.wasm")))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  // (COMPOSER_WASM=0 turns them off: the suite then runs every JavaScript twin)
  it.skipIf(process.env.COMPOSER_WASM === "0")(
    "loads on this runtime (Node with WebAssembly SIMD), its arena clear of the module's own data",
    () => {
      expect(wasm).toBeDefined();
      // the math library's tables (the compressor's log and power) live in the same memory, below the arena
      expect(wasm!.kernels.dataEnd()).toBeGreaterThan(1024);
      expect(wasm!.staging.samples.byteOffset).toBeGreaterThanOrEqual(wasm!.kernels.dataEnd());
    },
  );
});

describe("block arena", () => {
  it("hands out zeroed, 16-byte aligned views of one memory, frees back to a mark, and falls back when full", () => {
    const arena = new BlockArena(new ArrayBuffer(4096), 64);
    const a = arena.f32(3);
    const b = arena.f64(2);
    expect(a.buffer).toBe(arena.memory);
    expect(a.byteOffset).toBe(64);
    expect(b.byteOffset % 16).toBe(0);
    expect(b.byteOffset).toBe(80);
    a.fill(5);
    const mark = arena.mark();
    const c = arena.f32(4);
    c.fill(7);
    arena.release(mark);
    const d = arena.f32(4);
    expect(d.byteOffset).toBe(c.byteOffset);
    expect([...d]).toEqual([0, 0, 0, 0]);
    expect([...a]).toEqual([5, 5, 5]);
    const big = arena.f32(2000);
    expect(big.buffer).not.toBe(arena.memory);
    expect(big.length).toBe(2000);
    // a mark from before the arena's base, or past its top, changes nothing
    arena.release(0);
    expect(arena.mark()).toBe(d.byteOffset + 16);
  });
});

describe.runIf(wasm)("each kernel matches its JavaScript twin", () => {
  const lengths = [512, 509, 33, 32, 5, 3, 1];

  it("addMono and addStereo: the same dry, reverb input and sent energy, with and without a send", () => {
    for (const n of lengths) {
      for (const send of [0, 0.35]) {
        const mark = wasm!.arena.mark();
        const [x, xj] = pair(signal(n, 1));
        const [r, rj] = pair(signal(n, 2));
        const outs = [0, 1, 2, 3].map((k) => pair(signal(n, 3 + k)));
        const [dl, dr, tl, tr] = outs.map((o) => o[0]) as [Float32Array, Float32Array, Float32Array, Float32Array];
        const [jl, jr, kl, kr] = outs.map((o) => o[1]) as [Float32Array, Float32Array, Float32Array, Float32Array];
        const e = addMono(x, n, 0.8, 0.55, send, dl, dr, tl, tr);
        const ej = addMono(xj, n, 0.8, 0.55, send, jl, jr, kl, kr);
        expect(e).toBeCloseTo(ej, 5);
        if (send > 0) expect(e).toBeGreaterThan(0);
        const s = addStereo(x, r, n, send, dl, dr, tl, tr);
        const sj = addStereo(xj, rj, n, send, jl, jr, kl, kr);
        expect(s).toBeCloseTo(sj, 5);
        for (let k = 0; k < 4; k++) expectClose(outs[k]![0], outs[k]![1]);
        wasm!.arena.release(mark);
      }
    }
  });

  it("addScaled and addMid", () => {
    for (const n of lengths) {
      const mark = wasm!.arena.mark();
      const [d, dj] = pair(signal(n, 4));
      const [l, lj] = pair(signal(n, 5));
      const [r, rj] = pair(signal(n, 6));
      addScaled(d, l, 0.3, n);
      addScaled(dj, lj, 0.3, n);
      addMid(d, l, r, 0.7, n);
      addMid(dj, lj, rj, 0.7, n);
      expectClose(d, dj);
      expect(d.some((v, i) => v !== signal(n, 4)[i])).toBe(true);
      wasm!.arena.release(mark);
    }
  });

  it("writeRole: the same role block, mix, step peaks and sums, ramped, ducked and widened", () => {
    for (const n of lengths) {
      const mark = wasm!.arena.mark();
      const ins = [1, 2, 3, 4].map((k) => pair(signal(n, k)));
      const [duck, duckj] = pair(signal(n, 9).map(Math.abs));
      const outs = [0, 1, 2, 3].map((k) => pair(k < 2 ? new Float32Array(n) : signal(n, 7 + k)));
      const stats = roleBlockStats(512);
      stats.peaks.fill(0.01);
      const statsJs = { peaks: new Float32Array(512 / ANALYSIS_STEP).fill(0.01), sums: new Float64Array(2) };
      const run = (side: 0 | 1, s: typeof stats) => {
        const [dl, dr, wl, wr] = ins.map((p) => p[side]) as Float32Array[];
        const [ol, or, ml, mr] = outs.map((p) => p[side]) as Float32Array[];
        const d = side === 0 ? duck : duckj;
        writeRole(dl!, dr!, wl!, wr!, 0.2, 0.6, d, 0.4, 1.3, 0.8, n, ol!, or!, ml!, mr!, s);
      };
      run(0, stats);
      run(1, statsJs);
      expect(stats.peaks.buffer).toBe(wasm!.memory);
      for (const [a, b] of outs) expectClose(a, b);
      expectClose(stats.peaks, statsJs.peaks);
      expect(stats.peaks[0]).toBeGreaterThan(0.01);
      expect(stats.sums[0]).toBeCloseTo(statsJs.sums[0]!, 4);
      expect(stats.sums[1]).toBeCloseTo(statsJs.sums[1]!, 4);
      wasm!.arena.release(mark);
    }
  });

  it("addNote and addNoteStereo: a stored note's 16-bit samples × gain, exactly as the JavaScript adds them", () => {
    const { kernels, arena } = wasm!;
    for (const n of lengths) {
      const mark = arena.mark();
      const note = arena.i16(n + 3);
      for (let i = 0; i < note.length; i++) note[i] = Math.round(32767 * Math.sin(i * 0.9) * Math.cos(i * 0.05));
      const [l, lj] = pair(signal(n, 1));
      const [r, rj] = pair(signal(n, 2));
      // from an odd sample of the note: its 16-bit lanes need no alignment
      const at = note.byteOffset + 2 * 3;
      kernels.addNote(at, n, 1.7e-5, l.byteOffset);
      kernels.addNoteStereo(at, n, 2.1e-5, 0.9e-5, l.byteOffset, r.byteOffset);
      for (let i = 0; i < n; i++) {
        lj[i]! += note[i + 3]! * 1.7e-5;
        lj[i]! += note[i + 3]! * 2.1e-5;
        rj[i]! += note[i + 3]! * 0.9e-5;
      }
      expect(l).toEqual(lj);
      expect(r).toEqual(rj);
      arena.release(mark);
    }
  });

  it("compressStereo: the compressor's gain, step by step and block after block, as in JavaScript", () => {
    const options = { thresholdDb: -18, ratio: 3, kneeDb: 6, attackSeconds: 0.006, releaseSeconds: 0.12 };
    const arena = wasm!.arena;
    const mark = arena.mark();
    const kernel = new Compressor(44100, options);
    const script = new Compressor(44100, options);
    let reduced = 0;
    for (let b = 0; b < 60; b++) {
      const n = b === 59 ? 301 : 512;
      // loud bursts and quiet gaps: the reduction attacks, releases and ends
      const level = b % 20 < 8 ? 0.9 : 0.01;
      const [l, lj] = pair(signal(n, b).map((v) => v * level));
      const [r, rj] = pair(signal(n, b + 1).map((v) => v * level));
      const before = lj.slice();
      kernel.processStereo(l, r, 0, n);
      script.processStereo(lj, rj, 0, n);
      expectClose(l, lj, 1e-6);
      expectClose(r, rj, 1e-6);
      for (let i = 0; i < n; i++) reduced = Math.max(reduced, Math.abs(before[i]!) - Math.abs(lj[i]!));
    }
    expect(reduced).toBeGreaterThan(0.1);
    arena.release(mark);
  });

  it("chorus: the width chorus adds the same side signal, block after block, exactly as in JavaScript", () => {
    const arena = wasm!.arena;
    const mark = arena.mark();
    const kernel = new WidthChorus(44100);
    const script = new WidthChorus(44100);
    for (let b = 0; b < 12; b++) {
      // (a last block that is not a whole number of four-sample groups takes the scalar tail)
      const n = b === 11 ? 203 : 512;
      const [x, xj] = pair(signal(n, b));
      const [l, lj] = pair(signal(n, b + 3));
      const [r, rj] = pair(signal(n, b + 5));
      kernel.process(x, n, b * 512, l, r);
      script.process(xj, n, b * 512, lj, rj);
      expect(l).toEqual(lj);
      expect(r).toEqual(rj);
    }
    arena.release(mark);
  });

  it("pingPong: the delay's repeats, block after block, exactly as in JavaScript", () => {
    const arena = wasm!.arena;
    const mark = arena.mark();
    const options = { delaySeconds: 0.011, feedback: 0.6, dampingHz: 3500 };
    const kernel = new PingPongDelay(44100, options);
    const script = new PingPongDelay(44100, options);
    let repeats = 0;
    for (let b = 0; b < 12; b++) {
      const n = b === 11 ? 137 : 512;
      const [x, xj] = pair(b < 2 ? signal(n, b) : new Float32Array(n));
      const [l, lj] = pair(new Float32Array(n));
      const [r, rj] = pair(new Float32Array(n));
      kernel.process(x, x, l, r, 0, n);
      script.process(xj, xj, lj, rj, 0, n);
      expect(l).toEqual(lj);
      expect(r).toEqual(rj);
      if (b >= 2) for (let i = 0; i < n; i++) repeats += Math.abs(r[i]!);
    }
    expect(repeats).toBeGreaterThan(1);
    arena.release(mark);
  });
});
