import { describe, expect, it } from "vitest";
import { compose } from "../../../../src/engine/compose/index.js";
import { interpret } from "../../../../src/engine/plan/index.js";
import { describeTrack } from "../../../../src/engine/sessions/describe.js";

function describeBrief(brief: string) {
  const interpretation = interpret(brief);
  const score = compose(interpretation.plan);
  return { result: describeTrack(interpretation, score, { sessionId: "s_test", version: 2, files: [] }), score };
}

describe("the generate_track summary speaks the brief's language", () => {
  it.each(["流行,G大调,118拍,一分钟,钢琴和鼓", "钢琴曲,降A大调,节奏76,1分钟,不要其他乐器", "古筝曲,轻柔,40秒"])(
    "Chinese brief → Chinese summary: %s",
    (brief) => {
      const { result, score } = describeBrief(brief);
      const lines = result.summary.split("\n");
      expect(lines[0]).toMatch(/^第2版:《.+》,\d+(\.\d)?秒,/);
      expect(lines[0]).toMatch(/BPM,[A-G][b#]?[^,A-Za-z]*(大调|小调|调式|音阶),\d\/\d/);
      expect(result.summary).toMatch(/段落:.+秒/);
      expect(result.summary).toMatch(/乐器:/);
      expect(result.summary).toMatch(/已理解:/);
      expect(result.summary).not.toMatch(/Version|Sections:|Instruments:|Understood:/);
      // Structured fields stay as they were.
      expect((result.sections ?? []).map((s) => s.name)).toEqual(score.sections.map((s) => s.name));
      expect(result.key).toBe(`${score.key.tonic} ${score.key.mode}`);
      expect(result.bpm).toBe(Math.round(score.bpm * 10) / 10);
    },
  );

  it("names the style and first section in Chinese", () => {
    const { result } = describeBrief("流行,G大调,118拍,一分钟");
    expect(result.summary).toMatch(/,流行,118 BPM,G大调,4\/4。/);
    expect(result.summary).toMatch(/段落:(前奏|主歌)/);
  });

  it.each(["Pop in G major, 118 BPM, 1 minute", "Piano piece in Ab major, 76 BPM, 1 minute, no other instruments"])(
    "English brief → English summary: %s",
    (brief) => {
      const { result } = describeBrief(brief);
      expect(result.summary).toMatch(/^Version 2: ".+", \d+(\.\d)? s of /);
      expect(result.summary).toMatch(/Sections: /);
      expect(result.summary).not.toMatch(/第2版|段落|乐器/);
    },
  );
});
