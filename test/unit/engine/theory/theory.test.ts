import { describe, expect, it } from "vitest";
import { chordPitchClasses, parseNumeral } from "../../../../src/engine/theory/chords.js";
import { estimateKey, keyMargin, pitchClassWeights } from "../../../../src/engine/theory/key-profile.js";
import { outOfRange, scaleShare, shapeReuse, stepRatio, topLine } from "../../../../src/engine/theory/measures.js";
import {
  HARMONY_STYLES,
  MODAL_CADENCE,
  MODAL_POOLS,
  STYLE_HARMONY,
} from "../../../../src/engine/theory/progressions.js";
import {
  keySignature,
  pitchClassOf,
  scalePitchClasses,
  snapToScale,
  stepInScale,
} from "../../../../src/engine/theory/scales.js";
import { STYLE_IDS } from "../../../../src/engine/theory/voices.js";

describe("chords", () => {
  it("parses roman numerals with case, accidentals, qualities and slash basses", () => {
    expect(parseNumeral("V7")).toMatchObject({ rootOffset: 7, intervals: [0, 4, 7, 10], bassOffset: 7 });
    expect(parseNumeral("ii7")?.intervals).toEqual([0, 3, 7, 10]);
    expect(parseNumeral("bVImaj7")).toMatchObject({ rootOffset: 8, intervals: [0, 4, 7, 11] });
    expect(parseNumeral("iiø7")?.intervals).toEqual([0, 3, 6, 10]);
    expect(parseNumeral("IV/I")).toMatchObject({ rootOffset: 5, bassOffset: 0 });
    expect(parseNumeral("i9")?.intervals).toEqual([0, 3, 7, 10, 14]);
  });

  it("returns undefined for nonsense instead of throwing", () => {
    expect(parseNumeral("X7")).toBeUndefined();
    expect(parseNumeral("Iwhatever")).toBeUndefined();
    expect(parseNumeral("I/Q")).toBeUndefined();
  });

  it("spells chords in a key", () => {
    const g = pitchClassOf("G") ?? -1;
    expect(chordPitchClasses(parseNumeral("V7")!, g).sort((a, b) => a - b)).toEqual([0, 2, 6, 9]);
  });
});

describe("progression pools", () => {
  const all = Object.values(HARMONY_STYLES).flatMap((s) => [
    ...s.major.flat(),
    ...s.minor.flat(),
    s.cadence.major,
    s.cadence.minor,
    ...("pedal" in s ? [s.pedal.major, s.pedal.minor] : []),
    ...("final" in s ? [...s.final.major, ...s.final.minor] : []),
  ]);
  it("every numeral in every pool parses", () => {
    const modal = [...Object.values(MODAL_POOLS).flatMap((p) => p?.flat() ?? []), ...Object.values(MODAL_CADENCE)];
    for (const symbol of [...all, ...modal]) expect(parseNumeral(symbol ?? ""), symbol).toBeDefined();
  });

  it("every style id has a pool", () => {
    for (const id of STYLE_IDS) expect(STYLE_HARMONY[id], id).toBeDefined();
  });

  it("Chinese pools stay inside the pentatonic scale", () => {
    const { major, minor, cadence } = HARMONY_STYLES.chinese;
    const majorPent = scalePitchClasses({ tonic: "C", mode: "major pentatonic" });
    const minorPent = scalePitchClasses({ tonic: "C", mode: "minor pentatonic" });
    for (const symbol of [...major.flat(), cadence.major]) {
      expect(
        chordPitchClasses(parseNumeral(symbol)!, 0).every((pc) => majorPent.includes(pc)),
        symbol,
      ).toBe(true);
    }
    for (const symbol of [...minor.flat(), cadence.minor]) {
      expect(
        chordPitchClasses(parseNumeral(symbol)!, 0).every((pc) => minorPent.includes(pc)),
        symbol,
      ).toBe(true);
    }
  });
});

describe("scales and keys", () => {
  it("gives scale pitch classes per mode", () => {
    expect(scalePitchClasses({ tonic: "D", mode: "dorian" })).toEqual([2, 4, 5, 7, 9, 11, 0]);
    expect(scalePitchClasses({ tonic: "A", mode: "minor pentatonic" })).toEqual([9, 0, 2, 4, 7]);
  });

  it("computes key signatures including modes and enharmonic wrap", () => {
    expect(keySignature({ tonic: "E", mode: "minor" })).toEqual({ fifths: 1, minor: true });
    expect(keySignature({ tonic: "Bb", mode: "major" })).toEqual({ fifths: -2, minor: false });
    expect(keySignature({ tonic: "D", mode: "dorian" })).toEqual({ fifths: 0, minor: true });
    expect(keySignature({ tonic: "G#", mode: "major" }).fifths).toBe(-4);
  });

  it("steps and snaps inside a scale", () => {
    const cMajor = scalePitchClasses({ tonic: "C", mode: "major" });
    expect(stepInScale(60, 1, cMajor)).toBe(62);
    expect(stepInScale(64, 1, cMajor)).toBe(65);
    expect(stepInScale(60, -2, cMajor)).toBe(57);
    expect(snapToScale(61, cMajor)).toBe(60);
  });
});

describe("key estimation", () => {
  const notes = (pitches: number[]) => pitches.map((pitch) => ({ pitch, duration: 1 }));
  it("finds the key of a tonal passage", () => {
    // G major: tonic triad, scale, cadence.
    const g = notes([67, 71, 74, 67, 69, 71, 72, 74, 76, 78, 79, 62, 66, 69, 67, 71, 74, 67]);
    expect(estimateKey(pitchClassWeights(g))).toMatchObject({ tonicPc: 7, mode: "major" });
    const a = notes([69, 72, 76, 69, 71, 72, 74, 76, 77, 80, 81, 64, 68, 71, 69, 72, 76, 69]);
    expect(estimateKey(pitchClassWeights(a))).toMatchObject({ tonicPc: 9, mode: "minor" });
    expect(keyMargin(pitchClassWeights(a), 9, true)).toBeGreaterThan(0);
    expect(keyMargin(pitchClassWeights(a), 0, false)).toBeLessThan(0);
  });

  it("returns undefined for silence", () => {
    expect(estimateKey(new Array(12).fill(0))).toBeUndefined();
  });
});

describe("melody measures", () => {
  const line = (pitches: number[], steps: number[], barOf: (i: number) => number) =>
    pitches.map((pitch, i) => ({ pitch, bar: barOf(i), step: steps[i] ?? 0 }));
  it("step ratio counts repeats and seconds as steps", () => {
    expect(stepRatio(line([60, 62, 62, 67, 65], [], () => 0))).toBeCloseTo(3 / 4, 9);
  });

  it("shape reuse counts bars whose rhythm and contour came before", () => {
    const l = line([60, 62, 64, 67, 69, 71, 60, 59, 57], [0, 4, 8, 0, 4, 8, 0, 4, 8], (i) => Math.floor(i / 3));
    // Bar 1 repeats bar 0's shape transposed; bar 2 goes down.
    expect(shapeReuse(l)).toBeCloseTo(1 / 3, 9);
  });

  it("scale share, range and top line", () => {
    expect(scaleShare([60, 61, 62, 64], [0, 2, 4, 5, 7, 9, 11])).toBeCloseTo(0.75, 9);
    expect(outOfRange([50, 60, 90], [55, 84])).toEqual([50, 90]);
    expect(
      topLine([
        { pitch: 60, bar: 0, step: 0 },
        { pitch: 64, bar: 0, step: 0 },
      ]).map((n) => n.pitch),
    ).toEqual([64]);
  });
});
