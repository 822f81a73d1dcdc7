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
 * Serialising. @tonejs/midi holds the file (header, tracks, notes, controllers); its own writer (midi-file 1.2)
 * copies the whole track buffer for every delta over 127 ticks — quadratic, seconds for a long piece — and
 * writes a key signature's sharps/flats byte as index + 7 instead of index − 7. So the model is written here,
 * linearly, byte for byte as the Standard MIDI File 1.0 specification lays it out.
 */
interface SmfEvent {
  tick: number;
  /** Order among events on the same tick (note-offs before note-ons, meta before notes). */
  order: number;
  bytes: number[];
}

const utf8 = new TextEncoder();

function varInt(value: number): number[] {
  const bytes: number[] = [];
  pushVarInt(bytes, value);
  return bytes;
}

/**
 * varInt(value) pushed onto `out` (a track's thousands of deltas need no array each): 7 bits a byte, most
 * significant first, each but the last with its top bit set, of the value as an unsigned 32-bit integer.
 */
function pushVarInt(out: number[], value: number): void {
  const v = Math.max(0, Math.floor(value)) >>> 0;
  let shift = 28;
  while (shift > 0 && v >>> shift === 0) shift -= 7;
  for (; shift > 0; shift -= 7) out.push(((v >>> shift) & 0x7f) | 0x80);
  out.push(v & 0x7f);
}

function meta(type: number, data: readonly number[]): number[] {
  return [0xff, type, ...varInt(data.length), ...data];
}

/** A chunk: its id, its length (32-bit big-endian), its body (copied in whole: a track's body is tens of kB). */
function chunk(id: string, body: readonly number[]): Uint8Array {
  const n = body.length;
  const out = new Uint8Array(8 + n);
  out.set(utf8.encode(id));
  out.set([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff], 4);
  out.set(body, 8);
  return out;
}

function trackBody(events: SmfEvent[]): number[] {
  events.sort((a, b) => a.tick - b.tick || a.order - b.order);
  const out: number[] = [];
  let last = 0;
  for (const e of events) {
    pushVarInt(out, e.tick - last);
    for (const b of e.bytes) out.push(b);
    last = e.tick;
  }
  out.push(0x00, 0xff, 0x2f, 0x00);
  return out;
}

type MidiFile = InstanceType<typeof Midi>;

function conductorEvents(midi: MidiFile, fifths: number): SmfEvent[] {
  const h = midi.header;
  const events: SmfEvent[] = [{ tick: 0, order: 0, bytes: meta(0x03, [...utf8.encode(h.name)]) }];
  for (const k of h.keySignatures) {
    events.push({ tick: k.ticks, order: 1, bytes: meta(0x59, [fifths & 0xff, k.scale === "minor" ? 1 : 0]) });
  }
  for (const t of h.timeSignatures) {
    const [numerator = 4, denominator = 4] = t.timeSignature;
    events.push({ tick: t.ticks, order: 2, bytes: meta(0x58, [numerator, Math.round(Math.log2(denominator)), 24, 8]) });
  }
  for (const t of h.tempos) {
    const us = Math.round(60_000_000 / t.bpm);
    events.push({ tick: t.ticks, order: 3, bytes: meta(0x51, [(us >>> 16) & 0xff, (us >>> 8) & 0xff, us & 0xff]) });
  }
  for (const m of h.meta) events.push({ tick: m.ticks, order: 4, bytes: meta(0x06, [...utf8.encode(m.text)]) });
  return events;
}

function partEvents(track: MidiFile["tracks"][number]): SmfEvent[] {
  const ch = track.channel & 0x0f;
  const events: SmfEvent[] = [
    { tick: 0, order: 0, bytes: meta(0x03, [...utf8.encode(track.name)]) },
    { tick: 0, order: 1, bytes: [0xc0 | ch, track.instrument.number & 0x7f] },
  ];
  for (const list of Object.values(track.controlChanges)) {
    for (const cc of list)
      events.push({
        tick: cc.ticks,
        order: 2,
        bytes: [0xb0 | ch, cc.number & 0x7f, Math.floor(cc.value * 127) & 0x7f],
      });
  }
  for (const n of track.notes) {
    const velocity = Math.min(127, Math.max(1, Math.floor(n.velocity * 127)));
    events.push({ tick: n.ticks, order: 4, bytes: [0x90 | ch, n.midi & 0x7f, velocity] });
    events.push({ tick: n.ticks + n.durationTicks, order: 3, bytes: [0x80 | ch, n.midi & 0x7f, 0] });
  }
  return events;
}

function writeSmf(midi: MidiFile, fifths: number): Uint8Array {
  const ppq = midi.header.ppq;
  const tracks = [conductorEvents(midi, fifths), ...midi.tracks.map(partEvents)].map((events) =>
    chunk("MTrk", trackBody(events)),
  );
  const header = chunk("MThd", [
    0,
    1,
    (tracks.length >>> 8) & 0xff,
    tracks.length & 0xff,
    (ppq >>> 8) & 0xff,
    ppq & 0xff,
  ]);
  const bytes = new Uint8Array(header.length + tracks.reduce((n, t) => n + t.length, 0));
  bytes.set(header, 0);
  let offset = header.length;
  for (const t of tracks) {
    bytes.set(t, offset);
    offset += t.length;
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
  return writeSmf(midi, signature.fifths);
}
