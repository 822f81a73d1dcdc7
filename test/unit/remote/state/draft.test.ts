import { describe, expect, it } from "vitest";
import {
  draftSeconds,
  musicTitle,
  normalizeDraft,
  readyForExport,
  timelineSummary,
} from "../../../../src/remote/state/draft.js";

describe("draft", () => {
  it("describes a timeline in the protocol's one-line format", () => {
    const draft = normalizeDraft({
      t: [
        { tt: 0, sg: [{ st: 0, d: 10_000, m: { src: "https://cdn.example/u/city timelapse?sig=1" } }] },
        { tt: 1, sg: [{ st: 0, d: 10_000, m: { name: "Lo-fi", volume: 0.35 } }] },
        { tt: 7, sg: [{ st: 0, d: 3000, m: { text: "Urban Dreams" } }] },
      ],
    });
    expect(timelineSummary(draft)).toBe(
      'Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)',
    );
    expect(readyForExport(draft)).toBe(true);
    expect(draftSeconds(draft)).toBe(10);
    expect(musicTitle(draft)).toBe("Lo-fi");
  });

  it("reads drafts defensively: JSON text, strings for numbers, junk dropped", () => {
    const draft = normalizeDraft(
      JSON.stringify({
        t: [{ tt: "1", sg: [{ st: "1500", d: "42000", m: { title: "Upbeat house", vol: 35 } }, 7, null] }, "x"],
      }),
    );
    expect(draft).toEqual({ t: [{ tt: 1, sg: [{ st: 1500, d: 42000, m: { title: "Upbeat house", vol: 35 } }] }] });
    expect(timelineSummary(draft)).toBe("Timeline (1 track): 1. BGM: Upbeat house (1.5-43.5s, 35%)");
    expect(normalizeDraft("{not json")).toEqual({ t: [] });
    expect(normalizeDraft(undefined)).toEqual({ t: [] });
    expect(normalizeDraft({ t: "tracks" })).toEqual({ t: [] });
  });

  it("an empty or segment-less timeline is not ready for export", () => {
    const draft = normalizeDraft({ t: [{ tt: 1, sg: [] }] });
    expect(readyForExport(draft)).toBe(false);
    expect(timelineSummary(draft)).toBe("Timeline (1 track): 1. BGM: (empty)");
    expect(timelineSummary({ t: [] })).toBe("Timeline (0 tracks): empty");
  });
});
