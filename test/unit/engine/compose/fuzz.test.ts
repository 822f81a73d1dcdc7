/**
 * Odd plans never break composition: unknown styles and voices, extreme tempos and lengths, odd meters, hits
 * anywhere, nothing to play. The score still ends on time, has finite notes inside the file, and encodes.
 */
import tonejsMidi from "@tonejs/midi";
import { describe, expect, it } from "vitest";
import { compose } from "../../../../src/engine/compose/index.js";
import { createRng } from "../../../../src/engine/dsp/random.js";
import { scoreToMidi } from "../../../../src/engine/encode/midi.js";
import { STYLE_IDS, VOICES, type VoiceId } from "../../../../src/engine/theory/voices.js";
import type { HitPoint, Mode, Plan } from "../../../../src/engine/types.js";
import { instrument, makePlan } from "./plan-fixture.js";

const MODES: Mode[] = [
  "major",
  "minor",
  "dorian",
  "phrygian",
  "lydian",
  "mixolydian",
  "locrian",
  "harmonic minor",
  "major pentatonic",
  "minor pentatonic",
];
const METERS = [
  [4, 4],
  [3, 4],
  [6, 8],
  [12, 8],
  [5, 4],
  [7, 8],
  [2, 4],
] as const;

function randomPlan(seed: number): Plan {
  const rng = createRng(seed);
  const voices = Object.keys(VOICES) as VoiceId[];
  const count = rng.int(0, 7);
  const instruments = Array.from({ length: count }, () => instrument(rng.pick(voices) ?? "piano"));
  if (rng.chance(0.1))
    instruments.push({ voice: "mystery_voice", name: "mystery", role: "melody", family: "synth", program: 81 });
  const durationSeconds = rng.pick([1, 3, 7.5, 12, 29.9, 61, 180, 333, 600]) ?? 30;
  const hits: HitPoint[] = Array.from({ length: rng.int(0, 4) }, () => ({
    at: rng.range(-5, durationSeconds + 5),
    kind: rng.pick(["drop", "hit", "cut"] as const) ?? "hit",
  }));
  const [beatsPerBar, beatUnit] = rng.pick(METERS) ?? [4, 4];
  return makePlan({
    style: rng.chance(0.1) ? "polka_noir" : (rng.pick(STYLE_IDS) ?? "pop"),
    bpm: rng.range(30, 250),
    key: { tonic: rng.pick(["C", "F#", "Db", "B", "E#", "Cb", "Q"]) ?? "C", mode: rng.pick(MODES) ?? "major" },
    meter: { beatsPerBar, beatUnit },
    durationSeconds,
    energyCurve: Array.from({ length: rng.int(0, 6) }, () => rng.next()),
    instruments,
    excluded: rng.chance(0.2) ? ["drums", "fx"] : [],
    mutedRoles: rng.chance(0.2) ? ["melody", "bass"] : [],
    form: rng.chance(0.15) ? ["intro", "verse", "chorus", "bridge", "outro"] : null,
    introBars: rng.chance(0.2) ? rng.int(0, 12) : null,
    hits,
    loop: rng.chance(0.25),
    ending: rng.pick(["cadence", "fade", "hard"] as const) ?? "cadence",
    swing: rng.range(0.5, 0.75),
    seed: seed * 7919,
    explicit: rng.chance(0.5) ? ["bpm", "durationSeconds"] : ["durationSeconds"],
  });
}

describe("compose never breaks", () => {
  it("handles 150 random plans", () => {
    const problems: string[] = [];
    for (let seed = 1; seed <= 150; seed++) {
      const plan = randomPlan(seed);
      try {
        const score = compose(plan);
        if (score.duration !== plan.durationSeconds) problems.push(`${seed}: duration ${score.duration}`);
        for (const part of score.parts) {
          for (const n of part.notes) {
            const ok =
              Number.isFinite(n.start) &&
              Number.isFinite(n.duration) &&
              n.start >= 0 &&
              n.duration > 0 &&
              n.start + n.duration <= plan.durationSeconds + 1e-6 &&
              n.velocity > 0 &&
              n.velocity <= 1 &&
              Number.isInteger(n.pitch);
            if (!ok) {
              problems.push(`${seed}: ${part.name} ${JSON.stringify(n)}`);
              break;
            }
          }
        }
        if (plan.explicit.includes("bpm") && score.bpm !== plan.bpm) problems.push(`${seed}: bpm ${score.bpm}`);
        const midi = new tonejsMidi.Midi(scoreToMidi(score));
        if (midi.tracks.length !== score.parts.length) problems.push(`${seed}: tracks`);
      } catch (error) {
        problems.push(`${seed}: threw ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
