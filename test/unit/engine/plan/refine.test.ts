import { describe, expect, it } from "vitest";
import { interpret } from "../../../../src/engine/plan/index.js";
import type { Plan } from "../../../../src/engine/types.js";
import { type Expect, mismatches } from "./expect.js";
import { planProblems } from "./valid.js";

const START = "Upbeat pop song for a vlog, 60 seconds, 120 BPM, C major, with piano";
const base = () => interpret(START).plan;
const edit = (say: string, previous: Plan = base()) => interpret(say, { previous });
const families = (p: Plan) => new Set(p.instruments.map((i) => i.family));

describe("refinement: tempo", () => {
  it.each([
    ["make it slightly slower", -8, -5],
    ["a bit faster", 5, 8],
    ["slower", -12, -8],
    ["faster please", 8, 12],
    ["much faster", 18, 22],
    ["way slower", -22, -18],
    ["speed it up a little", 5, 8],
    ["稍微快一点", 5, 8],
    ["稍微慢一点", -8, -5],
    ["快很多", 18, 22],
    ["再慢一些", -10, -5],
    ["10% faster", 9, 11],
  ])("%s → %d..%d %%", (say, lo, hi) => {
    const r = edit(say);
    const percent = ((r.plan.bpm - 120) / 120) * 100;
    expect(percent).toBeGreaterThanOrEqual(lo);
    expect(percent).toBeLessThanOrEqual(hi);
    expect(r.changes.some((c) => /^tempo 120 → \d+ BPM$/.test(c))).toBe(true);
  });
  it("sets an exact tempo", () => {
    expect(edit("make it 100 bpm").plan.bpm).toBe(100);
    expect(edit("节奏改成90").plan.bpm).toBe(90);
  });
});

describe("refinement: everything else keeps the previous plan", () => {
  it("changes only the length", () => {
    const before = base();
    const r = edit("make it 30 seconds long", before);
    expect(r.plan.durationSeconds).toBe(30);
    expect({ ...r.plan, durationSeconds: 60, explicit: [] }).toEqual({ ...before, explicit: [] });
    expect(r.changes).toEqual(["duration 1:00 → 30 s"]);
  });
  it.each([
    ["change the key to E minor", "E", "minor"],
    ["换成A小调", "A", "minor"],
    ["make it minor", "C", "minor"],
    ["up a semitone", "Db", "major"],
    ["transpose down 2 semitones", "Bb", "major"],
  ])("%s → %s %s", (say, tonic, mode) => {
    expect(edit(say).plan.key).toEqual({ tonic, mode });
  });
  it("removes and adds instruments", () => {
    const noDrums = edit("remove the drums").plan;
    expect(families(noDrums).has("drums")).toBe(false);
    expect(noDrums.excluded).toContain("drums");
    expect(families(edit("去掉鼓").plan).has("drums")).toBe(false);
    const back = edit("add drums", noDrums).plan;
    expect(families(back).has("drums")).toBe(true);
    expect(back.excluded).not.toContain("drums");
    expect(families(edit("add strings").plan).has("strings")).toBe(true);
    expect(edit("加入二胡").plan.instruments.some((i) => i.voice === "erhu")).toBe(true);
    const swapped = edit("把钢琴换成吉他").plan;
    expect(families(swapped).has("piano")).toBe(false);
    expect(families(swapped).has("guitar_family")).toBe(true);
    expect(edit("no melody").plan.instruments.some((i) => i.role === "melody")).toBe(false);
  });
  it("moves energy and mix intents and carries them", () => {
    const before = base();
    expect(edit("more energy", before).plan.energy).toBeGreaterThan(before.energy);
    expect(edit("calmer", before).plan.energy).toBeLessThan(before.energy);
    expect(edit("更安静一点", before).plan.energy).toBeLessThan(before.energy);
    const bassy = edit("more bass presence in the low end", before).plan;
    expect(bassy.mix.bassDb).toBe(3);
    expect(edit("more bass", bassy).plan.mix.bassDb).toBe(6);
    expect(edit("brighter", before).plan.mix.brightnessDb).toBeGreaterThan(0);
    expect(edit("darker", before).plan.mix.brightnessDb).toBeLessThan(0);
    expect(edit("低音多一点", before).plan.mix.bassDb).toBe(3);
  });
  it("edits intro, ending and loop", () => {
    expect(edit("longer intro").plan.introBars).toBeGreaterThanOrEqual(8);
    expect(edit("end with a fade").plan.ending).toBe("fade");
    expect(edit("hard ending").plan.ending).toBe("hard");
    const looped = edit("make it loop seamlessly").plan;
    expect(looped.loop).toBe(true);
    expect(edit("no loop", looped).plan.loop).toBe(false);
    expect(edit("可循环").plan.loop).toBe(true);
  });
  it("follows mood words, loudness and a role asked back", () => {
    const sadder = edit("make it sadder").plan;
    expect(sadder.key).toEqual({ tonic: "C", mode: "minor" });
    expect(edit("happier", sadder).plan.key.mode).toBe("major");
    expect(edit("louder").plan.lufs).toBe(-12);
    const noMelody = edit("no melody").plan;
    expect(noMelody.instruments.some((i) => i.role === "melody")).toBe(false);
    const back = edit("bring back the melody", noMelody).plan;
    expect(back.mutedRoles).not.toContain("melody");
    expect(back.instruments.find((i) => i.role === "melody")?.voice).toBe("piano");
  });
  it("moves a drop and adds hits", () => {
    const first = interpret("dubstep, 60 seconds, drop at 0:20, big hit at 0:50").plan;
    const moved = edit("move the drop to 0:30", first).plan;
    expect(moved.hits).toEqual([
      { at: 30, kind: "drop" },
      { at: 50, kind: "hit" },
    ]);
    expect(edit("add a hit at 0:10", first).plan.hits.map((h) => h.at)).toEqual([10, 20, 50]);
  });
  it("gives another variation a new seed and nothing else", () => {
    const before = base();
    for (const say of ["another variation", "换一个版本"]) {
      const r = edit(say, before);
      expect(r.plan.seed).not.toBe(before.seed);
      expect({ ...r.plan, seed: 0 }).toEqual({ ...before, seed: 0, language: r.plan.language });
    }
  });
  it("restarts on a new style but keeps what was set explicitly", () => {
    const before = interpret("Upbeat electronic track, 45 seconds, 124 BPM, no piano").plan;
    const r = edit("now make it a jazz trio piece", before);
    expect(r.plan.style).toBe("jazz");
    expect(r.plan.durationSeconds).toBe(45);
    expect(r.plan.bpm).toBe(124);
    expect(families(r.plan).has("piano")).toBe(false);
    expect(r.changes[0]).toBe("style electronic → jazz");
  });
  it("reports a follow-up it could not use", () => {
    const r = edit("hmm");
    expect(r.changes).toEqual([]);
    expect(r.ignored.length).toBeGreaterThan(0);
  });
  it("keeps every refined plan valid through a long chain", () => {
    let p = base();
    for (const say of [
      "slower",
      "remove the drums",
      "add strings",
      "more energy",
      "换成D小调",
      "稍微快一点",
      "no loop",
      "another variation",
      "make it 20 seconds",
      "add drums",
      "darker",
    ]) {
      p = edit(say, p).plan;
      expect(planProblems(p), say).toEqual([]);
    }
    expect(p.durationSeconds).toBe(20);
    expect(p.key).toEqual({ tonic: "D", mode: "minor" });
  });
});

const CHAINS: { start: string; steps: [string, Expect & { bpm_change_percent?: [number, number] }][] }[] = [
  {
    start: "Chill lo-fi beat, 85 BPM, 60 seconds",
    steps: [
      ["a touch faster", { bpm_change_percent: [2, 12] }],
      ["drop the drums", { lacks: ["drums"] }],
      ["make it a minute and a half", { duration: 90 }],
      ["add a saxophone", { has: ["woodwind"] }],
    ],
  },
  {
    start: "Epic orchestral cue, 100 BPM, 45 seconds, D minor",
    steps: [
      ["much slower", { bpm_change_percent: [-25, -15] }],
      ["switch to F major", { key: "F major" }],
      ["no brass", { lacks: ["brass"] }],
      ["make it loop", { loop: true }],
    ],
  },
  {
    start: "流行音乐,120拍,一分钟,C大调,钢琴、贝斯和鼓",
    steps: [
      ["慢一点", { bpm_change_percent: [-12, -2] }],
      ["不要鼓了", { lacks: ["drums"] }],
      ["改成D小调", { key: "D minor" }],
      ["时长改成45秒", { duration: 45 }],
      ["加入小提琴", { has: ["strings"] }],
    ],
  },
  {
    start: "Corporate upbeat track, 110 bpm, 1 minute",
    steps: [
      ["make it a bit slower and remove the drums", { bpm_change_percent: [-12, -2], lacks: ["drums"] }],
      ["30 seconds", { duration: 30 }],
    ],
  },
];

describe("refinement chains in English and Chinese", () => {
  for (const { start, steps } of CHAINS) {
    it(start, () => {
      let plan: Plan = interpret(start).plan;
      for (const [say, want] of steps) {
        const r = interpret(say, { previous: plan });
        const { bpm_change_percent: change, ...rest } = want;
        expect(mismatches(r.plan, rest), say).toEqual([]);
        if (change) {
          const percent = ((r.plan.bpm - plan.bpm) / plan.bpm) * 100;
          expect(percent, say).toBeGreaterThanOrEqual(change[0]);
          expect(percent, say).toBeLessThanOrEqual(change[1]);
        }
        plan = r.plan;
      }
    });
  }
});
