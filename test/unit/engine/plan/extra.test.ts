import { describe, expect, it } from "vitest";
import { interpret } from "../../../../src/engine/plan/index.js";
import { mismatches } from "./expect.js";
import { EXTRA } from "./extra-briefs.js";
import { MORE } from "./more-briefs.js";
import { planProblems } from "./valid.js";

describe("interpret: briefs beyond the shared examples (English and Chinese)", () => {
  it("has a broad table", () => {
    expect(EXTRA.length + MORE.length).toBeGreaterThanOrEqual(100);
    expect([...EXTRA, ...MORE].filter(([b]) => /[\u4e00-\u9fff]/.test(b)).length).toBeGreaterThanOrEqual(40);
  });
  for (const [brief, want] of [...EXTRA, ...MORE]) {
    it(brief.slice(0, 70), () => {
      const { plan } = interpret(brief);
      expect(mismatches(plan, want)).toEqual([]);
      expect(planProblems(plan)).toEqual([]);
    });
  }
});
