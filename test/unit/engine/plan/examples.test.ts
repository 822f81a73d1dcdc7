import { describe, expect, it } from "vitest";
import { interpret } from "../../../../src/engine/plan/index.js";
import type { Plan } from "../../../../src/engine/types.js";
import { readExamples } from "../../../support/examples.js";
import { type Expect, mismatches } from "./expect.js";

interface Examples {
  briefs: { id: string; brief: string; expect: Expect }[];
  refinements: {
    id: string;
    start: string;
    steps: { say: string; expect: Expect & { bpm_change_percent?: [number, number] } }[];
  }[];
}

const examples: Examples = readExamples<Examples>();

describe("interpret: the shared example briefs", () => {
  for (const { id, brief, expect: want } of examples.briefs) {
    it(`${id}: ${brief.slice(0, 60)}`, () => {
      const { plan } = interpret(brief);
      expect(mismatches(plan, want)).toEqual([]);
    });
  }
});

describe("interpret: the shared refinement steps", () => {
  for (const { id, start, steps } of examples.refinements) {
    it(id, () => {
      let plan: Plan = interpret(start).plan;
      for (const { say, expect: want } of steps) {
        const result = interpret(say, { previous: plan });
        const { bpm_change_percent: change, ...rest } = want;
        expect(mismatches(result.plan, rest), say).toEqual([]);
        if (change) {
          const percent = ((result.plan.bpm - plan.bpm) / plan.bpm) * 100;
          expect(percent, say).toBeGreaterThanOrEqual(change[0]);
          expect(percent, say).toBeLessThanOrEqual(change[1]);
        }
        expect(result.changes.length, say).toBeGreaterThan(0);
        plan = result.plan;
      }
    });
  }
});
