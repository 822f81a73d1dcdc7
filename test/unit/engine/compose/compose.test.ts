import { describe, expect, it } from "vitest";
import { compose } from "../../../../src/engine/compose/index.js";
import { VOICES, type VoiceId } from "../../../../src/engine/theory/voices.js";
import type { Score } from "../../../../src/engine/types.js";
import { makePlan } from "./plan-fixture.js";

function lastEnd(score: Score): number {
  return Math.max(...score.parts.flatMap((p) => p.notes.map((n) => n.start + n.duration)));
}

function melodyPitches(score: Score): number[] {
  return score.parts.filter((p) => p.role === "melody").flatMap((p) => p.notes.map((n) => n.pitch));
}

describe("compose: time", () => {
  it.each([20, 45, 60, 90, 180])("a %ss piece ends exactly on time with the tempo kept", (seconds) => {
    const score = compose(makePlan({ durationSeconds: seconds }));
    expect(score.duration).toBe(seconds);
    expect(score.bpm).toBe(118);
    expect(lastEnd(score)).toBeCloseTo(seconds, 6);
    expect(score.tempoMap.every((t) => t.bpm === 118)).toBe(true);
  });

  it("fits a free tempo within a few percent and lands bars on the clock", () => {
    const plan = makePlan({ durationSeconds: 50, bpm: 100, explicit: ["durationSeconds"] });
    const score = compose(plan);
    expect(Math.abs(score.bpm / 100 - 1)).toBeLessThanOrEqual(0.04);
    expect(lastEnd(score)).toBeCloseTo(50, 6);
    // The final chord starts on a downbeat: the last section's bars end before the final chord.
    const last = score.sections[score.sections.length - 1];
    expect(last?.end).toBe(50);
  });

  it("puts a drop exactly on the requested second, on a downbeat, with the tempo exact", () => {
    const plan = makePlan({ style: "dubstep", bpm: 140, durationSeconds: 40, hits: [{ at: 20, kind: "drop" }] });
    const score = compose(plan);
    expect(score.bpm).toBe(140);
    const drop = score.sections.find((s) => Math.abs(s.start - 20) < 1e-6);
    expect(drop?.kind).toBe("drop");
    // 140 BPM everywhere after the lead-in bar.
    expect(score.tempoMap.slice(1).every((t) => t.bpm === 140)).toBe(true);
    const before = score.sections[score.sections.indexOf(drop!) - 1];
    expect(drop!.energy).toBeGreaterThan(before?.energy ?? 1);
    const impact = score.parts.find((p) => p.voice === "impact");
    expect(impact?.notes.some((n) => Math.abs(n.start - 20) < 1e-6)).toBe(true);
  });

  it("nudges a free tempo so a hit lands on a downbeat", () => {
    const plan = makePlan({ bpm: 120, durationSeconds: 60, hits: [{ at: 21.3, kind: "drop" }], explicit: [] });
    const score = compose(plan);
    expect(score.sections.some((s) => Math.abs(s.start - 21.3) < 1e-6)).toBe(true);
    for (const t of score.tempoMap) expect(Math.abs(t.bpm / 120 - 1)).toBeLessThanOrEqual(0.08);
  });

  it("writes a seamless loop: no intro or outro, loop points on the whole file, tempo exact", () => {
    const plan = makePlan({ style: "house", bpm: 125, durationSeconds: 30, loop: true });
    const score = compose(plan);
    expect(score.loop).toEqual({ start: 0, end: 30 });
    expect(score.sections.some((s) => s.kind === "intro" || s.kind === "outro")).toBe(false);
    expect(lastEnd(score)).toBeCloseTo(30, 6);
  });
});

describe("compose: parts", () => {
  it("turns every instrument into a part with its GM program and keeps notes in range", () => {
    const voices: VoiceId[] = ["kit_brushes", "acoustic_bass", "piano", "saxophone", "vinyl"];
    const score = compose(makePlan({ style: "jazz", voices }));
    for (const v of voices) expect(score.parts.some((p) => p.voice === v)).toBe(true);
    for (const part of score.parts) {
      const info = VOICES[part.voice as VoiceId];
      expect(part.program).toBe(info.program);
      if (part.isDrum) continue;
      for (const n of part.notes) {
        expect(n.pitch).toBeGreaterThanOrEqual(info.range[0]);
        expect(n.pitch).toBeLessThanOrEqual(info.range[1]);
      }
    }
  });

  it("leaves out excluded families and muted roles", () => {
    const noDrums = compose(makePlan({ excluded: ["drums"] }));
    expect(noDrums.parts.some((p) => p.isDrum || p.family === "drums")).toBe(false);
    const noMelody = compose(makePlan({ mutedRoles: ["melody"] }));
    expect(noMelody.parts.some((p) => p.role === "melody")).toBe(false);
    expect(noMelody.parts.some((p) => p.role === "harmony")).toBe(true);
  });

  it("borrows a harmony instrument for the tune when no melody instrument was chosen", () => {
    const score = compose(makePlan({ style: "piano_solo", voices: ["piano"] }));
    expect(score.parts.map((p) => p.role).sort()).toEqual(["harmony", "melody"]);
    expect(score.parts.every((p) => p.voice === "piano")).toBe(true);
  });

  it("builds when the energy curve rises: the end is busier and louder than the start", () => {
    const plan = makePlan({
      style: "corporate",
      durationSeconds: 120,
      bpm: 105,
      energyCurve: [0.15, 0.35, 0.6, 0.9],
      voices: ["piano", "kit_acoustic", "finger_bass", "strings"],
    });
    const score = compose(plan);
    const activity = (from: number, to: number) =>
      score.parts
        .flatMap((p) => p.notes)
        .filter((n) => n.start >= from && n.start < to)
        .reduce((s, n) => s + n.velocity, 0);
    expect(activity(90, 115)).toBeGreaterThan(activity(0, 25) * 1.5);
    const partsAt = (t: number) =>
      score.parts.filter((p) => p.notes.some((n) => n.start <= t && n.start + n.duration >= t - 2)).length;
    expect(partsAt(100)).toBeGreaterThan(partsAt(5));
  });
});

describe("compose: determinism", () => {
  it("gives the same score for the same plan and a different tune for another seed", () => {
    const a = compose(makePlan({ seed: 7 }));
    const b = compose(makePlan({ seed: 7 }));
    const c = compose(makePlan({ seed: 8 }));
    expect(b).toEqual(a);
    expect(melodyPitches(c)).not.toEqual(melodyPitches(a));
  });
});

describe("compose: hits", () => {
  it("stops drums and bass for the beat before an accent hit and accents the hit itself", () => {
    const plan = makePlan({ bpm: 120, durationSeconds: 60, explicit: [], hits: [{ at: 30.4, kind: "hit" }] });
    const score = compose(plan);
    const beat = 60 / score.bpm;
    const drums = score.parts.find((p) => p.isDrum)!;
    const bass = score.parts.find((p) => p.role === "bass")!;
    const inGap = (t: number) => t > 30.4 - beat + 0.02 && t < 30.4 - 0.02;
    expect(drums.notes.filter((n) => inGap(n.start))).toEqual([]);
    expect(bass.notes.filter((n) => inGap(n.start))).toEqual([]);
    expect(drums.notes.some((n) => Math.abs(n.start - 30.4) < 0.02 && n.pitch === 49)).toBe(true);
  });
});
