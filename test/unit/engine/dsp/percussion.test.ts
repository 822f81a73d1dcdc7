/**
 * Percussion hits: the WebAssembly kernel gives exactly the JavaScript twin's samples and state for every sound
 * of every kit (claps' bursts and a reverse swell included), with a choke, until each hit ends; and a hit renders
 * the same samples into the arena as into a plain array.
 */
import { describe, expect, it } from "vitest";
import { wasmKernels } from "../../../../src/engine/dsp/kernels.js";
import { PERCUSSION, percussionRender, percussionRunJs } from "../../../../src/engine/dsp/percussion.js";
import { DrumHit, type DrumHitSpec } from "../../../../src/engine/synthesize/drums/hit.js";
import { KITS } from "../../../../src/engine/synthesize/drums/kits.js";
import { arenaAgainstPlain, sameBits } from "./same-bits.js";

const wasm = wasmKernels();
const SR = 44100;
const REVERSE: DrumHitSpec = {
  noise: { mode: "hp", hz: 5000, resonance: 0.1, decaySeconds: 1.5, level: 0.7, reverse: true },
  level: 0.5,
};
const sounds: [string, DrumHitSpec][] = [
  ...Object.entries(KITS).flatMap(([kit, spec]) =>
    Object.entries(spec).map(([category, s]): [string, DrumHitSpec] => [`${kit} ${category}`, s!]),
  ),
  ["reverse swell", REVERSE],
];

function parts(hit: DrumHit): { state: Float64Array; bursts: Float64Array | undefined } {
  return hit as unknown as { state: Float64Array; bursts: Float64Array | undefined };
}

describe("percussion hits", () => {
  it("cover the kits' layers: body, noise, claps' bursts, metal, modes, click, drive", () => {
    const specs = sounds.map(([, s]) => s);
    expect(specs.some((s) => s.body)).toBe(true);
    expect(specs.some((s) => s.noise?.bursts)).toBe(true);
    expect(specs.some((s) => s.metal)).toBe(true);
    expect(specs.some((s) => (s.modes?.length ?? 0) > 0)).toBe(true);
    expect(specs.some((s) => (s.click ?? 0) > 0)).toBe(true);
    expect(specs.some((s) => (s.drive ?? 0) > 0)).toBe(true);
  });

  it.runIf(wasm)("kernel and twin give the same samples, state and end", () => {
    for (const [name, spec] of sounds) {
      for (const [velocity, choke] of [
        [0.9, Number.POSITIVE_INFINITY],
        [0.4, 3000],
      ] as const) {
        const hit = new DrumHit(spec, SR, velocity, 17, 1.1, choke);
        const { state, bursts } = parts(hit);
        const twin = Float64Array.from(state);
        const length = 8192 * 40;
        const mark = wasm!.arena.mark();
        const out = wasm!.arena.f32(length);
        const outJs = new Float32Array(length);
        let ended = false;
        for (let at = 0; at < length && !ended; at += 4096) {
          const a = percussionRender(state, bursts, out, at, at + 4096);
          let b = true;
          for (let i = at; i < at + 4096 && b; i += 100)
            b = percussionRunJs(twin, bursts, outJs, i, Math.min(at + 4096, i + 100));
          expect(a, name).toBe(b);
          ended = !a;
        }
        expect(ended, name).toBe(true);
        expect(Array.from(state), name).toEqual(Array.from(twin));
        expect(sameBits(out, outJs), name).toBe(true);
        expect(
          out.some((x) => x !== 0),
          name,
        ).toBe(true);
        wasm!.arena.release(mark);
      }
    }
  });

  it("a hit renders the same samples into the arena as into a plain array", () => {
    for (const [name, spec] of sounds) {
      const r = arenaAgainstPlain(() => new DrumHit(spec, SR, 0.7, 3), 4096 * 16);
      expect(r.answersDiffer, name).toBe(-1);
      expect(r.difference, name).toBe(-1);
    }
    expect(PERCUSSION.maxBurstSamples).toBeGreaterThan(Math.round(0.011 * 192000));
  });
});
