/**
 * Note keys: a note is the same stored note wherever it repeats (pitch, quantised velocity, gate or choke,
 * variant), and only then. Repeats share one synthesis, and keys that differ in any part stay apart, including
 * for pitches no MIDI note has (a glide's fractional pitch).
 */
import { describe, expect, it } from "vitest";
import { scheduleNotes } from "../../../../src/engine/synthesize/render/schedule.js";
import type { Note, Part } from "../../../../src/engine/types.js";

const SR = 16000;
const ctx = { sampleRate: SR, bpm: 120 };
const strip = { highpassHz: 30, gainDb: 0, pan: 0, width: 0, compress: false, mono: false, busEq: [] };

function part(voice: string, notes: Note[], drums = false): Part {
  return {
    id: `p-${voice}`,
    name: voice,
    role: drums ? "drums" : "bass",
    voice,
    family: drums ? "drums" : "bass",
    program: 0,
    isDrum: drums,
    ...(drums ? { kit: "electronic" } : {}),
    notes,
    gainDb: 0,
    pan: 0,
    reverbSend: 0,
  };
}

const note = (pitch: number, start: number, duration: number, velocity: number): Note => ({
  pitch,
  start,
  duration,
  velocity,
});

describe("note keys", () => {
  it("repeats of a pitched note share its key and its synthesis; any difference makes another key", () => {
    const events = scheduleNotes(
      part("synth_bass", [
        note(36, 0, 0.5, 0.8),
        note(36, 1, 0.5, 0.8),
        // the same quantised velocity: the level difference is restored as gain
        note(36, 2, 0.5, 0.81),
        note(38, 3, 0.5, 0.8),
        note(36, 4, 0.25, 0.8),
        note(36, 5, 0.5, 0.3),
        note(36.5, 6, 0.5, 0.8),
        note(36.5, 7, 0.5, 0.8),
      ]),
      ctx,
      strip,
      7,
    );
    const keys = events.map((e) => e.key);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).toBe(keys[0]);
    expect(events[1]!.render).toBe(events[0]!.render);
    expect(events[2]!.gain).not.toBe(events[0]!.gain);
    expect(new Set([keys[0], keys[3], keys[4], keys[5], keys[6]]).size).toBe(5);
    expect(keys[7]).toBe(keys[6]);
    expect(keys[6]).toContain("36.5|");
    expect(events[3]!.render).not.toBe(events[0]!.render);
  });

  it("drum hits share a key per pitch, velocity step and round-robin variant; an open hat's choke is its own", () => {
    const events = scheduleNotes(
      part(
        "kit_909",
        [
          note(36, 0, 0.1, 0.9),
          note(36, 0.5, 0.1, 0.9),
          note(36, 1, 0.1, 0.9),
          note(46, 1.5, 0.4, 0.7),
          note(42, 1.75, 0.1, 0.7),
          note(46, 2, 0.4, 0.7),
          note(42, 2.5, 0.1, 0.7),
        ],
        true,
      ),
      ctx,
      strip,
      7,
    );
    const kicks = events.filter((e) => e.pitch === 36);
    // two round-robin variants: the first and third kick are one stored note, the second another
    expect(kicks[2]!.key).toBe(kicks[0]!.key);
    expect(kicks[1]!.key).not.toBe(kicks[0]!.key);
    expect(kicks[2]!.render).toBe(kicks[0]!.render);
    const open = events.filter((e) => e.pitch === 46);
    // choked a quarter beat and half a beat after they start: different stored notes
    expect(open[0]!.key).not.toBe(open[1]!.key);
    expect(open[0]!.render().length).toBeLessThan(open[1]!.render().length);
  });

  it("the same part scheduled twice gives the same keys (the bank and the windows find each other's notes)", () => {
    const p = part("synth_bass", [note(36, 0, 0.5, 0.8), note(43, 1, 0.75, 0.6), note(36.25, 2, 0.5, 0.8)]);
    const a = scheduleNotes(p, ctx, strip, 11).map((e) => e.key);
    const b = scheduleNotes(p, ctx, strip, 11).map((e) => e.key);
    expect(b).toEqual(a);
    const sampled = scheduleNotes(p, ctx, strip, 11, true).map((e) => e.key);
    for (const k of sampled) expect(a).not.toContain(k);
  });
});
