/**
 * Every style, major and minor, several seeds: the score keeps its key (estimated from the notes), its melody
 * meets the musical measures, every part stays in range and drums use the GM drum map.
 */
import { describe, expect, it } from "vitest";
import { compose } from "../../../../src/engine/compose/index.js";
import { estimateKey, pitchClassWeights } from "../../../../src/engine/theory/key-profile.js";
import { scaleShare, shapeReuse, stepRatio } from "../../../../src/engine/theory/measures.js";
import { pitchClassOf, scalePitchClasses } from "../../../../src/engine/theory/scales.js";
import { GM_DRUMS, STYLE_IDS, VOICES, type VoiceId } from "../../../../src/engine/theory/voices.js";
import type { Mode, Plan, Score } from "../../../../src/engine/types.js";
import { makePlan } from "./plan-fixture.js";

const PALETTE: Record<string, VoiceId[]> = {
  chinese_traditional: ["kit_hand", "acoustic_bass", "guzheng", "bamboo_flute", "erhu"],
  ambient: ["sub_bass", "warm_pad", "bells"],
  piano_solo: ["piano"],
  cinematic: ["kit_orchestral", "low_strings", "strings", "french_horn", "cello"],
  trailer: ["kit_taiko", "low_strings", "staccato_strings", "brass", "french_horn"],
  jazz: ["kit_brushes", "acoustic_bass", "piano", "saxophone"],
  celtic: ["kit_bodhran", "acoustic_bass", "nylon_guitar", "tin_whistle", "fiddle"],
  chiptune: ["kit_chiptune", "chip_triangle", "chip_pulse", "square_lead"],
  trap: ["kit_808", "bass_808", "dark_pad", "bells"],
  lofi: ["kit_lofi", "finger_bass", "fm_epiano", "vinyl"],
};
const DEFAULT_PALETTE: VoiceId[] = ["kit_acoustic", "finger_bass", "piano", "warm_pad", "pluck"];

function planFor(style: string, minor: boolean, seed: number): Plan {
  const meter =
    style === "waltz"
      ? { beatsPerBar: 3, beatUnit: 4 }
      : style === "celtic"
        ? { beatsPerBar: 6, beatUnit: 8 }
        : { beatsPerBar: 4, beatUnit: 4 };
  const pentatonic = style === "chinese_traditional";
  const mode: Mode = pentatonic ? (minor ? "minor pentatonic" : "major pentatonic") : minor ? "minor" : "major";
  const tonics = ["C", "D", "E", "F", "G", "A", "Bb", "Eb"];
  return makePlan({
    style,
    meter,
    key: { tonic: tonics[seed % tonics.length] ?? "C", mode },
    bpm: 70 + ((seed * 17) % 70),
    durationSeconds: [30, 60, 95, 150][seed % 4] ?? 60,
    seed: 1000 + seed,
    voices: PALETTE[style] ?? DEFAULT_PALETTE,
  });
}

function leadLine(score: Score) {
  const lead = score.parts.find((p) => p.name.startsWith("Melody:"));
  if (!lead) return undefined;
  const q = (score.meter.beatsPerBar * 4) / score.meter.beatUnit;
  return lead.notes.map((n) => {
    let point = score.tempoMap[0] ?? { beat: 0, time: 0, bpm: score.bpm };
    for (const t of score.tempoMap) if (t.time <= n.start + 1e-9) point = t;
    const sixteenth = Math.round((point.beat + ((n.start - point.time) * point.bpm) / 60) * 4);
    return { pitch: n.pitch, bar: Math.floor(sixteenth / (q * 4)), step: sixteenth % (q * 4) };
  });
}

describe("every style", () => {
  const cases = STYLE_IDS.flatMap((style) => [0, 1, 2, 3].map((seed) => ({ style, seed, minor: seed % 2 === 1 })));
  const results = cases.map(({ style, seed, minor }) => {
    const plan = planFor(style, minor, seed);
    const score = compose(plan);
    const pitched = score.parts.filter((p) => !p.isDrum && p.role !== "fx").flatMap((p) => p.notes);
    const key = estimateKey(pitchClassWeights(pitched));
    const line = leadLine(score);
    return { style, seed, plan, score, key, line };
  });

  it("keeps every part inside its instrument's range and drums on the GM drum map", () => {
    const drumKeys = new Set<number>(Object.values(GM_DRUMS));
    const problems: string[] = [];
    for (const { score, style } of results) {
      for (const part of score.parts) {
        const info = VOICES[part.voice as VoiceId];
        for (const n of part.notes) {
          const ok = part.isDrum ? drumKeys.has(n.pitch) : n.pitch >= info.range[0] && n.pitch <= info.range[1];
          if (!ok) problems.push(`${style} ${part.name} ${n.pitch}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("lands every piece exactly on its duration", () => {
    for (const { score, plan } of results) {
      const end = Math.max(...score.parts.flatMap((p) => p.notes.map((n) => n.start + n.duration)));
      expect(end, plan.style).toBeCloseTo(plan.durationSeconds, 6);
    }
  });

  it("keeps the key audible (Krumhansl estimate) in at least 95 % of pieces", () => {
    const hits = results.filter(({ key, plan }) => {
      const minor = plan.key.mode.includes("minor");
      return key?.tonicPc === pitchClassOf(plan.key.tonic) && (key?.mode === "minor") === minor;
    });
    expect(hits.length / results.length).toBeGreaterThanOrEqual(0.95);
  });

  it("writes melodies that are stepwise, reuse their shapes and stay in the scale in at least 95 % of pieces", () => {
    const good = results.filter(({ line, plan }) => {
      if (!line) return true;
      const scale = scalePitchClasses(plan.key);
      return (
        stepRatio(line) >= 0.55 &&
        shapeReuse(line) >= 0.25 &&
        scaleShare(
          line.map((n) => n.pitch),
          scale,
        ) >= 0.9
      );
    });
    expect(good.length / results.length).toBeGreaterThanOrEqual(0.95);
  });
});
