import { describe, expect, it } from "vitest";
import { createRng } from "../../../../src/engine/dsp/random.js";
import { interpret } from "../../../../src/engine/plan/index.js";
import { generateBrief } from "./grammar.js";

describe("generated briefs with known answers (EN and ZH, digits and words, any order)", () => {
  it("recovers length, tempo, key, meter, instruments in and out, and language", () => {
    const rng = createRng(20261124);
    const tally: Record<string, { ok: number; all: number; misses: string[] }> = {};
    const check = (field: string, ok: boolean, brief: string) => {
      tally[field] ??= { ok: 0, all: 0, misses: [] };
      const t = tally[field];
      t.all++;
      if (ok) t.ok++;
      else if (t.misses.length < 5) t.misses.push(brief);
    };
    for (let i = 0; i < 2000; i++) {
      const truth = generateBrief(rng);
      const plan = interpret(truth.brief).plan;
      const families = new Set<string>(plan.instruments.map((c) => c.family));
      if (truth.duration !== undefined)
        check("duration", Math.abs(plan.durationSeconds - truth.duration) < 0.01, truth.brief);
      if (truth.bpm !== undefined) check("bpm", plan.bpm === truth.bpm, truth.brief);
      if (truth.key !== undefined) check("key", `${plan.key.tonic} ${plan.key.mode}` === truth.key, truth.brief);
      if (truth.meter) {
        check(
          "meter",
          plan.meter.beatsPerBar === truth.meter[0] && plan.meter.beatUnit === truth.meter[1],
          truth.brief,
        );
      }
      for (const f of truth.has) check("has", families.has(f), truth.brief);
      for (const f of truth.lacks) check("lacks", !families.has(f), truth.brief);
      check("lang", plan.language === truth.lang, truth.brief);
    }
    expect(Object.keys(tally).sort()).toEqual(["bpm", "duration", "has", "key", "lacks", "lang", "meter"]);
    for (const [field, t] of Object.entries(tally)) {
      expect(t.all, field).toBeGreaterThan(300);
      // The issue asks ≥ 98 % for the numbers and ≥ 95 % for families; hold the planner to 99 % on all.
      expect(t.ok / t.all, `${field}: ${t.misses.join(" | ")}`).toBeGreaterThanOrEqual(0.99);
    }
  });
});
