/**
 * SoundFont path: the acoustic parts (pianos, guitars, strings, brass, winds, mallets, choir, ethnic,
 * acoustic drum kits) are played by spessasynth_core (pure JS SF2/SF3 synthesis) from a GM SoundFont.
 * Synths, sound effects and electronic kits stay built-in. Each distinct note is rendered once, dry, into the
 * note bank — by the render workers, which share the notes out by (part, key) alongside the built-in ones, or
 * for a long piece by a process of its own (render/sampler-process.ts); from there every part is mixed alike —
 * pan, EQ, sends, the shared reverb, stems. The bank parsed is a subset of the file holding only the presets
 * and keys a thread plays (subset.ts): a whole GM bank parsed is ~450 MB. A file that cannot be loaded leaves
 * every part built-in.
 */
import type { SpessaSynthProcessor } from "spessasynth_core";
import type { Part, Score } from "../../types.js";
import { DrumHit } from "../drums/hit.js";
import { drumSound, resolveKit } from "../drums/kits.js";
import type { SampledVoices } from "../render/schedule.js";
import { voiceFor } from "../voices/presets.js";
import type { Voice, VoiceNote } from "../voices/voice.js";
import { type Bank, checkSoundfont, distinct, loadBank } from "./banks.js";

import type { PresetRequest } from "./subset.js";

export interface SoundfontSelection {
  file: string;
  parts: Part[];
  /** The programs the parts select (melodic on channel 0, kits on channel 9) and their keys: what the subset holds. */
  presets: PresetRequest[];
}

const ACOUSTIC_FAMILIES = new Set([
  "piano",
  "epiano",
  "organ",
  "guitar_family",
  "bass",
  "strings",
  "brass",
  "woodwind",
  "mallets",
  "choir",
  "ethnic",
]);
const SYNTH_BASSES = new Set(["synth_bass", "sub_bass", "bass_808", "wobble_bass"]);
const SAMPLED_KITS = new Set(["kit_acoustic", "kit_brushes", "kit_orchestral"]);

export function usesSoundfont(part: Part): boolean {
  if (part.isDrum || part.role === "drums") return SAMPLED_KITS.has(part.voice);
  if (part.role === "fx" || part.family === "fx" || part.family === "synth") return false;
  return ACOUSTIC_FAMILIES.has(part.family) && !SYNTH_BASSES.has(part.voice);
}

/** The preset a part selects (its GM program, on the drum channel for kits) and the keys it plays. */
function presetRequest(part: Part): PresetRequest {
  const kit = part.isDrum || part.role === "drums";
  const keys = new Set(part.notes.map((n) => n.pitch));
  keys.add(referenceNote(part, kit).pitch);
  return { program: part.program, kit, keys: [...keys].sort((a, b) => a - b) };
}

/** The parts the SoundFont will play; undefined when the file cannot be loaded (built-in for all). */
export async function soundfontParts(score: Score, file: string): Promise<SoundfontSelection | undefined> {
  const parts = score.parts.filter(usesSoundfont);
  if (parts.length === 0) return undefined;
  const presets = distinct(parts.map(presetRequest));
  try {
    // the notes are synthesised by the render workers: here the file only has to prove readable
    await checkSoundfont(file, presets);
  } catch {
    return undefined;
  }
  return { file, parts, presets };
}

/**
 * The selection cut to the keys `keep` admits, for a thread that plays only those notes: it loads only their
 * samples. Each part's reference key stays, so every thread matches the part's level alike.
 */
export function narrowSelection(
  selection: SoundfontSelection,
  keep: (part: Part, pitch: number) => boolean,
): SoundfontSelection {
  const presets = selection.parts.map((part) => {
    const request = presetRequest(part);
    const reference = referenceNote(part, request.kit).pitch;
    return { ...request, keys: (request.keys ?? []).filter((k) => k === reference || keep(part, k)) };
  });
  return { ...selection, presets: distinct(presets) };
}

/** Samples per processor call (spessasynth's buffer). */
const SF_BLOCK = 128;
/** A constant-power centre in spessasynth is −3 dB a side; mono = (L + R) / √2 keeps a centred sample's level. */
const MONO = Math.SQRT1_2;
/** GM banks are mastered far quieter than the built-in voices (and unevenly): each part is matched, within limits. */
const CALIBRATION_LIMITS_DB: [number, number] = [-6, 24];

/**
 * One note of a SoundFont preset as a built-in-style voice: note-on, the gate, note-off, then the release until
 * the synthesizer falls silent. Notes are rendered one at a time (into the note bank), so a single processor
 * serves them all; it runs dry — panning, reverb and EQ are the mix's, as for every other part.
 */
class SoundfontVoice implements Voice {
  private t = 0;
  private released = false;
  private readonly fadeFrom: number;

  constructor(
    private readonly synth: SpessaSynthProcessor,
    private readonly scratch: { left: Float32Array; right: Float32Array },
    private readonly channel: number,
    private readonly pitch: number,
    velocity: number,
    private readonly gate: number,
    /** Drums: cut (3 ms fade) where the next closed hat chokes an open one; Infinity otherwise. */
    choke: number,
    /** Level match to the built-in voice of the same part. */
    private readonly gain = 1,
  ) {
    synth.stopAllChannels(true);
    synth.noteOn(channel, pitch, Math.max(1, Math.min(127, Math.round(velocity * 127))));
    this.fadeFrom = choke;
  }

  render(out: Float32Array, from: number, to: number): boolean {
    const { left, right } = this.scratch;
    let i = from;
    while (i < to) {
      if (!this.released && this.t >= this.gate) {
        this.synth.noteOff(this.channel, this.pitch);
        this.released = true;
      }
      let n = Math.min(SF_BLOCK, to - i);
      if (!this.released) n = Math.min(n, this.gate - this.t);
      left.fill(0, 0, n);
      right.fill(0, 0, n);
      this.synth.process(left, right, 0, n);
      for (let j = 0; j < n; j++) {
        let v = (left[j]! + right[j]!) * MONO * this.gain;
        const past = this.t + j - this.fadeFrom;
        if (past > 0) v *= Math.max(0, 1 - past / 132);
        out[i + j]! += v;
      }
      i += n;
      this.t += n;
      if (this.t > this.fadeFrom + 132) return false;
      if (this.released && this.synth.voiceCount === 0) return false;
    }
    return true;
  }
}

/**
 * The SoundFont's voices for the note bank, or undefined when the file cannot be loaded (the parts then play
 * built-in). Melodic parts use channel 0 with the part's GM program; kits use channel 9. The bank holds exactly
 * the selection's presets.
 */
export async function soundfontVoices(
  selection: SoundfontSelection,
  sampleRate: number,
): Promise<SampledVoices | undefined> {
  let bank: Bank;
  try {
    bank = await loadBank(selection.file, selection.presets);
  } catch {
    return undefined;
  }
  const { SpessaSynthProcessor: Processor } = await import("spessasynth_core");
  const synth = new Processor(sampleRate, { maxBufferSize: SF_BLOCK, effectsEnabled: false });
  synth.soundBankManager.addSoundBank(bank, "main");
  await synth.processorInitialized;
  const scratch = { left: new Float32Array(SF_BLOCK), right: new Float32Array(SF_BLOCK) };
  // the program on each channel (a kit's program picks the GM kit: standard, brush, orchestra...)
  const programs = [-1, -1];
  const select = (channel: number, program: number) => {
    const slot = channel === 9 ? 1 : 0;
    if (program !== programs[slot]) {
      synth.programChange(channel, program);
      programs[slot] = program;
    }
  };
  const gains = new Map<string, number>();
  const calibration = (part: Part, drum: boolean): number => {
    let g = gains.get(part.id);
    if (g !== undefined) return g;
    const reference = referenceNote(part, drum);
    const channel = drum ? 9 : 0;
    select(channel, part.program);
    const sampledRms = rms(
      new SoundfontVoice(synth, scratch, channel, reference.pitch, 0.8, reference.gateSamples, Infinity),
      sampleRate,
    );
    const builtinRms = rms(builtinVoice(part, drum, reference, sampleRate), sampleRate);
    const db = sampledRms > 0 && builtinRms > 0 ? 20 * Math.log10(builtinRms / sampledRms) : 0;
    g = 10 ** (Math.max(CALIBRATION_LIMITS_DB[0], Math.min(CALIBRATION_LIMITS_DB[1], db)) / 20);
    gains.set(part.id, g);
    return g;
  };
  return {
    voice(part: Part, note: VoiceNote, drum: boolean): Voice {
      const gain = calibration(part, drum);
      const channel = drum ? 9 : 0;
      select(channel, part.program);
      // a kit's gate is its choke point (or a second when nothing chokes it)
      const choke = drum && note.gateSamples < sampleRate ? note.gateSamples : Number.POSITIVE_INFINITY;
      return new SoundfontVoice(synth, scratch, channel, note.pitch, note.velocity, note.gateSamples, choke, gain);
    },
  };
}

/** The part's typical note: its median pitch (a snare for kits), half a second, velocity 0.8. */
function referenceNote(part: Part, drum: boolean): VoiceNote {
  const pitches = part.notes.map((n) => n.pitch).sort((a, b) => a - b);
  const pitch = drum
    ? pitches.includes(38)
      ? 38
      : (pitches[pitches.length >> 1] ?? 38)
    : (pitches[pitches.length >> 1] ?? 60);
  return { pitch, velocity: 0.8, gateSamples: 22050, seed: 1 };
}

function builtinVoice(part: Part, drum: boolean, note: VoiceNote, sampleRate: number): Voice {
  if (drum) {
    const sound = drumSound(resolveKit(part.voice, part.kit), note.pitch);
    if (sound) return new DrumHit(sound.spec, sampleRate, note.velocity, note.seed, sound.tune);
  }
  return voiceFor(part.voice, part.family).create(note, { sampleRate, bpm: 120 });
}

/** RMS over a note's first second (its body, where loudness is judged). */
function rms(voice: Voice, sampleRate: number): number {
  const buf = new Float32Array(sampleRate);
  voice.render(buf, 0, buf.length);
  let e = 0;
  for (const x of buf) e += x * x;
  return Math.sqrt(e / buf.length);
}
