/**
 * The FM voice: the WebAssembly kernel gives exactly the JavaScript twin's samples and state for every FM preset
 * (with and without tremolo), through the gate, the release and the voice's end; and a voice renders the same
 * samples into the arena as into a plain array.
 */
import { describe, expect, it } from "vitest";
import { FM, fmRender, fmRunJs } from "../../../../src/engine/dsp/fm.js";
import { wasmKernels } from "../../../../src/engine/dsp/kernels.js";
import { VOICE_DEFINITIONS } from "../../../../src/engine/synthesize/voices/presets.js";
import type { VoiceFactory } from "../../../../src/engine/synthesize/voices/voice.js";
import { arenaAgainstPlain, sameBits, stateOf } from "./same-bits.js";

const wasm = wasmKernels();
const CTX = { sampleRate: 44100, bpm: 120 };
const presets = Object.entries(VOICE_DEFINITIONS).filter(([, d]) => (d.create as VoiceFactory).engine === "fm");

describe("FM voices", () => {
  it.runIf(wasm)("kernel and twin give the same samples, state and end, chunk by chunk", () => {
    expect(presets.length).toBeGreaterThan(1);
    let ended = 0;
    for (const [name, d] of presets) {
      for (const tremolo of [false, true]) {
        const voice = d.create({ pitch: 64, velocity: 0.9, gateSamples: 20_000, seed: 5 }, CTX);
        const kernel = Float64Array.from(stateOf(voice));
        if (tremolo) {
          kernel[FM.hasTremolo] = 1;
          kernel[FM.tremoloHz] = 5.5;
          kernel[FM.tremoloDepth] = 0.3;
        }
        const twin = Float64Array.from(kernel);
        const length = 600_000;
        const mark = wasm!.arena.mark();
        const out = wasm!.arena.f32(length);
        const outJs = new Float32Array(length);
        for (let at = 0; at < length; at += 4096) {
          const a = fmRender(kernel, out, at, at + 4096);
          const b = fmRunJs(twin, outJs, at, at + 4096);
          expect(a, name).toBe(b);
          if (!a) {
            ended++;
            break;
          }
        }
        expect(Array.from(kernel), name).toEqual(Array.from(twin));
        expect(sameBits(out, outJs), name).toBe(true);
        expect(
          out.some((x) => x !== 0),
          name,
        ).toBe(true);
        wasm!.arena.release(mark);
      }
    }
    // every voice ended within the buffer, through its release
    expect(ended).toBe(2 * presets.length);
  });

  it("a voice renders the same samples into the arena as into a plain array", () => {
    for (const [name, d] of presets) {
      const note = { pitch: 50, velocity: 0.6, gateSamples: 9000, seed: 2 };
      const r = arenaAgainstPlain(() => d.create(note, CTX), 49 * 4096);
      expect(r.answersDiffer, name).toBe(-1);
      expect(r.difference, name).toBe(-1);
    }
  });
});
