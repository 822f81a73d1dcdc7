/** Comparing samples to the bit (a kernel against its twin): −0 and +0, or two NaNs, count as different. */
import { wasmKernels } from "../../../../src/engine/dsp/kernels.js";

/** The first index where two sample arrays differ (−1: none), a number a failure message can show. */
export function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

export function sameBits(a: Float32Array, b: Float32Array): boolean {
  return firstDifference(a, b) < 0;
}

/** A voice's state array (the kernels' voices keep everything in one). */
export function stateOf(voice: unknown): Float64Array {
  return (voice as { state: Float64Array }).state;
}

/** A sound rendered a block at a time, saying whether it still sounds (a voice, a drum hit). */
interface BlockRenderer {
  render(out: Float32Array, from: number, to: number): boolean;
}

/**
 * Two copies of one sound rendered block by block over `length` samples, the first into a plain array, the
 * second into the kernels' arena (where a kernel writes in place; a plain array too where there are none):
 * the first block start where their answers differ (−1: none), the block start where each first says it ended
 * (−1: not within `length`), and the first sample that differs (−1: none).
 */
export function arenaAgainstPlain(
  make: () => BlockRenderer,
  length: number,
  block = 4096,
): { answersDiffer: number; endPlain: number; endArena: number; difference: number } {
  const wasm = wasmKernels();
  const plain = new Float32Array(length);
  const mark = wasm?.arena.mark();
  const arena = wasm ? wasm.arena.f32(length) : new Float32Array(length);
  const a = make();
  const b = make();
  let answersDiffer = -1;
  let endPlain = -1;
  let endArena = -1;
  for (let at = 0; at < length; at += block) {
    const inPlain = a.render(plain, at, at + block);
    const inArena = b.render(arena, at, at + block);
    if (inPlain !== inArena && answersDiffer < 0) answersDiffer = at;
    if (!inPlain && endPlain < 0) endPlain = at;
    if (!inArena && endArena < 0) endArena = at;
  }
  const difference = firstDifference(arena, plain);
  if (mark !== undefined) wasm!.arena.release(mark);
  return { answersDiffer, endPlain, endArena, difference };
}
