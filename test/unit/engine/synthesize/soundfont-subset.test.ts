/**
 * The SoundFont subsetter: a bank cut to a score's presets loads in spessasynth, plays those presets exactly
 * as the whole file does (fallbacks included), and is a small part of the file; a broken file leaves the
 * parts built-in.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SoundBankLoader, SpessaSynthProcessor } from "spessasynth_core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOggEncoder } from "wasm-media-encoders";
import type { SampledVoices } from "../../../../src/engine/synthesize/render/schedule.js";
import { loadBank } from "../../../../src/engine/synthesize/soundfont/banks.js";
import { soundfontParts, soundfontVoices } from "../../../../src/engine/synthesize/soundfont/render.js";
import {
  type PresetRequest,
  readSoundfontLayout,
  readSoundfontSubset,
  type SoundfontLayout,
} from "../../../../src/engine/synthesize/soundfont/subset.js";
import type { Part } from "../../../../src/engine/types.js";
import { fixtureScore } from "./score-fixture.js";

const GM = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
const SR = 44100;
type Bank = ReturnType<typeof SoundBankLoader.fromArrayBuffer>;
/** What the test reads of the preset a channel chose (spessasynth's objects, loosely typed). */
interface ChosenPreset {
  bankMSB: number;
  program: number;
  isGMGSDrum: boolean;
  zones: { instrument: { zones: { sample: { sampleID?: number } }[] } }[];
}

async function synthFor(bank: Bank): Promise<SpessaSynthProcessor> {
  const synth = new SpessaSynthProcessor(SR, { maxBufferSize: 128, effectsEnabled: false });
  synth.soundBankManager.addSoundBank(bank, "main");
  await synth.processorInitialized;
  return synth;
}

/** One note: held a second, then two seconds of release, summed to mono. */
async function renderNote(bank: Bank, { program, kit }: PresetRequest, pitch: number): Promise<Float32Array> {
  const synth = await synthFor(bank);
  const channel = kit ? 9 : 0;
  synth.programChange(channel, program);
  synth.noteOn(channel, pitch, 100);
  const out = new Float32Array(SR * 3);
  const left = new Float32Array(128);
  const right = new Float32Array(128);
  for (let i = 0; i < out.length; i += 128) {
    if (i === SR) synth.noteOff(channel, pitch);
    left.fill(0);
    right.fill(0);
    synth.process(left, right, 0, 128);
    for (let j = 0; j < 128; j++) out[i + j] = left[j]! + right[j]!;
  }
  return out;
}

/** The preset a channel plays for a request, and the samples it can sound (indices in the file's shdr). */
async function chosen(synth: SpessaSynthProcessor, { program, kit }: PresetRequest) {
  const channel = kit ? 9 : 0;
  synth.programChange(channel, program);
  const preset = (synth.midiChannels[channel] as unknown as { preset: ChosenPreset }).preset;
  const samples = preset.zones.flatMap((z) => z.instrument.zones.map((iz) => iz.sample.sampleID ?? -1));
  return { preset: `${preset.isGMGSDrum ? "drum " : ""}${preset.bankMSB}:${preset.program}`, samples };
}

/** spessasynth's zone lookup on a chosen preset (loosely typed). */
interface VoicePreset {
  getVoiceParameters(key: number, velocity: number): { sample: { sampleID?: number } }[];
}

/** A second of one of the part's notes through the SoundFont voices. */
function play(voices: SampledVoices | undefined, part: Part): Float32Array {
  const out = new Float32Array(SR);
  const note = { pitch: part.notes[0]!.pitch, velocity: 0.8, gateSamples: SR / 2, seed: 1 };
  voices!.voice(part, note, false).render(out, 0, SR);
  return out;
}

function energy(x: Float32Array): number {
  let e = 0;
  for (const v of x) e += v * v;
  return e;
}

describe.skipIf(!existsSync(GM))("SoundFont subset (skipped without FluidR3_GM)", { timeout: 120_000 }, () => {
  let layout: SoundfontLayout;
  let full: Bank;
  let fullSynth: SpessaSynthProcessor;

  beforeAll(async () => {
    layout = (await readSoundfontLayout(GM)) as SoundfontLayout;
    const data = await readFile(GM);
    full = SoundBankLoader.fromArrayBuffer(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
    fullSynth = await synthFor(full);
  });

  const subset = async (requests: PresetRequest[]) =>
    SoundBankLoader.fromArrayBuffer(await readSoundfontSubset(GM, layout, requests));

  it("reads the file's layout without its sample data", () => {
    expect(layout).toBeDefined();
    expect(layout.smplBytes).toBeGreaterThan(100e6);
    expect(layout.pdta.shdr.length % 46).toBe(0);
    expect(layout.pdta.phdr.length % 38).toBe(0);
  });

  it("keeps every preset header, and the zones and samples of the presets asked for only", async () => {
    const bytes = await readSoundfontSubset(GM, layout, [{ program: 0, kit: false }]);
    // a piano-only score needs a small part of a 148 MB bank
    expect(bytes.byteLength).toBeLessThan(0.1 * layout.smplBytes);
    const bank = SoundBankLoader.fromArrayBuffer(bytes);
    expect(bank.presets.map((p) => p.name)).toEqual(full.presets.map((p) => p.name));
    expect(bank.samples.length).toBeLessThan(full.samples.length / 10);
    for (const s of bank.samples) expect(s.getRawData(false).length, s.name).toBeGreaterThan(0);
    const synth = await synthFor(bank);
    const piano = await chosen(synth, { program: 0, kit: false });
    const fullPiano = await chosen(fullSynth, { program: 0, kit: false });
    expect(piano.preset).toBe("0:0");
    expect(piano.samples.map((id) => bank.samples[id]!.name)).toEqual(
      fullPiano.samples.map((id) => full.samples[id]!.name),
    );
    // strings were not asked for: their preset is there, without zones
    expect((await chosen(synth, { program: 48, kit: false })).samples).toEqual([]);
  });

  it.each([
    ["a piano", { program: 0, kit: false }, 60],
    ["a piano key asked for", { program: 0, kit: false, keys: [40, 62, 81] }, 62],
    ["a string ensemble", { program: 48, kit: false }, 55],
    ["the standard kit's snare", { program: 0, kit: true, keys: [36, 38, 42] }, 38],
    ["the brush kit's hi-hat", { program: 40, kit: true }, 42],
    ["a kit program the bank lacks (falls back to the standard kit)", { program: 5, kit: true, keys: [36] }, 36],
  ] as const)("plays %s exactly as the whole file does", async (_name, request, pitch) => {
    const expected = await renderNote(full, request, pitch);
    const actual = await renderNote(await subset([request]), request, pitch);
    expect(energy(expected)).toBeGreaterThan(0.01);
    let maxDiff = 0;
    for (let i = 0; i < expected.length; i++) maxDiff = Math.max(maxDiff, Math.abs(actual[i]! - expected[i]!));
    expect(maxDiff).toBe(0);
  });

  it("holds every sample the synth can choose, for every melodic program and kit number", async () => {
    const { neededSamples } = await import("../../../../src/engine/synthesize/soundfont/subset.js");
    for (const kit of [false, true]) {
      for (let program = 0; program < 128; program++) {
        const request = { program, kit };
        const needed = new Set(neededSamples(layout, [request]));
        const { preset, samples } = await chosen(fullSynth, request);
        for (const id of samples)
          expect(needed.has(id), `${kit ? "kit" : "program"} ${program} → ${preset}`).toBe(true);
      }
    }
  });

  it("with keys given, holds what any velocity of those keys sounds, and less than the whole preset", async () => {
    const { neededSamples } = await import("../../../../src/engine/synthesize/soundfont/subset.js");
    for (const request of [
      { program: 0, kit: false, keys: [38, 45, 50, 57, 62, 69, 71] },
      { program: 48, kit: false, keys: [55, 60, 67] },
      { program: 0, kit: true, keys: [35, 38, 42, 46, 49] },
    ]) {
      const needed = new Set(neededSamples(layout, [request]));
      const everyKey = neededSamples(layout, [{ program: request.program, kit: request.kit }]);
      expect(needed.size).toBeGreaterThan(0);
      expect(needed.size).toBeLessThan(everyKey.length);
      fullSynth.programChange(request.kit ? 9 : 0, request.program);
      const channel = fullSynth.midiChannels[request.kit ? 9 : 0] as unknown as { preset: VoicePreset };
      for (const key of request.keys) {
        for (let velocity = 1; velocity < 128; velocity++) {
          for (const { sample } of channel.preset.getVoiceParameters(key, velocity)) {
            expect(needed.has(sample.sampleID ?? -1), `${request.program} key ${key} vel ${velocity}`).toBe(true);
          }
        }
      }
    }
  });

  it("renders a score's SoundFont parts from a subset and names the file used", async () => {
    const score = fixtureScore({ durationSeconds: 2, voices: { harmony: ["piano"], drums: ["kit_acoustic"] } });
    const selection = await soundfontParts(score, GM);
    expect(selection?.file).toBe(GM);
    // one request per program and channel, with the keys its part plays
    const pianoPart = score.parts.find((p) => p.voice === "piano")!;
    const kitPart = score.parts.find((p) => p.voice === "kit_acoustic")!;
    const keysOf = (notes: { pitch: number }[]) => [...new Set(notes.map((n) => n.pitch))].sort((a, b) => a - b);
    expect(selection?.presets).toEqual([
      { program: kitPart.program, kit: true, keys: keysOf(kitPart.notes) },
      { program: pianoPart.program, kit: false, keys: keysOf(pianoPart.notes) },
    ]);
    const voices = await soundfontVoices(selection!, SR);
    expect(energy(play(voices, pianoPart))).toBeGreaterThan(0.01);
  });
});

describe.skipIf(!existsSync(GM))(
  "SF3 (Ogg Vorbis samples) subsets (skipped without FluidR3_GM)",
  { timeout: 120_000 },
  () => {
    let dir: string;
    let sf3: string;
    beforeAll(async () => {
      // an SF3 made here: a few FluidR3 presets, their samples compressed to Ogg Vorbis by spessasynth
      dir = await mkdtemp(join(tmpdir(), "sf3-subset-"));
      const layout = (await readSoundfontLayout(GM)) as SoundfontLayout;
      const small = SoundBankLoader.fromArrayBuffer(
        await readSoundfontSubset(GM, layout, [
          { program: 0, kit: false, keys: [48, 60, 72] },
          { program: 0, kit: true, keys: [36, 38, 42] },
        ]),
      );
      await small.setSampleFormat({ format: "compressed", compressionFunction: vorbis });
      sf3 = join(dir, "small.sf3");
      await writeFile(sf3, new Uint8Array(small.writeSF2()));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it.each([
      ["a piano", { program: 0, kit: false, keys: [60] }, 60],
      ["a snare", { program: 0, kit: true, keys: [38] }, 38],
    ] as const)("plays %s from a cut SF3 exactly as from the whole SF3", async (_name, request, pitch) => {
      const layout = (await readSoundfontLayout(sf3)) as SoundfontLayout;
      const data = await readFile(sf3);
      const whole = SoundBankLoader.fromArrayBuffer(
        data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
      );
      const shdr = new DataView(layout.pdta.shdr.buffer, layout.pdta.shdr.byteOffset, layout.pdta.shdr.byteLength);
      const types = Array.from({ length: shdr.byteLength / 46 - 1 }, (_, i) => shdr.getUint16(i * 46 + 44, true));
      expect(types.every((t) => (t & 0x10) !== 0)).toBe(true);
      const cut = await readSoundfontSubset(sf3, layout, [request]);
      expect(cut.byteLength).toBeLessThan(data.byteLength);
      const expected = await renderNote(whole, request, pitch);
      const actual = await renderNote(SoundBankLoader.fromArrayBuffer(cut), request, pitch);
      expect(energy(expected)).toBeGreaterThan(0.001);
      let maxDiff = 0;
      for (let i = 0; i < expected.length; i++) maxDiff = Math.max(maxDiff, Math.abs(actual[i]! - expected[i]!));
      expect(maxDiff).toBe(0);
    });
  },
);

/** Ogg Vorbis for one mono sample (what MuseScore's .sf3 banks hold). */
async function vorbis(audio: Float32Array, sampleRate: number): Promise<Uint8Array> {
  const encoder = await createOggEncoder();
  encoder.configure({ sampleRate, channels: 1, vbrQuality: 3 });
  const parts = [encoder.encode([audio]).slice(), encoder.finalize().slice()];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe("SoundFont files that cannot be cut or loaded", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "sf-subset-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const score = fixtureScore({ durationSeconds: 2, voices: { harmony: ["piano"] } });

  it("leaves every part built-in for a file that is not a SoundFont", async () => {
    const file = join(dir, "noise.sf2");
    await writeFile(file, Buffer.from("this is not a RIFF file at all, just text"));
    expect(await soundfontParts(score, file)).toBeUndefined();
  });

  it.skipIf(!existsSync(GM))("reads a file again when it was replaced", async () => {
    const file = join(dir, "replaced.sf2");
    const layout = (await readSoundfontLayout(GM)) as SoundfontLayout;
    const piano = [{ program: 0, kit: false, keys: [60] }];
    await writeFile(file, new Uint8Array(await readSoundfontSubset(GM, layout, piano)));
    expect((await loadBank(file, piano)).samples.length).toBeGreaterThan(0);
    // the same path now holds a bank cut for a kit only: its piano has no samples
    await writeFile(
      file,
      new Uint8Array(await readSoundfontSubset(GM, layout, [{ program: 0, kit: true, keys: [38] }])),
    );
    expect((await loadBank(file, piano)).samples.every((s) => !s.name.toLowerCase().includes("piano"))).toBe(true);
  });

  it("leaves every part built-in for a missing file", async () => {
    expect(await soundfontParts(score, join(dir, "missing.sf2"))).toBeUndefined();
  });

  it.skipIf(!existsSync(GM))("leaves every part built-in for a truncated SoundFont", async () => {
    const file = join(dir, "truncated.sf2");
    const handle = await readFile(GM).then((b) => b.subarray(0, 1 << 20));
    await writeFile(file, handle);
    await expect(readSoundfontLayout(file)).rejects.toThrow();
    expect(await soundfontParts(score, file)).toBeUndefined();
  });
});
