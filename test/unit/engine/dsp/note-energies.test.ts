/**
 * Notes' K-weighted energies measured two at a time: each is kWeightedEnergy's to the bit, whichever of a pair
 * is longer, for a note left alone at the end, and for notes the arena has no room for; the arena is given back.
 */
import { describe, expect, it } from "vitest";
import { wasmKernels } from "../../../../src/engine/dsp/kernels.js";
import { kWeightedEnergy } from "../../../../src/engine/dsp/loudness.js";
import { NOTE_ENERGIES_DEFAULTS, NoteEnergies } from "../../../../src/engine/dsp/note-energies.js";

const SR = 44100;
const wasm = wasmKernels();

/** A decaying tone with some noise: what a note looks like to the filters. */
function note(n: number, seed: number): Float32Array {
  let s = seed * 7919 + 1;
  return Float32Array.from({ length: n }, (_, i) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    const noise = s / 2147483648 - 0.5;
    return Math.exp(-i / (n / 3 + 1)) * (0.6 * Math.sin(i * (0.02 + seed * 0.013)) + 0.2 * noise);
  });
}

function measureAll(lengths: number[]): { got: number[]; want: number[] } {
  const got: number[] = [];
  const energies = new NoteEnergies(SR, got);
  const want: number[] = [];
  lengths.forEach((n, i) => {
    const samples = note(n, i + 1);
    want.push(kWeightedEnergy(samples, SR));
    const held = energies.hold(samples);
    expect(Array.from(held)).toEqual(Array.from(samples));
    energies.measure(i, held);
  });
  energies.finish();
  return { got, want };
}

describe("note energies", () => {
  it("gives each note kWeightedEnergy's sum exactly: longer first, shorter first, equal, empty, one left over", () => {
    const { got, want } = measureAll([5000, 1200, 800, 9000, 64, 64, 0, 3000, 1, 4410]);
    expect(got).toEqual(want);
    expect(want.filter((e) => e > 0).length).toBe(9);
  });

  it.runIf(wasm)("holds notes in the arena and gives the arena back when finished", () => {
    const arena = wasm!.arena;
    const before = arena.mark();
    const into: number[] = [];
    const energies = new NoteEnergies(SR, into);
    const held = energies.hold(note(3000, 1));
    expect(held.buffer).toBe(wasm!.memory);
    energies.measure(0, held);
    // the pair's second note goes into the other slot (one larger than the least): the first stays as it was
    const second = energies.hold(note(400_000, 2));
    expect(second.buffer).toBe(wasm!.memory);
    expect(Array.from(held.subarray(0, 5))).toEqual(Array.from(note(3000, 1).subarray(0, 5)));
    energies.measure(1, second);
    // a note longer than a slot may be is not held, and is measured alone
    const long = note(NOTE_ENERGIES_DEFAULTS.maxSlotSamples + 1, 3);
    expect(energies.hold(long)).toBe(long);
    energies.measure(2, long);
    energies.finish();
    expect(into).toEqual([note(3000, 1), note(400_000, 2), long].map((x) => kWeightedEnergy(x, SR)));
    expect(arena.mark()).toBe(before);
  });

  it.runIf(wasm)("measures at its own rate while another meter at another rate works on the same thread", () => {
    const arena = wasm!.arena;
    const before = arena.mark();
    const a: number[] = [];
    const first = new NoteEnergies(44100, a);
    first.measure(0, first.hold(note(3000, 1)));
    // another packer starts meanwhile (a render that yields lets another run), at 8 kHz
    const b: number[] = [];
    const other = new NoteEnergies(8000, b);
    other.measure(0, other.hold(note(500, 2)));
    other.finish();
    first.finish();
    expect(a).toEqual([kWeightedEnergy(note(3000, 1), 44100)]);
    expect(b).toEqual([kWeightedEnergy(note(500, 2), 8000)]);
    arena.release(before);
    // one that yields between notes keeps out of the arena altogether
    const c: number[] = [];
    const outside = new NoteEnergies(44100, c, false);
    const x = note(700, 3);
    expect(outside.hold(x)).toBe(x);
    outside.measure(0, x);
    outside.finish();
    expect(c).toEqual([kWeightedEnergy(x, 44100)]);
    expect(arena.mark()).toBe(before);
  });

  it.runIf(wasm)("measures a note it does not hold at once, before the scratch it lies in is written again", () => {
    const arena = wasm!.arena;
    const before = arena.mark();
    // one scratch in the arena, reused note after note (as rendered-notes.ts renders into it)
    const scratch = arena.f32(NOTE_ENERGIES_DEFAULTS.maxSlotSamples + 10);
    const notes = [note(NOTE_ENERGIES_DEFAULTS.maxSlotSamples + 5, 6), note(2000, 7), note(9000, 8)];
    const into: number[] = [];
    const energies = new NoteEnergies(SR, into);
    notes.forEach((x, i) => {
      scratch.set(x);
      const held = energies.hold(scratch.subarray(0, x.length));
      energies.measure(i, held);
    });
    energies.finish();
    expect(into).toEqual(notes.map((x) => kWeightedEnergy(x, SR)));
    arena.release(before);
  });

  it.runIf(wasm)("measures a note the arena has no room for, and any note after something else took the arena", () => {
    const arena = wasm!.arena;
    const before = arena.mark();
    const into: number[] = [];
    const energies = new NoteEnergies(SR, into);
    const first = energies.hold(note(2000, 3));
    energies.measure(0, first);
    // something else takes from the arena: the slots can no longer grow past it
    const other = arena.f32(16);
    const second = note(3000, 4);
    expect(energies.hold(second)).toBe(second);
    energies.measure(1, second);
    energies.finish();
    // what the other took is still its own
    expect(arena.mark()).toBe(other.byteOffset + 64);
    // an arena all but full holds nothing
    arena.f32(Math.floor(arena.room() / 4) - 256, false);
    const full = new NoteEnergies(SR, into);
    const third = note(5000, 5);
    expect(full.hold(third)).toBe(third);
    full.measure(2, third);
    full.finish();
    arena.release(before);
    expect(into).toEqual([note(2000, 3), second, third].map((x) => kWeightedEnergy(x, SR)));
  });
});
