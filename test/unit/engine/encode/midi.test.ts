import tonejsMidi from "@tonejs/midi";
import { describe, expect, it } from "vitest";
import { scoreToMidi, secondsToBeats } from "../../../../src/engine/encode/midi.js";
import { NEUTRAL_MIX, type Note, type Part, type Score } from "../../../../src/engine/types.js";

const { Midi } = tonejsMidi;

function part(over: Partial<Part> & Pick<Part, "id" | "role" | "voice" | "family" | "program">): Part {
  return { name: over.id, isDrum: false, notes: [], gainDb: -6, pan: 0, reverbSend: 0.2, ...over };
}

/** A hand-made 4-bar 3/4 piece in E minor at 120 BPM that slows to 100 BPM at bar 3. */
function fixture(overrides: Partial<Score> = {}): Score {
  const beat = 0.5;
  const melody: Note[] = [64, 66, 67, 71, 69, 67].map((pitch, i) => ({
    pitch,
    start: i * beat,
    duration: beat * 0.9,
    velocity: 0.7,
  }));
  // After the tempo change (beat 6 = 3 s) a beat lasts 0.6 s.
  melody.push({ pitch: 64, start: 3 + 0.6, duration: 1.2, velocity: 0.8 });
  const kick: Note[] = [0, 1.5, 3, 4.8].map((start) => ({ pitch: 36, start, duration: 0.1, velocity: 0.9 }));
  return {
    title: "Fixture waltz",
    style: "waltz",
    bpm: 120,
    tempoMap: [
      { beat: 0, time: 0, bpm: 120 },
      { beat: 6, time: 3, bpm: 100 },
    ],
    meter: { beatsPerBar: 3, beatUnit: 4 },
    key: { tonic: "E", mode: "minor" },
    duration: 6.6,
    sections: [
      { name: "A", kind: "verse", start: 0, end: 3, startBar: 0, bars: 2, energy: 0.4 },
      { name: "B", kind: "chorus", start: 3, end: 6.6, startBar: 2, bars: 2, energy: 0.7 },
    ],
    parts: [
      part({ id: "lead", role: "melody", voice: "music_box", family: "mallets", program: 10, notes: melody }),
      part({
        id: "drums",
        role: "drums",
        voice: "kit_acoustic",
        family: "drums",
        program: 0,
        isDrum: true,
        notes: kick,
      }),
      part({
        id: "pad",
        role: "harmony",
        voice: "warm_pad",
        family: "synth",
        program: 89,
        pan: -0.5,
        notes: [{ pitch: 52, start: 0, duration: 3, velocity: 0.5 }],
      }),
    ],
    hits: [],
    loop: null,
    ending: "cadence",
    mix: NEUTRAL_MIX,
    lufs: -14,
    swing: 0.5,
    seed: 1,
    ...overrides,
  };
}

describe("secondsToBeats", () => {
  it("follows tempo changes", () => {
    const map = fixture().tempoMap;
    expect(secondsToBeats(1.5, map, 120)).toBeCloseTo(3, 9);
    expect(secondsToBeats(3.6, map, 120)).toBeCloseTo(7, 9);
  });
});

describe("scoreToMidi", () => {
  it("writes a type-1 Standard MIDI File with a conductor track plus one track per part", () => {
    const bytes = scoreToMidi(fixture());
    expect(String.fromCharCode(...bytes.slice(0, 4))).toBe("MThd");
    expect((bytes[8] ?? 0) * 256 + (bytes[9] ?? 0)).toBe(1);
    expect((bytes[10] ?? 0) * 256 + (bytes[11] ?? 0)).toBe(4);
  });

  it("round-trips tempo map, meter, key signature and markers", () => {
    const midi = new Midi(scoreToMidi(fixture({ loop: { start: 0, end: 6.6 } })));
    expect(midi.header.name).toBe("Fixture waltz");
    expect(midi.header.tempos.map((t) => Math.round(t.bpm * 100) / 100)).toEqual([120, 100]);
    expect(midi.header.tempos[1]?.ticks).toBe(6 * midi.header.ppq);
    expect(midi.header.timeSignatures[0]?.timeSignature).toEqual([3, 4]);
    // E minor: one sharp, minor flag (tonejs names it by the relative major).
    expect(midi.header.keySignatures[0]).toMatchObject({ key: "G", scale: "minor" });
    const markers = midi.header.meta.filter((m) => m.type === "marker").map((m) => [m.text, m.ticks]);
    expect(markers).toContainEqual(["A", 0]);
    expect(markers).toContainEqual(["B", 6 * midi.header.ppq]);
    expect(markers).toContainEqual(["loopStart", 0]);
    expect(markers).toContainEqual(["loopEnd", 12 * midi.header.ppq]);
  });

  it("writes no loop markers when the score does not loop", () => {
    const midi = new Midi(scoreToMidi(fixture()));
    expect(midi.header.meta.some((m) => m.text.startsWith("loop"))).toBe(false);
  });

  it("names tracks, sets programs and puts drums on channel 10", () => {
    const midi = new Midi(scoreToMidi(fixture()));
    expect(midi.tracks.map((t) => t.name)).toEqual(["lead", "drums", "pad"]);
    expect(midi.tracks.map((t) => t.instrument.number)).toEqual([10, 0, 89]);
    expect(midi.tracks[1]?.channel).toBe(9);
    expect(midi.tracks[0]?.channel).not.toBe(9);
    expect(midi.tracks[0]?.channel).not.toBe(midi.tracks[2]?.channel);
    const pan = midi.tracks[2]?.controlChanges[10]?.[0]?.value ?? 0;
    expect(Math.round(pan * 127)).toBe(Math.round(64 - 0.5 * 63));
  });

  it("keeps note times, pitches and velocities through the tempo change", () => {
    const score = fixture();
    const midi = new Midi(scoreToMidi(score));
    const notes = midi.tracks[0]?.notes ?? [];
    const source = score.parts[0]?.notes ?? [];
    expect(notes).toHaveLength(source.length);
    notes.forEach((n, i) => {
      const s = source[i];
      expect(n.midi).toBe(s?.pitch);
      expect(n.time).toBeCloseTo(s?.start ?? -1, 2);
      expect(n.duration).toBeCloseTo(s?.duration ?? -1, 2);
      expect(Math.abs(n.velocity - (s?.velocity ?? 0))).toBeLessThanOrEqual(1 / 127);
    });
    expect(midi.duration).toBeCloseTo(4.9, 2);
  });

  it("trims same-pitch overlaps and drops duplicates so every note-on has its own note-off", () => {
    const notes: Note[] = [
      { pitch: 60, start: 0, duration: 2, velocity: 0.5 },
      { pitch: 60, start: 1, duration: 1, velocity: 0.5 },
      { pitch: 60, start: 1, duration: 1, velocity: 0.4 },
    ];
    const score = fixture({
      parts: [part({ id: "p", role: "harmony", voice: "piano", family: "piano", program: 0, notes })],
    });
    const read = new Midi(scoreToMidi(score)).tracks[0]?.notes ?? [];
    expect(read.map((n) => [n.time, n.duration])).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });

  it("never writes a zero velocity (which would be a note-off)", () => {
    const notes: Note[] = [{ pitch: 60, start: 0, duration: 1, velocity: 0.001 }];
    const score = fixture({
      parts: [part({ id: "p", role: "harmony", voice: "piano", family: "piano", program: 0, notes })],
    });
    const read = new Midi(scoreToMidi(score)).tracks[0]?.notes ?? [];
    expect(read).toHaveLength(1);
    expect(read[0]?.velocity).toBeGreaterThan(0);
  });

  it("is deterministic", () => {
    expect(Buffer.from(scoreToMidi(fixture())).equals(Buffer.from(scoreToMidi(fixture())))).toBe(true);
  });

  it("writes flat and sharp key signatures for modes", () => {
    const sig = (tonic: string, mode: Score["key"]["mode"]) =>
      new Midi(scoreToMidi(fixture({ key: { tonic, mode } }))).header.keySignatures[0];
    expect(sig("Eb", "major")).toMatchObject({ key: "Eb", scale: "major" });
    expect(sig("D", "dorian")).toMatchObject({ key: "C", scale: "minor" });
    expect(sig("F#", "minor")).toMatchObject({ key: "A", scale: "minor" });
    expect(sig("G#", "major")).toMatchObject({ key: "Ab", scale: "major" });
  });

  it("writes the key signature bytes as the SMF spec defines them (sharps/flats as a signed byte)", () => {
    const bytes = scoreToMidi(fixture({ key: { tonic: "Bb", mode: "major" } }));
    const at = bytes.findIndex((b, i) => b === 0xff && bytes[i + 1] === 0x59 && bytes[i + 2] === 0x02);
    expect(at).toBeGreaterThan(0);
    expect(bytes[at + 3]).toBe(0xfe); // −2: two flats
    expect(bytes[at + 4]).toBe(0); // major
  });

  it("round-trips thousands of notes with long gaps (multi-byte delta times) exactly", () => {
    const notes: Note[] = Array.from({ length: 6000 }, (_, i) => ({
      pitch: 40 + (i % 40),
      start: i * 0.25 + (i % 7 === 0 ? 0.11 : 0),
      duration: 0.1 + (i % 3) * 0.05,
      velocity: 0.3 + (i % 5) * 0.1,
    }));
    notes.push({ pitch: 60, start: 1700, duration: 2, velocity: 0.5 });
    const score = fixture({
      tempoMap: [{ beat: 0, time: 0, bpm: 120 }],
      duration: 1702,
      parts: [part({ id: "p", role: "harmony", voice: "piano", family: "piano", program: 0, notes })],
    });
    const read = new Midi(scoreToMidi(score)).tracks[0]?.notes ?? [];
    expect(read).toHaveLength(notes.length);
    const last = read[read.length - 1];
    expect(last?.time).toBeCloseTo(1700, 3);
    expect(last?.duration).toBeCloseTo(2, 3);
    read.forEach((n, i) => {
      expect(n.time).toBeCloseTo(notes[i]?.start ?? -1, 2);
    });
  });

  it("names the file and tracks in UTF-8 and keeps ASCII names exact", () => {
    const midi = new Midi(scoreToMidi(fixture({ title: "Test title" })));
    expect(midi.header.name).toBe("Test title");
    expect(midi.tracks[0]?.name).toBe("lead");
  });
});
