/**
 * Score → Standard MIDI File, type 1, through @tonejs/midi.
 *
 *   track 0 (conductor): title, tempo map, time signature, key signature, section and loop markers
 *   track n: one per part — name, program change, volume/pan/reverb CCs, notes (drums on channel 10)
 *
 * Times are converted to ticks through the score's own tempo map (seconds → quarter beats → ticks), so the
 * notes land on the grid the composer used even when the tempo changes.
 */
import * as tonejsMidi from "@tonejs/midi";
import { keySignature } from "../theory/scales.js";
import type { Note, Part, Score, Seconds, TempoPoint } from "../types.js";

// @tonejs/midi is CommonJS: under Node's ESM loader its exports sit on `default`, under a CJS transform on the
// namespace itself.
type MidiModule = typeof import("@tonejs/midi");
const tonejs = tonejsMidi as MidiModule & { default?: MidiModule };
const Midi = tonejs.Midi ?? tonejs.default?.Midi;

export const MIDI_DEFAULTS = {
  ppq: 480,
  drumChannel: 9,
  loopStartMarker: "loopStart",
  loopEndMarker: "loopEnd",
} as const;

/**
 * @tonejs/midi 2.0.28 writes a key signature's sharps/flats byte as (index + 7) instead of (index − 7), so the
 * byte is rewritten after encoding: meta event FF 59 02 <sf: int8> <mi: 0 major, 1 minor>.
 */
function patchKeySignature(bytes: Uint8Array, fifths: number): Uint8Array {
  // The first FF 59 02 is the conductor track's key signature: only the header chunk and the title's trackName
  // precede it, and 0xFF never occurs inside UTF-8 text.
  for (let i = 14; i + 4 < bytes.length; i++) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0x59 && bytes[i + 2] === 0x02) {
      bytes[i + 3] = fifths & 0xff;
      break;
    }
  }
  return bytes;
}

/** Seconds → quarter-note beats along a tempo map (sorted by beat; falls back to one constant tempo). */
export function secondsToBeats(time: Seconds, tempoMap: readonly TempoPoint[], bpm: number): number {
  let point: TempoPoint = { beat: 0, time: 0, bpm };
  for (const p of tempoMap) {
    if (p.time <= time + 1e-9) point = p;
    else break;
  }
  return point.beat + ((time - point.time) * point.bpm) / 60;
}

/** A 7-bit value v/127 that @tonejs/midi's floor(v × 127) turns back into exactly v. */
function sevenBit(value: number): number {
  return (Math.min(127, Math.max(0, Math.round(value))) + 0.25) / 127;
}

/** GM channel volume curve: gain dB = 40 log10(cc / 127). */
function volumeCc(gainDb: number): number {
  return 127 * 10 ** (Math.min(0, gainDb) / 40);
}

function channelsFor(parts: readonly Part[]): number[] {
  const melodic = [...Array(16).keys()].filter((c) => c !== MIDI_DEFAULTS.drumChannel);
  const byProgram = new Map<number, number>();
  let next = 0;
  return parts.map((part) => {
    if (part.isDrum) return MIDI_DEFAULTS.drumChannel;
    const shared = byProgram.get(part.program);
    if (next >= melodic.length && shared !== undefined) return shared;
    const channel = melodic[next % melodic.length] ?? 0;
    next++;
    byProgram.set(part.program, channel);
    return channel;
  });
}

interface TickNote {
  midi: number;
  ticks: number;
  durationTicks: number;
  velocity: number;
}

/** Notes as ticks, with same-pitch overlaps trimmed so every note-on has its own note-off. */
function toTickNotes(notes: readonly Note[], toTicks: (t: Seconds) => number): TickNote[] {
  const sorted = notes
    .map((n) => {
      const ticks = Math.max(0, toTicks(n.start));
      const end = Math.max(ticks + 1, toTicks(n.start + n.duration));
      return {
        midi: Math.min(127, Math.max(0, Math.round(n.pitch))),
        ticks,
        durationTicks: end - ticks,
        velocity: Math.max(1, Math.round(n.velocity * 127)),
      };
    })
    .sort((a, b) => a.ticks - b.ticks || a.midi - b.midi || b.velocity - a.velocity);
  const lastByPitch = new Map<number, TickNote>();
  const kept: TickNote[] = [];
  for (const note of sorted) {
    const previous = lastByPitch.get(note.midi);
    if (previous && previous.ticks === note.ticks) continue;
    if (previous && previous.ticks + previous.durationTicks > note.ticks) {
      previous.durationTicks = note.ticks - previous.ticks;
    }
    lastByPitch.set(note.midi, note);
    kept.push(note);
  }
  return kept;
}

/** Score → Standard MIDI File (type 1) bytes. */
export function scoreToMidi(score: Score): Uint8Array {
  const midi = new Midi();
  const ppq = midi.header.ppq;
  const tempoMap = [...score.tempoMap].sort((a, b) => a.beat - b.beat);
  const toTicks = (t: Seconds) => Math.round(secondsToBeats(t, tempoMap, score.bpm) * ppq);

  midi.header.name = score.title;
  const tempos = tempoMap.length > 0 ? tempoMap : [{ beat: 0, time: 0, bpm: score.bpm }];
  if ((tempos[0]?.beat ?? 0) > 0) tempos.unshift({ beat: 0, time: 0, bpm: score.bpm });
  for (const p of tempos) midi.header.tempos.push({ ticks: Math.round(p.beat * ppq), bpm: p.bpm });
  midi.header.timeSignatures.push({ ticks: 0, timeSignature: [score.meter.beatsPerBar, score.meter.beatUnit] });
  const signature = keySignature(score.key);
  midi.header.keySignatures.push({
    ticks: 0,
    key: "C",
    scale: signature.minor ? "minor" : "major",
  });
  for (const section of score.sections) {
    midi.header.meta.push({ type: "marker", text: section.name, ticks: toTicks(section.start) });
  }
  if (score.loop) {
    midi.header.meta.push({ type: "marker", text: MIDI_DEFAULTS.loopStartMarker, ticks: toTicks(score.loop.start) });
    midi.header.meta.push({ type: "marker", text: MIDI_DEFAULTS.loopEndMarker, ticks: toTicks(score.loop.end) });
  }
  midi.header.meta.sort((a, b) => a.ticks - b.ticks);
  midi.header.update();

  const channels = channelsFor(score.parts);
  score.parts.forEach((part, index) => {
    const track = midi.addTrack();
    track.name = part.name;
    track.channel = channels[index] ?? 0;
    track.instrument.number = Math.min(127, Math.max(0, Math.round(part.program)));
    track.addCC({ number: 7, ticks: 0, value: sevenBit(volumeCc(part.gainDb)) });
    track.addCC({ number: 10, ticks: 0, value: sevenBit(64 + part.pan * 63) });
    track.addCC({ number: 91, ticks: 0, value: sevenBit(part.reverbSend * 127) });
    for (const note of toTickNotes(part.notes, toTicks)) {
      track.addNote({
        midi: note.midi,
        ticks: note.ticks,
        durationTicks: note.durationTicks,
        velocity: sevenBit(note.velocity),
      });
    }
  });
  return patchKeySignature(midi.toArray(), signature.fifths);
}
