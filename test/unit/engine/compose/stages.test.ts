import { describe, expect, it } from "vitest";
import { planForm } from "../../../../src/engine/compose/form.js";
import { swingPosition } from "../../../../src/engine/compose/humanize.js";
import { musicLength, timeAt } from "../../../../src/engine/compose/model.js";
import { fitTiming } from "../../../../src/engine/compose/timing.js";
import { voiceChord } from "../../../../src/engine/compose/voicing.js";
import { makePlan } from "./plan-fixture.js";

describe("timing", () => {
  it("keeps a fixed tempo and leaves the final chord between half a bar and a bar and a half", () => {
    const grid = fitTiming(makePlan({ bpm: 118, durationSeconds: 60 }));
    const bar = (4 * 60) / 118;
    expect(grid.bars.every((b) => b.bpm === 118)).toBe(true);
    const tail = grid.duration - grid.end;
    expect(tail).toBeGreaterThanOrEqual(0.5 * bar - 1e-9);
    expect(tail).toBeLessThan(1.5 * bar);
  });

  it("fits a free tempo so whole bars plus a final bar fill the time exactly", () => {
    const grid = fitTiming(makePlan({ bpm: 100, durationSeconds: 47, explicit: [] }));
    const bar = grid.bars[0]!;
    expect(Math.abs(bar.bpm / 100 - 1)).toBeLessThanOrEqual(0.04);
    expect(grid.duration - grid.end).toBeCloseTo(bar.seconds, 9);
    expect(timeAt(grid, musicLength(grid))).toBeCloseTo(grid.end, 9);
  });

  it("gives a hard ending a two-beat stab instead of a ringing bar", () => {
    const grid = fitTiming(makePlan({ bpm: 100, durationSeconds: 47, explicit: [], ending: "hard" }));
    const beat = 60 / grid.bars[0]!.bpm;
    expect((grid.duration - grid.end) / beat).toBeCloseTo(2, 6);
  });

  it("lands a drop on a downbeat through an anacrusis at the asked tempo only", () => {
    for (const [bpm, meter, at] of [
      [140, { beatsPerBar: 4, beatUnit: 4 }, 20],
      [140, { beatsPerBar: 4, beatUnit: 4 }, 30],
      [100, { beatsPerBar: 6, beatUnit: 8 }, 31],
      [124, { beatsPerBar: 3, beatUnit: 4 }, 21],
    ] as const) {
      const grid = fitTiming(makePlan({ bpm, meter: { ...meter }, durationSeconds: 45, hits: [{ at, kind: "drop" }] }));
      const barSeconds = (grid.quarterBeatsPerBar * 60) / bpm;
      expect(grid.preRoll).toBeGreaterThanOrEqual(0);
      expect(grid.preRoll).toBeLessThan(barSeconds);
      const placed = grid.hits[0]!;
      expect(placed.onDownbeat).toBe(true);
      expect(timeAt(grid, placed.pos)).toBeCloseTo(at, 9);
      expect(grid.tempoMap).toEqual([{ beat: 0, time: 0, bpm }]);
      for (const bar of grid.bars) expect(bar.bpm).toBe(bpm);
    }
  });

  it("gives a fixed-tempo loop a shortened turnaround bar instead of a tail", () => {
    const grid = fitTiming(makePlan({ bpm: 125, durationSeconds: 30, loop: true }));
    expect(grid.end).toBeCloseTo(30, 9);
    const last = grid.bars[grid.bars.length - 1]!;
    expect(last.quarterBeats).toBeCloseTo(2.5, 6);
  });

  it("aligns several hits with tempo changes when the tempo is free", () => {
    const plan = makePlan({
      bpm: 120,
      durationSeconds: 60,
      explicit: [],
      hits: [
        { at: 14.2, kind: "hit" },
        { at: 31, kind: "drop" },
      ],
    });
    const grid = fitTiming(plan);
    for (const h of grid.hits) {
      expect(h.onDownbeat).toBe(true);
      expect(timeAt(grid, h.pos)).toBeCloseTo(h.hit.at, 9);
    }
    for (const t of grid.tempoMap) expect(Math.abs(t.bpm / 120 - 1)).toBeLessThanOrEqual(0.08);
  });
});

describe("form", () => {
  it("tiles all bars with sections in phrase-sized pieces and frames them with intro and outro", () => {
    for (const seconds of [30, 60, 120, 180]) {
      const plan = makePlan({ durationSeconds: seconds });
      const grid = fitTiming(plan);
      const sections = planForm(plan, grid, "song");
      expect(sections.reduce((s, x) => s + x.bars, 0)).toBe(grid.bars.length);
      sections.forEach((s, i) => {
        if (i > 0) expect(s.startBar).toBe(sections[i - 1]!.startBar + sections[i - 1]!.bars);
      });
      expect(sections[0]?.kind).toBe("intro");
      if (seconds >= 60) expect(sections[sections.length - 1]?.kind).toBe("outro");
      const body = sections.filter(
        (s) => s.kind !== "intro" && s.kind !== "outro" && s !== sections[sections.length - 2],
      );
      for (const s of body) expect(s.bars % 2, `${s.name} ${s.bars}`).toBe(0);
    }
  });

  it("starts a loud section on a drop bar", () => {
    const plan = makePlan({ style: "dubstep", bpm: 140, durationSeconds: 40, hits: [{ at: 20, kind: "drop" }] });
    const grid = fitTiming(plan);
    const sections = planForm(plan, grid, "edm");
    const drop = sections.find((s) => s.startBar === grid.hits[0]?.bar);
    expect(drop?.kind).toBe("drop");
    expect(sections[drop!.index - 1]?.kind).toBe("build");
  });

  it("follows the energy curve and honours an explicit form", () => {
    const rising = makePlan({ durationSeconds: 120, energyCurve: [0.1, 0.9] });
    const sections = planForm(rising, fitTiming(rising), "song");
    expect(sections[sections.length - 1]!.energy).toBeGreaterThan(sections[0]!.energy + 0.4);
    const asked = makePlan({ form: ["intro", "verse", "chorus", "outro"], introBars: 4 });
    const explicit = planForm(asked, fitTiming(asked), "song");
    expect(explicit.map((s) => s.kind)).toEqual(["intro", "verse", "chorus", "outro"]);
    expect(explicit[0]?.bars).toBe(4);
  });

  it("writes loops without intro or outro", () => {
    const plan = makePlan({ loop: true, durationSeconds: 32, bpm: 120 });
    const kinds = planForm(plan, fitTiming(plan), "song").map((s) => s.kind);
    expect(kinds).not.toContain("intro");
    expect(kinds).not.toContain("outro");
  });
});

describe("voicing", () => {
  it("voices close, in the middle register, and keeps common tones", () => {
    const c = voiceChord([0, 4, 7], undefined, [36, 96]);
    expect(Math.min(...c)).toBeGreaterThanOrEqual(48);
    expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(12);
    const am = voiceChord([9, 0, 4], c, [36, 96]);
    expect(am.filter((p) => c.includes(p)).length).toBeGreaterThanOrEqual(2);
    const moved = am.reduce((s, p) => s + Math.min(...c.map((q) => Math.abs(p - q))), 0);
    expect(moved).toBeLessThanOrEqual(3);
  });

  it("stays inside a narrow instrument range", () => {
    const v = voiceChord([7, 11, 2, 5], undefined, [55, 76]);
    for (const p of v) {
      expect(p).toBeGreaterThanOrEqual(55);
      expect(p).toBeLessThanOrEqual(76);
    }
  });
});

describe("swing", () => {
  it("moves off-beats to the swing point and leaves beats alone", () => {
    expect(swingPosition(1, 0.66, 0.5)).toBe(1);
    expect(swingPosition(1.5, 0.66, 0.5)).toBeCloseTo(1.66, 9);
    expect(swingPosition(0.25, 0.6, 0.25)).toBeCloseTo(0.3, 9);
    expect(swingPosition(0.75, 0.5, 0.25)).toBe(0.75);
  });
});

describe("form with an asked-for shape", () => {
  it("keeps the asked sections, moves a boundary onto a drop and lifts that section", () => {
    const plan = makePlan({
      durationSeconds: 60,
      bpm: 120,
      form: ["intro", "verse", "chorus", "outro"],
      hits: [{ at: 26, kind: "drop" }],
      explicit: [],
    });
    const grid = fitTiming(plan);
    const sections = planForm(plan, grid, "song");
    const dropBar = grid.hits[0]!.bar;
    const lifted = sections.find((s) => s.startBar === dropBar);
    expect(lifted?.kind).toBe("chorus");
    expect(sections.map((s) => s.kind)).toEqual(["intro", "verse", "chorus", "outro"]);
  });

  it("drops intro and outro from an asked-for form when looping", () => {
    const plan = makePlan({ loop: true, form: ["intro", "verse", "chorus", "outro"], durationSeconds: 32, bpm: 120 });
    expect(planForm(plan, fitTiming(plan), "song").map((s) => s.kind)).toEqual(["verse", "chorus"]);
  });
});
