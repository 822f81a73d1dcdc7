/**
 * Stem balance by measurement: a role made louder by its part gain is moved back by as much; the moves are
 * centred and bounded; and on a rendered piece a quiet lead ends up where the style puts it against the pads.
 */
import { describe, expect, it } from "vitest";
import { integratedLoudness } from "../../../../src/engine/dsp/loudness.js";
import { renderStems } from "../../../../src/engine/synthesize/index.js";
import { BALANCE_DEFAULTS, scopeBalanceDb } from "../../../../src/engine/synthesize/render/balance.js";
import { energiesOf, synthesizeShare } from "../../../../src/engine/synthesize/render/note-bank.js";
import { ROLES, type Score } from "../../../../src/engine/types.js";
import { fixtureScore } from "./score-fixture.js";

const SR = 44100;

function balanceOf(score: Score) {
  const scope = { score, sampleRate: SR, roles: [...ROLES] };
  const energies = energiesOf([synthesizeShare(scope, 0, 1)!]);
  return scopeBalanceDb(scope, (key) => energies.get(key));
}

const withGain = (score: Score, role: string, db: number): Score => ({
  ...score,
  parts: score.parts.map((p) => (p.role === role ? { ...p, gainDb: p.gainDb + db } : p)),
});

describe("stem balance", () => {
  const score = fixtureScore({ style: "pop", durationSeconds: 12, voices: { melody: ["pluck"] } });

  it("moves a role made louder back by as much, and keeps the moves centred and bounded", () => {
    const before = balanceOf(score);
    const after = balanceOf(withGain(score, "bass", 6));
    const shift = (b: typeof before) => b.bass! - b.harmony!;
    expect(shift(after) - shift(before)).toBeCloseTo(-6, 1);
    for (const b of [before, after]) {
      const moves = Object.values(b);
      expect(moves.length).toBe(4); // drums, bass, harmony, melody sound; no fx
      expect(Math.abs(moves.reduce((s, m) => s + m, 0))).toBeLessThan(1e-9);
      for (const m of moves) expect(Math.abs(m)).toBeLessThanOrEqual(BALANCE_DEFAULTS.maxCorrectionDb);
    }
  });

  it("without the bank's energies, a few measured notes per part give nearly the same balance", () => {
    const scope = { score, sampleRate: SR, roles: [...ROLES] };
    const measured = balanceOf(score);
    const sampled = scopeBalanceDb(scope, () => undefined);
    for (const role of Object.keys(measured) as (keyof typeof measured)[]) {
      expect(Math.abs(sampled[role]! - measured[role]!)).toBeLessThan(2);
    }
  });

  it("a lead made 6 dB quieter by its part gain is rendered where it was (within 1 dB of the pads' distance)", async () => {
    const gap = async (s: Score) => {
      const rendered = await renderStems(s, { sampleRate: SR });
      return integratedLoudness(rendered.stems.melody) - integratedLoudness(rendered.stems.harmony);
    };
    const normal = await gap(score);
    const quiet = await gap(withGain(score, "melody", -6));
    expect(Math.abs(quiet - normal)).toBeLessThan(1);
    // and the estimate lands near the style's own distance (pop: the lead 3 LU over the pads)
    expect(Math.abs(normal - 3)).toBeLessThan(2);
  });
});
