/**
 * K-weighted energies of a run of notes (what the note bank measures the stem balance from), two at a time
 * through the kernel (wasm/kernels.ts cascadeEnergy2), each note in a lane of its own. One note alone waits on
 * its filters' last outputs at every sample; two side by side take little longer than one. Each sum is
 * kWeightedEnergy's to the bit, which is what runs without the kernels.
 *
 *   note ─▶ hold (a copy in the thread's arena: peak and 16-bit rounding read it there) ─▶ measure
 *             ─▶ waits for the next note ─▶ both through the kernel ─▶ energies[i], energies[j]
 */
import { type BlockArena, type WasmKernels, wasmKernels } from "./kernels.js";
import { kWeightedEnergy, kWeightingFilters } from "./loudness.js";

export const NOTE_ENERGIES_DEFAULTS = {
  /** The least a hold slot takes of the arena (a longer note takes a larger one). */
  minSlotSamples: 1 << 18,
  /** The longest note held (a longer one is measured alone, in JavaScript: two slots of it would cost memory). */
  maxSlotSamples: 1 << 19,
} as const;

export class NoteEnergies {
  private readonly wasm: WasmKernels | undefined;
  /** Where the arena's top was before the first slot (finish frees back to it). */
  private readonly mark: number;
  /** Where the arena's top was after the last slot taken. */
  private top: number;
  private readonly slots: [Float32Array | undefined, Float32Array | undefined] = [undefined, undefined];
  /** A held note waiting for its pair, and the slot it is in. */
  private pending: { index: number; samples: Float32Array; slot: 0 | 1 } | undefined;
  /** The K-weighting filters' coefficients at this sample rate, as the kernel reads them. */
  private readonly coefs: Float64Array;
  /** The slot the last note was held in, and its copy there (undefined: the last note was not held). */
  private heldIn: 0 | 1 = 0;
  private lastHeld: Float32Array | undefined;

  constructor(
    private readonly sampleRate: number,
    /** Where each note's energy goes, at the index measure() is given. */
    private readonly into: number[],
    /**
     * Hold notes in the arena and measure them in pairs. Off where the caller yields between notes (another
     * user of the thread's arena could then take from it in between, and its slots would not come back).
     */
    inArena = true,
  ) {
    this.wasm = inArena ? wasmKernels() : undefined;
    this.mark = this.wasm?.arena.mark() ?? 0;
    this.top = this.mark;
    const [first, second] = kWeightingFilters(sampleRate);
    this.coefs = Float64Array.of(
      first.b0,
      first.b1,
      first.b2,
      first.a1,
      first.a2,
      second.b0,
      second.b1,
      second.b2,
      second.a1,
      second.a2,
    );
  }

  /**
   * The note copied into the arena (valid until the note after next is held), or the note itself where the
   * kernels do not run or the arena has no room.
   */
  hold(samples: Float32Array): Float32Array {
    const arena = this.wasm?.arena;
    if (!arena || samples.length > NOTE_ENERGIES_DEFAULTS.maxSlotSamples) return samples;
    const k = this.pending?.slot === 0 ? 1 : 0;
    let slot = this.slots[k];
    if (!slot || slot.length < samples.length) {
      slot = this.take(arena, Math.max(samples.length, NOTE_ENERGIES_DEFAULTS.minSlotSamples));
      if (!slot) return samples;
      this.slots[k] = slot;
    }
    const held = slot.subarray(0, samples.length);
    held.set(samples);
    this.heldIn = k;
    this.lastHeld = held;
    return held;
  }

  /** Records note `index`'s energy from its held samples: now, or once the next note is held. */
  measure(index: number, held: Float32Array): void {
    // a note not copied into a slot (no kernels, no room, too long) may not outlive the next: measured now
    if (held !== this.lastHeld) {
      this.into[index] = kWeightedEnergy(held, this.sampleRate);
      return;
    }
    const pending = this.pending;
    if (!pending) {
      this.pending = { index, samples: held, slot: this.heldIn };
      return;
    }
    this.pending = undefined;
    const [a, b] = this.pair(pending.samples, held);
    this.into[pending.index] = a;
    this.into[index] = b;
  }

  /** Measures a note still waiting for its pair, and gives the arena back. */
  finish(): void {
    const pending = this.pending;
    if (pending) {
      this.pending = undefined;
      this.into[pending.index] = this.pair(pending.samples, undefined)[0];
    }
    const arena = this.wasm?.arena;
    // only if nothing was taken from the arena after the slots (it would be freed with them)
    if (arena && arena.mark() === this.top) arena.release(this.mark);
    this.slots[0] = this.slots[1] = undefined;
  }

  private pair(a: Float32Array, b: Float32Array | undefined): [number, number] {
    const { kernels, staging } = this.wasm!;
    const sums = staging.energies;
    // (the staging is the thread's: another meter at another rate may have written its own coefficients there)
    sums.set(this.coefs);
    kernels.cascadeEnergy2(
      a.byteOffset,
      a.length,
      (b ?? a).byteOffset,
      b?.length ?? 0,
      sums.byteOffset,
      sums.byteOffset + 80,
    );
    return [sums[10]!, sums[11]!];
  }

  private take(arena: BlockArena, n: number): Float32Array | undefined {
    if (arena.mark() !== this.top) return undefined;
    const slot = arena.f32(n, false);
    if (slot.buffer !== arena.memory) {
      arena.release(this.top);
      return undefined;
    }
    this.top = arena.mark();
    return slot;
  }
}
