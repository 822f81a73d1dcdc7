/**
 * Loop seams, measured on the score: the last bar carries the first bar's layers (no more, no fewer), and
 * every pitched layer of the first bar is still sounding in the last 100 ms (no decaying tail before the join).
 */
import { describe, expect, it } from "vitest";
import { compose } from "../../../../src/engine/compose/index.js";
import { interpret } from "../../../../src/engine/plan/index.js";

const LOOPS = [
  "Lo-fi嘻哈,电钢琴,85拍,1分半,可循环",
  "Seamless loop, chill house, 122 BPM, 30 seconds",
  "6/8 waltz loop, piano, 90 BPM, 20 s, loopable",
  "Game menu loop, synthwave, 100 BPM, 3/4, 40 seconds",
];

describe("loop seam", () => {
  for (const brief of LOOPS) {
    it(`ends at the start's density: ${brief}`, () => {
      const { plan } = interpret(brief);
      expect(plan.loop).toBe(true);
      const score = compose(plan);
      const end = score.duration;
      const bar = ((score.meter.beatsPerBar * 4) / score.meter.beatUnit) * (60 / score.bpm);
      const sounds = (notes: readonly { start: number; duration: number }[], from: number, to: number) =>
        notes.some((n) => n.start < to && n.start + n.duration > from);
      for (const part of score.parts) {
        const inFirst = sounds(part.notes, 0, bar);
        expect(sounds(part.notes, end - bar, end), `${part.id} layers match`).toBe(inFirst);
        if (inFirst && !part.isDrum && part.role !== "fx") {
          expect(sounds(part.notes, end - 0.1, end), `${part.id} sounds into the seam`).toBe(true);
        }
      }
    });
  }
});
