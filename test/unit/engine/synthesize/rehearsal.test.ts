/**
 * The render workers' rehearsal (render/rehearsal.ts): a bar that plays every voice engine through the whole
 * render path, stopped as soon as real work comes, and leaving no trace in what the workers render next.
 */
import { afterAll, describe, expect, it } from "vitest";
import { closeRenderWorkers, renderStems } from "../../../../src/engine/synthesize/index.js";
import { distinctNotes } from "../../../../src/engine/synthesize/render/note-bank.js";
import {
  rehearsingWorkers,
  renderThreads,
  renderWorkersStarted,
  warmWorkers,
} from "../../../../src/engine/synthesize/render/pool.js";
import { REHEARSAL_DEFAULTS, rehearsalScore, rehearse } from "../../../../src/engine/synthesize/render/rehearsal.js";
import { ROLES, type StereoBuffer } from "../../../../src/engine/types.js";
import { fixtureScore } from "./score-fixture.js";

const SR = 44100;

function sameSamples(a: StereoBuffer, b: StereoBuffer): boolean {
  if (a.left.length !== b.left.length) return false;
  for (let i = 0; i < a.left.length; i++) if (a.left[i] !== b.left[i] || a.right[i] !== b.right[i]) return false;
  return true;
}

afterAll(() => closeRenderWorkers());

describe("the render workers' rehearsal", () => {
  it("plays every voice engine, a drum kit, the fx and a held texture", () => {
    const notes = distinctNotes({
      score: rehearsalScore(),
      sampleRate: REHEARSAL_DEFAULTS.sampleRate,
      roles: [...ROLES],
    });
    const engines = new Set(notes.map((n) => n.engine));
    for (const engine of ["analog", "organ", "piano", "pluck", "modal", "fm", "drum", "fx"]) {
      expect(engines).toContain(engine);
    }
    // the repeats are the same notes: a few dozen to synthesise for six bars
    expect(notes.length).toBeLessThan(60);
    expect(rehearsalScore().duration).toBeCloseTo(REHEARSAL_DEFAULTS.repeats, 6);
  });

  it("plays to the end, and stops at the first check after it is asked to", () => {
    expect(rehearse(0, () => false)).toBe(true);
    let checks = 0;
    expect(rehearse(1, () => ++checks > 5)).toBe(false);
    expect(checks).toBe(6);
    expect(rehearse(0, () => true)).toBe(false);
  });

  it("leaves no trace: rehearsed workers, and workers stopped mid-rehearsal, render as fresh ones", async () => {
    const score = fixtureScore({ durationSeconds: 14, style: "house", seed: 5 });
    closeRenderWorkers();
    let started = renderWorkersStarted();
    const fresh = await renderStems(score, { sampleRate: SR, stems: true });
    // (the render started its own workers: none were waiting)
    expect(renderWorkersStarted()).toBeGreaterThan(started);
    closeRenderWorkers();

    // a request straight away: it stops the rehearsal wherever it is
    warmWorkers(Number.POSITIVE_INFINITY, { rehearse: true });
    started = renderWorkersStarted();
    const interrupted = await renderStems(score, { sampleRate: SR, stems: true });
    expect(renderWorkersStarted()).toBe(started);
    closeRenderWorkers();

    // a rehearsal with time to finish
    warmWorkers(Number.POSITIVE_INFINITY, { rehearse: true });
    await new Promise((r) => setTimeout(r, 3000));
    const rehearsed = await renderStems(score, { sampleRate: SR, stems: true });
    for (const other of [interrupted, rehearsed]) {
      expect(sameSamples(other.mix!, fresh.mix!)).toBe(true);
      for (const role of ROLES) expect(sameSamples(other.stems[role], fresh.stems[role])).toBe(true);
    }
  }, 60_000);

  it("only workers started ahead of a piece of unknown or moderate length rehearse", () => {
    const threads = renderThreads(Number.POSITIVE_INFINITY);
    for (const [seconds, options, expected] of [
      [Number.POSITIVE_INFINITY, { rehearse: true }, threads],
      [90, { rehearse: true }, threads],
      // a long piece wants workers whose arenas never grew
      [600, { rehearse: true }, 0],
      [Number.POSITIVE_INFINITY, { rehearse: true, fresh: true }, 0],
      // the command line: its render comes while the workers would rehearse
      [90, {}, 0],
    ] as const) {
      closeRenderWorkers();
      warmWorkers(seconds, options);
      expect(rehearsingWorkers(), `${seconds} s ${JSON.stringify(options)}`).toBe(threads > 1 ? expected : 0);
    }
    closeRenderWorkers();
  });
});
