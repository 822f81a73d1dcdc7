/**
 * SoundFont path: the acoustic parts (pianos, guitars, strings, brass, winds, mallets, choir, ethnic,
 * acoustic drum kits) are played by spessasynth_core (pure JS SF2/SF3 synthesis) from a GM SoundFont, one
 * synthesizer per role so each stem keeps its parts. Synths, sound effects and electronic kits stay
 * built-in. The parsed bank is cached per file for the life of the process. Rendering runs in this thread
 * while the workers render the built-in parts; SoundFont parts take the synthesizer's own reverb/chorus.
 * Any failure (missing file, bad bank) returns false and the caller renders those parts built-in instead.
 */
import { readFile } from "node:fs/promises";
import { SoundBankLoader, SpessaSynthProcessor } from "spessasynth_core";
import { dbToGain } from "../../dsp/filters.js";
import type { Part, Role, Score } from "../../types.js";
import type { SharedTargets } from "../render/protocol.js";

export interface SoundfontSelection {
  file: string;
  parts: Part[];
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
/** Same trims as the built-in buses, so switching engines keeps the balance. */
const ROLE_GAIN_DB: Record<Role, number> = { drums: 0, bass: -1, harmony: -3, melody: -1.5, fx: -5 };
const BLOCK = 128;

type Bank = ReturnType<typeof SoundBankLoader.fromArrayBuffer>;
const banks = new Map<string, Promise<Bank>>();

function loadBank(file: string): Promise<Bank> {
  let bank = banks.get(file);
  if (!bank) {
    bank = readFile(file).then((data) =>
      SoundBankLoader.fromArrayBuffer(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
    );
    bank.catch(() => banks.delete(file));
    banks.set(file, bank);
  }
  return bank;
}

export function usesSoundfont(part: Part): boolean {
  if (part.isDrum || part.role === "drums") return SAMPLED_KITS.has(part.voice);
  if (part.role === "fx" || part.family === "fx" || part.family === "synth") return false;
  return ACOUSTIC_FAMILIES.has(part.family) && !SYNTH_BASSES.has(part.voice);
}

/** The parts the SoundFont will play; undefined when the file cannot be loaded (built-in for all). */
export async function soundfontParts(score: Score, file: string): Promise<SoundfontSelection | undefined> {
  const parts = score.parts.filter(usesSoundfont);
  if (parts.length === 0) return undefined;
  try {
    await loadBank(file);
  } catch {
    return undefined;
  }
  return { file, parts };
}

interface Event {
  at: number;
  on: boolean;
  channel: number;
  pitch: number;
  velocity: number;
}

export async function renderSoundfontParts(
  score: Score,
  sf: SoundfontSelection,
  sampleRate: number,
  length: number,
  buffers: SharedTargets,
  onProgress: (fraction: number) => void,
): Promise<boolean> {
  let bank: Bank;
  try {
    bank = await loadBank(sf.file);
  } catch {
    return false;
  }
  const roles = [...new Set(sf.parts.map((p) => p.role))];
  const left = new Float32Array(BLOCK);
  const right = new Float32Array(BLOCK);
  let done = 0;
  for (const role of roles) {
    const target = buffers.mix ?? buffers.outputs[role];
    if (!target) continue;
    const outL = new Float32Array(target.left);
    const outR = new Float32Array(target.right);
    const synth = new SpessaSynthProcessor(sampleRate, { maxBufferSize: BLOCK, effectsEnabled: true });
    synth.soundBankManager.addSoundBank(bank, "main");
    await synth.processorInitialized;
    const parts = sf.parts.filter((p) => p.role === role);
    const events: Event[] = [];
    let melodic = 0;
    for (const part of parts) {
      const drum = part.isDrum || part.role === "drums";
      const channel = drum ? 9 : melodic === 9 ? ++melodic : melodic;
      if (!drum) melodic = channel + 1;
      if (channel > 15) break;
      synth.programChange(channel, part.program);
      synth.controllerChange(channel, 7, Math.round(100 * Math.min(1, dbToGain(part.gainDb))));
      synth.controllerChange(channel, 10, Math.round(64 + 63 * Math.max(-1, Math.min(1, part.pan))));
      synth.controllerChange(channel, 91, Math.round(127 * Math.min(1, part.reverbSend * (1 + score.mix.space))));
      for (const n of part.notes) {
        const on = Math.round(n.start * sampleRate);
        const off = Math.round((n.start + Math.max(n.duration, 0.01)) * sampleRate);
        const velocity = Math.max(1, Math.min(127, Math.round(n.velocity * 127)));
        events.push({ at: on, on: true, channel, pitch: n.pitch, velocity });
        events.push({ at: off, on: false, channel, pitch: n.pitch, velocity: 0 });
      }
    }
    // note-offs before note-ons at the same sample, so a repeated pitch retriggers
    events.sort((a, b) => a.at - b.at || Number(a.on) - Number(b.on));
    const gain = dbToGain(ROLE_GAIN_DB[role]);
    let e = 0;
    for (let t = 0; t < length; ) {
      while (e < events.length && events[e]!.at <= t) {
        const ev = events[e++]!;
        if (ev.on) synth.noteOn(ev.channel, ev.pitch, ev.velocity);
        else synth.noteOff(ev.channel, ev.pitch);
      }
      const next = e < events.length ? events[e]!.at : length;
      const n = Math.max(1, Math.min(BLOCK, next - t, length - t));
      left.fill(0, 0, n);
      right.fill(0, 0, n);
      synth.process(left, right, 0, n);
      for (let i = 0; i < n; i++) {
        outL[t + i]! += left[i]! * gain;
        outR[t + i]! += right[i]! * gain;
      }
      t += n;
      if ((t & 0xffff) < n) {
        onProgress((done + t / length) / roles.length);
        await new Promise((r) => setImmediate(r)); // let worker progress messages through
      }
    }
    done++;
  }
  onProgress(1);
  return true;
}
