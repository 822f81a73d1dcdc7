/**
 * The subtractive voice's block: the WebAssembly kernel gives exactly the JavaScript twin's samples and state for
 * every analogue preset the planner uses (oscillators of every wave, noise, formants, breath, drive, bits, both
 * envelopes through release), at every block length; and a voice renders the same samples whether its output
 * is in the kernels' arena or not.
 */
import { describe, expect, it } from "vitest";
import { STAGE } from "../../../../src/engine/dsp/envelope.js";
import { wasmKernels } from "../../../../src/engine/dsp/kernels.js";
import {
  borrowState,
  returnState,
  SUBTRACTIVE,
  subtractiveBlock,
  subtractiveBlockJs,
} from "../../../../src/engine/dsp/subtractive.js";
import { type AnalogPreset, analogVoice } from "../../../../src/engine/synthesize/voices/analog.js";
import { VOICE_DEFINITIONS } from "../../../../src/engine/synthesize/voices/presets.js";
import type { VoiceFactory } from "../../../../src/engine/synthesize/voices/voice.js";
import { arenaAgainstPlain, firstDifference, stateOf } from "./same-bits.js";

const wasm = wasmKernels();
const CTX = { sampleRate: 44100, bpm: 120 };
const analogues = Object.entries(VOICE_DEFINITIONS).filter(([, d]) => (d.create as VoiceFactory).engine === "analog");

describe("subtractive voices", () => {
  it("cover every stage the block has: the presets exercise them all", () => {
    const states = analogues.map(([, d]) =>
      stateOf(d.create({ pitch: 60, velocity: 0.8, gateSamples: 4000, seed: 3 }, CTX)),
    );
    const S = SUBTRACTIVE;
    const some = (test: (s: Float64Array) => boolean) => states.some(test);
    expect(analogues.length).toBeGreaterThan(10);
    expect(some((s) => s[S.formantCount]! > 0)).toBe(true);
    expect(some((s) => s[S.breathLevel]! > 0)).toBe(true);
    expect(some((s) => s[S.drive]! > 0)).toBe(true);
    expect(some((s) => s[S.bits]! > 0)).toBe(true);
    expect(some((s) => s[S.hasFilterEnv] === 1)).toBe(true);
    for (const mode of [0, 1, 2, 3]) {
      expect(
        some((s) => Array.from({ length: s[S.oscCount]! }, (_, k) => s[S.oscs + k * S.oscFields]).includes(mode)),
      ).toBe(true);
    }
  });

  it.runIf(wasm)("kernel and twin give the same samples and state, block by block, through the release", () => {
    const S = SUBTRACTIVE;
    const lengths = [64, 37, 1, 64, 12, 256, 5];
    const stages = new Set<number>();
    for (const [name, d] of analogues) {
      for (const [pitch, velocity] of [
        [36, 1],
        [72, 0.4],
      ] as const) {
        const voice = d.create({ pitch, velocity, gateSamples: 30_000, seed: pitch * 7 + 1 }, CTX);
        const initial = stateOf(voice);
        // increments as the voice sets them before its first block
        (voice as unknown as { control(s: Float64Array): void }).control(initial);
        initial[S.gain] = 0.7;
        // no preset mixes noise into its oscillators, but the block can: every other preset does here
        if (analogues.findIndex(([n]) => n === name) % 2 === 1) initial[S.noiseLevel] = 0.05;
        const twin = Float64Array.from(initial);
        const own = Float64Array.from(initial);
        const out = new Float32Array(80_000);
        const outJs = new Float32Array(80_000);
        let at = 0;
        for (let b = 0; at + 256 < out.length; b++) {
          const n = lengths[b % lengths.length]!;
          if (at >= 30_000 && twin[S.amp] !== STAGE.done && twin[S.amp] !== STAGE.release) {
            twin[S.amp] = own[S.amp] = STAGE.release;
            if (twin[S.hasFilterEnv]) twin[S.filterEnv] = own[S.filterEnv] = STAGE.release;
          }
          const live = borrowState(own);
          const stage = subtractiveBlock(live, n, out, at);
          returnState(own, live);
          const stageJs = subtractiveBlockJs(twin, n, outJs, at);
          expect(stage, name).toBe(stageJs);
          at += n;
        }
        expect(Array.from(own), name).toEqual(Array.from(twin));
        stages.add(twin[S.amp]!);
        expect(firstDifference(out, outJs), name).toBe(-1);
        expect(
          out.some((x) => x !== 0),
          name,
        ).toBe(true);
      }
    }
    // notes that sustained, and notes whose release ended them, among the cases
    expect(stages.has(STAGE.done)).toBe(true);
  });

  it("a voice renders the same samples into the arena as into a plain array, and reports its end", () => {
    for (const [name, d] of analogues) {
      const note = { pitch: 57, velocity: 0.7, gateSamples: 5000, seed: 11 };
      const r = arenaAgainstPlain(() => d.create(note, CTX), 400_000);
      expect(r.endPlain, name).toBeGreaterThan(0);
      expect(r.endPlain, name).toBe(r.endArena);
      expect(r.difference, name).toBe(-1);
    }
  });
});

describe("a breath at level 0", () => {
  it("still draws its noise, as the voice always has (the oscillators' noise then moves on alike)", () => {
    const base: AnalogPreset = {
      oscs: [{ wave: "saw" }],
      noise: 0.2,
      filter: { cutoffHz: 3000 },
      amp: { attack: 0.01, decay: 0.2, sustain: 0.7, release: 0.1 },
      level: 0.5,
    };
    const note = { pitch: 60, velocity: 0.8, gateSamples: 8000, seed: 21 };
    const render = (preset: AnalogPreset) => {
      const out = new Float32Array(12_288);
      const voice = analogVoice(preset)(note, CTX);
      for (let at = 0; at < out.length; at += 4096) voice.render(out, at, at + 4096);
      return out;
    };
    const silentBreath = render({ ...base, breath: { level: 0, hz: 2000, resonance: 0.3 } });
    const none = render(base);
    // the first block's oscillator noise is drawn before any breath; after it, the draws differ
    expect(Array.from(silentBreath.subarray(0, 64))).toEqual(Array.from(none.subarray(0, 64)));
    expect(firstDifference(silentBreath, none)).toBeGreaterThanOrEqual(64);
  });
});
