/**
 * The brief table (../shared/briefs/examples.json): each brief goes through interpret → compose → scoreToMidi,
 * and the facts are read back from the written MIDI bytes and checked against `expect`; refinement steps
 * likewise; determinism; and the musical measures on every example.
 */

import { describe, expect, it } from "vitest";
import { compose } from "../../src/engine/compose/index.js";
import { scoreToMidi } from "../../src/engine/encode/midi.js";
import { interpret } from "../../src/engine/plan/index.js";
import { pitchClassOf } from "../../src/engine/theory/scales.js";
import { ComposerError, type Plan } from "../../src/engine/types.js";
import { readExamples } from "../support/examples.js";
import {
  activity,
  hasFamily,
  type MidiFacts,
  melodyMeasures,
  pentatonicShare,
  rangeViolations,
  readMidi,
} from "../unit/engine/compose/midi-facts.js";

interface Expect {
  duration?: number;
  bpm?: number;
  bpm_range?: [number, number];
  key?: string;
  mode?: string;
  meter?: number;
  has?: string[];
  lacks?: string[];
  loop?: boolean;
  drop_at?: number;
  rising?: boolean;
  lufs?: number;
  pentatonic?: boolean;
  lang?: "en" | "zh";
  bpm_change_percent?: [number, number];
}

interface Table {
  briefs: { id: string; brief: string; expect: Expect }[];
  refinements: { id: string; start: string; steps: { say: string; expect: Expect }[] }[];
}

const table = readExamples<Table>();

function interpretAvailable(): boolean {
  try {
    interpret("a short piano piece");
    return true;
  } catch (error) {
    if (error instanceof ComposerError && error.code === "NOT_AVAILABLE_YET") return false;
    throw error;
  }
}
const available = interpretAvailable();
if (!available) process.stderr.write("briefs.test: interpret() is still the NOT_AVAILABLE_YET stub; skipping.\n");

function render(plan: Plan): { bytes: Uint8Array; facts: MidiFacts } {
  const bytes = scoreToMidi(compose(plan));
  return { bytes, facts: readMidi(bytes) };
}

/** Every `expect` key checked against the facts read from the MIDI file (and the plan for lufs/lang). */
function check(facts: MidiFacts, plan: Plan, e: Expect): void {
  if (e.duration !== undefined) expect(Math.abs(facts.duration - e.duration), "duration").toBeLessThanOrEqual(0.1);
  if (e.bpm !== undefined) expect(Math.abs(facts.bpm - e.bpm), `bpm ${facts.bpm}`).toBeLessThan(0.01);
  if (e.bpm_range) {
    expect(facts.bpm).toBeGreaterThanOrEqual(e.bpm_range[0] - 0.01);
    expect(facts.bpm).toBeLessThanOrEqual(e.bpm_range[1] + 0.01);
  }
  if (e.key !== undefined) {
    const [tonic = "", mode = ""] = e.key.split(" ");
    expect(facts.key, `key estimated from the notes for ${e.key}`).toEqual({ tonicPc: pitchClassOf(tonic), mode });
  }
  if (e.mode !== undefined) expect(facts.key?.mode, "mode estimated from the notes").toBe(e.mode);
  if (e.meter !== undefined) expect(facts.meter[0], "time signature").toBe(e.meter);
  for (const family of e.has ?? []) expect(hasFamily(facts, family), `has ${family}`).toBe(true);
  for (const family of e.lacks ?? []) expect(hasFamily(facts, family), `lacks ${family}`).toBe(false);
  if (e.loop !== undefined) {
    const texts = facts.markers.map((m) => m.text);
    expect(texts.includes("loopStart") && texts.includes("loopEnd"), "loop markers").toBe(e.loop);
    if (e.loop) {
      expect(facts.markers.find((m) => m.text === "loopStart")?.time).toBeCloseTo(0, 3);
      expect(facts.markers.find((m) => m.text === "loopEnd")?.time).toBeCloseTo(facts.duration, 2);
    }
  }
  if (e.drop_at !== undefined) {
    const at = e.drop_at;
    expect(
      facts.markers.some((m) => !m.text.startsWith("loop") && Math.abs(m.time - at) < 0.01),
      "a section starts at the drop",
    ).toBe(true);
    expect(activity(facts, at, at + 4), "energy jumps at the drop").toBeGreaterThan(activity(facts, at - 4, at));
  }
  if (e.rising) {
    const d = facts.duration;
    expect(activity(facts, 0.7 * d, 0.95 * d), "louder end than start").toBeGreaterThan(activity(facts, 0, 0.25 * d));
  }
  // Loudness and language are the plan's (a MIDI file carries neither).
  if (e.lufs !== undefined) expect(Math.abs(plan.lufs - e.lufs)).toBeLessThanOrEqual(1);
  if (e.lang !== undefined) expect(plan.language).toBe(e.lang);
  if (e.pentatonic) expect(pentatonicShare(facts), "pentatonic share").toBeGreaterThanOrEqual(0.9);
}

/** The musical measures every piece must meet. */
function checkMusic(facts: MidiFacts): void {
  expect(rangeViolations(facts)).toEqual([]);
  const m = melodyMeasures(facts);
  if (!m) return;
  expect(m.stepRatio, "melody step ratio").toBeGreaterThanOrEqual(0.55);
  expect(m.reuse, "bar-level reuse of melodic shapes").toBeGreaterThanOrEqual(0.25);
  expect(m.scaleShare, "scale consistency").toBeGreaterThanOrEqual(0.9);
}

describe.skipIf(!available)("brief table → MIDI facts", () => {
  it.each(table.briefs.map((b) => [b.id, b] as const))("%s", (_id, b) => {
    const { plan } = interpret(b.brief);
    const { facts } = render(plan);
    check(facts, plan, b.expect);
    checkMusic(facts);
  });
});

describe.skipIf(!available)("refinements → MIDI facts", () => {
  it.each(table.refinements.map((r) => [r.id, r] as const))("%s", (_id, r) => {
    let plan = interpret(r.start).plan;
    let facts = render(plan).facts;
    for (const step of r.steps) {
      const next = interpret(step.say, { previous: plan }).plan;
      const nextFacts = render(next).facts;
      const range = step.expect.bpm_change_percent;
      if (range) {
        const change = ((nextFacts.bpm - facts.bpm) / facts.bpm) * 100;
        expect(change, `"${step.say}" tempo change %`).toBeGreaterThanOrEqual(range[0]);
        expect(change, `"${step.say}" tempo change %`).toBeLessThanOrEqual(range[1]);
      }
      check(nextFacts, next, step.expect);
      checkMusic(nextFacts);
      plan = next;
      facts = nextFacts;
    }
  });
});

describe.skipIf(!available)("determinism", () => {
  it.each(table.briefs.slice(0, 6).map((b) => [b.id, b] as const))(
    "%s: same seed → same bytes, new seed → new tune",
    (_id, b) => {
      const { plan } = interpret(b.brief);
      const first = render(plan);
      const again = render(structuredClone(plan));
      expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
      const other = render({ ...plan, seed: plan.seed + 1 });
      const tune = (f: MidiFacts) => f.tracks.find((t) => t.name.startsWith("Melody:"))?.notes.map((n) => n.pitch);
      expect(tune(other.facts)).not.toEqual(tune(first.facts));
    },
  );
});
