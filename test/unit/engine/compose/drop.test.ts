/**
 * Drops, measured in the written MIDI: the asked tempo is the only tempo, the drop section starts on the asked
 * second, the 4 s before it are clearly thinner than the 4 s after (a build, then every layer), and that jump
 * is the biggest at any section start.
 */
import { describe, expect, it } from "vitest";
import { compose } from "../../../../src/engine/compose/index.js";
import { scoreToMidi } from "../../../../src/engine/encode/midi.js";
import { interpret } from "../../../../src/engine/plan/index.js";
import { activity, type MidiFacts, readMidi } from "./midi-facts.js";

const BRIEFS: { brief: string; bpm: number; drop: number }[] = [
  { brief: "Dubstep, 140 BPM, 45 s, drop at 0:30", bpm: 140, drop: 30 },
  { brief: "EDM festival track, 128 BPM, 60 seconds, drop at 0:20", bpm: 128, drop: 20 },
  { brief: "Dark trap beat, 150 BPM, 40 seconds, drop at 0:17", bpm: 150, drop: 17 },
  { brief: "Epic cinematic trailer, 100 BPM, 6/8, 45 s, drop at 0:31", bpm: 100, drop: 31 },
  { brief: "Deep house, 124 BPM, 3/4, 40 s, drop at 0:21", bpm: 124, drop: 21 },
  { brief: "电子舞曲,138拍,50秒,在0:25进入drop", bpm: 138, drop: 25 },
  { brief: "陷阱说唱,145拍,45秒,在0:30进入drop", bpm: 145, drop: 30 },
];

/** Parts sounding (any note overlapping) in a window. */
function activeParts(facts: MidiFacts, from: number, to: number): number {
  return facts.tracks.filter((t) => t.family !== "fx" && t.notes.some((n) => n.time < to && n.time + n.duration > from))
    .length;
}

describe("drops", () => {
  for (const { brief, bpm, drop } of BRIEFS) {
    it(`builds and hits: ${brief}`, () => {
      const { plan } = interpret(brief);
      expect(plan.hits.some((h) => h.kind === "drop" && Math.abs(h.at - drop) < 0.01)).toBe(true);
      const score = compose(plan);
      const facts = readMidi(scoreToMidi(score));
      // MIDI stores whole microseconds per quarter: the asked tempo to that precision, and nothing else.
      for (const t of facts.tempos) expect(Math.abs(t - bpm)).toBeLessThan(0.01);
      const at = score.sections.find((s) => Math.abs(s.start - drop) < 0.01);
      expect(at, "a section starts on the drop").toBeDefined();
      const before = activity(facts, drop - 4, drop);
      const after = activity(facts, drop, drop + 4);
      expect(after).toBeGreaterThan(1.8 * before);
      expect(activeParts(facts, drop, drop + 2)).toBeGreaterThan(activeParts(facts, drop - 2, drop));
      // No other section start jumps as much.
      for (const s of score.sections) {
        if (s.start < 4 || Math.abs(s.start - drop) < 0.01 || s.start + 4 > score.duration) continue;
        const jump = activity(facts, s.start, s.start + 4) / Math.max(0.001, activity(facts, s.start - 4, s.start));
        expect(jump, `jump at ${s.name}`).toBeLessThan(after / before);
      }
      // Nothing before the asked drop is called a drop.
      expect(score.sections.filter((s) => s.kind === "drop" && s.start < drop - 0.01)).toEqual([]);
    });
  }
});
