/**
 * Plan → Score.
 *
 *   timing (bars on the clock) → form (sections, energy) → harmony (chords) → parts (melody, comping, bass,
 *   drums, fx; layered by energy) → swing → seconds → humanise → exact end
 *
 * Every choice comes from one generator seeded by the plan: the same plan gives the same score.
 */
import { createRng, type Rng } from "../dsp/random.js";
import { keyMargin, pitchClassWeights } from "../theory/key-profile.js";
import { isMinorMode, pitchClassOf, scalePitchClasses } from "../theory/scales.js";
import type { Mode, Part, Plan, Score } from "../types.js";
import { planParts } from "./arrange.js";
import { fillPickup, shapeDrops } from "./drop.js";
import { planForm } from "./form.js";
import { liftPoints } from "./fx.js";
import { writeHarmony } from "./harmony.js";
import { seamLoop } from "./loop.js";
import { type Grid, type PartPlan, type SectionPlan, timeAt } from "./model.js";
import { meterOverrides, type StyleProfile, styleProfile } from "./styles.js";
import { fitTiming } from "./timing.js";
import { landOnEnd, writeParts } from "./write.js";

/** Keys the listening check can judge (major/minor profiles); modal keys are trusted as written. */
const CHECKED_MODES: ReadonlySet<Mode> = new Set<Mode>([
  "major",
  "minor",
  "harmonic minor",
  "major pentatonic",
  "minor pentatonic",
]);
/** Harmonies tried before keeping the clearest. */
const HARMONY_ATTEMPTS = 3;

/**
 * Writes the parts and listens back: when the finished notes point at a neighbouring key (the relative or the
 * dominant), another harmony from the same pools is tried and the clearest version kept.
 */
function writeVerified(
  plan: Plan,
  grid: Grid,
  sections: readonly SectionPlan[],
  profile: StyleProfile,
  partPlans: readonly PartPlan[],
  rng: Rng,
): Part[] {
  const tonicPc = pitchClassOf(plan.key.tonic) ?? 0;
  const minor = isMinorMode(plan.key.mode);
  let best: Part[] = [];
  let bestMargin = Number.NEGATIVE_INFINITY;
  const attempts = CHECKED_MODES.has(plan.key.mode) ? HARMONY_ATTEMPTS : 1;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const harmony = writeHarmony(plan, grid, sections, rng.fork(attempt === 0 ? "harmony" : `harmony:${attempt}`));
    const parts = writeParts(plan, grid, sections, harmony, profile, partPlans, rng);
    const pitched = parts.filter((p) => !p.isDrum && p.role !== "fx").flatMap((p) => p.notes);
    const margin = attempts > 1 ? keyMargin(pitchClassWeights(pitched), tonicPc, minor) : 1;
    if (margin > bestMargin) {
      best = parts;
      bestMargin = margin;
    }
    if (margin > 0) break;
  }
  return best;
}

/** Plan → Score, deterministic for a plan (its seed drives every choice). */
export function compose(plan: Plan): Score {
  const rng = createRng(plan.seed);
  const profile = { ...styleProfile(plan.style), ...meterOverrides(plan.meter.beatsPerBar, plan.meter.beatUnit) };
  const grid = fitTiming(plan);
  const sections = planForm(plan, grid, profile.form);
  const transitions = profile.transitions && liftPoints(sections).length > 0;
  const partPlans = planParts(plan, transitions, grid.hits.length > 0);
  const parts = writeVerified(plan, grid, sections, profile, partPlans, rng);
  shapeDrops(parts, grid);
  fillPickup(parts, grid, scalePitchClasses(plan.key, plan.key.mode));
  if (plan.loop) seamLoop(parts, grid, plan.durationSeconds);
  const withNotes = parts.filter((p) => p.notes.length > 0);
  landOnEnd(withNotes, plan.durationSeconds);
  const q = grid.quarterBeatsPerBar;
  return {
    title: plan.title,
    style: plan.style,
    bpm: plan.explicit.includes("bpm") ? plan.bpm : grid.bpm,
    tempoMap: grid.tempoMap,
    meter: plan.meter,
    key: plan.key,
    duration: plan.durationSeconds,
    sections: sections.map((s) => ({
      name: s.name,
      kind: s.kind,
      // The first section also covers a lead-in bar, so sections tile the whole file.
      start: s.index === 0 ? 0 : timeAt(grid, s.startBar * q),
      end: s.index + 1 < sections.length ? timeAt(grid, (s.startBar + s.bars) * q) : plan.durationSeconds,
      startBar: s.startBar,
      bars: s.bars,
      energy: s.energy,
    })),
    parts: withNotes,
    hits: plan.hits,
    loop: plan.loop ? { start: 0, end: plan.durationSeconds } : null,
    ending: plan.ending,
    mix: plan.mix,
    lufs: plan.lufs,
    swing: plan.swing,
    seed: plan.seed,
  };
}
