/**
 * Parallel rendering: pieces long enough are split in time across worker threads. The split render must
 * equal the one-thread render, work from the TypeScript sources (tests) and from the compiled dist/ files,
 * and leave no worker running.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { masterTrack } from "../../../../src/engine/master/index.js";
import { analyse, fromPremix } from "../../../../src/engine/master/passes.js";
import {
  closeRenderWorkers,
  idleRenderWorkers,
  recycleRender,
  renderStems,
} from "../../../../src/engine/synthesize/index.js";
import { bankOf, energiesOf, synthesizeShare } from "../../../../src/engine/synthesize/render/note-bank.js";
import { dropOutputs, pooledOutputs } from "../../../../src/engine/synthesize/render/output-pool.js";
import { renderWindow } from "../../../../src/engine/synthesize/render/window.js";
import { ROLES, type Role, type StereoBuffer } from "../../../../src/engine/types.js";
import { fixtureScore } from "./score-fixture.js";

const SR = 44100;
const DIST = resolve(import.meta.dirname, "../../../../dist/engine/synthesize/index.js");

function workersAlive(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Worker" || r === "MessagePort").length;
}

function nullDb(a: Float32Array, b: Float32Array): number {
  let d = 0;
  let e = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i]! - b[i]!) ** 2;
    e += b[i]! ** 2;
  }
  return 10 * Math.log10(d / e + 1e-30);
}

describe("render workers", () => {
  const score = fixtureScore({ durationSeconds: 16, style: "house" });
  const n = 16 * SR;

  it("the two-window worker render matches a one-thread render (≤ −60 dB difference)", async () => {
    const before = workersAlive();
    const split = await renderStems(score, { sampleRate: SR, stems: false });
    const whole = { left: new Float32Array(n), right: new Float32Array(n) };
    // one thread with its own note bank, as renderStems renders short pieces
    const scope = { score, sampleRate: SR, roles: [...ROLES] };
    const shares = [synthesizeShare(scope, 0, 1)!];
    renderWindow(
      { ...scope, start: 0, end: n, bank: bankOf(shares), energies: energiesOf(shares) },
      { outputs: {}, mix: whole },
    );
    expect(nullDb(split.mix!.left, whole.left)).toBeLessThan(-60);
    expect(nullDb(split.mix!.right, whole.right)).toBeLessThan(-60);
    // the workers wait for the next render without keeping the process alive, and end on request
    await new Promise((r) => setTimeout(r, 50));
    expect(workersAlive()).toBeLessThanOrEqual(before);
    expect(idleRenderWorkers()).toBeGreaterThan(0);
    const again = await renderStems(score, { sampleRate: SR, stems: false });
    expect(nullDb(again.mix!.left, split.mix!.left)).toBeLessThan(-120);
    closeRenderWorkers();
    expect(idleRenderWorkers()).toBe(0);
  });

  it("the workers' measures of the mix (window by window, while rendering) equal mastering's own pass", async () => {
    const rendered = await renderStems(score, { sampleRate: SR });
    const data = rendered.analysis;
    expect(data).toBeDefined();
    const roles = ROLES.filter((r) => score.parts.some((p) => p.role === r));
    const stems = roles.map((r) => rendered.stems[r]);
    const mix = { sampleRate: SR, left: new Float32Array(n), right: new Float32Array(n) };
    const own = analyse(mix, stems, roles, n);
    // the workers' mix is the stems' sum
    expect(nullDb(rendered.mix!.left, mix.left)).toBeLessThan(-120);
    const worst = (a: Float32Array, b: Float32Array) => a.reduce((m, v, k) => Math.max(m, Math.abs(v - b[k]!)), 0);
    expect(worst(data!.samplePeaks, own.samplePeaks)).toBeLessThan(1e-6);
    expect(worst(data!.stemPeaks, own.stemPeaks)).toBeLessThan(1e-6);
    expect(worst(data!.curvature, own.curvature)).toBeLessThan(1e-6);
    const meter = fromPremix(data!, n, SR, roles);
    const gains = Float32Array.from({ length: meter.loudness.steps }, (_, k) => 0.7 + 0.2 * Math.sin(k / 500));
    expect(meter.loudness.loudness(gains)).toBeCloseTo(own.loudness.loudness(gains), 4);
    meter.means.stems.forEach((m, j) => {
      expect(m[0]).toBeCloseTo(own.means.stems[j]![0], 7);
    });
    // mastering with the workers' measures gives the track mastering on its own would
    const a = masterTrack(rendered, score, { lufs: -14 });
    const again = await renderStems(score, { sampleRate: SR });
    delete again.analysis;
    const b = masterTrack(again, score, { lufs: -14 });
    expect(a.integratedLufs).toBeCloseTo(b.integratedLufs, 4);
    expect(a.truePeakDbtp).toBeCloseTo(b.truePeakDbtp, 3);
    expect(nullDb(a.mix.left, b.mix.left)).toBeLessThan(-100);
  });

  it.skipIf(!existsSync(DIST))("runs from the compiled dist/ files too (skipped until `npm run build`)", async () => {
    const mod = (await import(pathToFileURL(DIST).href)) as { renderStems: typeof renderStems };
    const fromDist = await mod.renderStems(score, { sampleRate: SR });
    const fromSrc = await renderStems(score, { sampleRate: SR });
    for (const role of ROLES) {
      if (score.parts.some((p) => p.role === role)) {
        expect(nullDb(fromDist.stems[role].left, fromSrc.stems[role].left)).toBeLessThan(-60);
      }
    }
  });

  it("a render into a recycled render's buffers (poisoned) equals one into fresh memory; silent stems stay zero", async () => {
    dropOutputs();
    for (const piece of [score, { ...score, loop: { start: 0, end: score.duration } }]) {
      const fresh = await renderStems(piece, { sampleRate: SR });
      const copies = ROLES.map((r) => [fresh.stems[r].left.slice(), fresh.stems[r].right.slice()] as const);
      const mix = [fresh.mix!.left.slice(), fresh.mix!.right.slice()] as const;
      recycleRender(fresh);
      const pooled = pooledOutputs();
      // the fixture's silent fx stem is fresh memory the render never wrote: the pool does not take it back
      const written = ROLES.filter((r) => piece.parts.some((p) => p.role === r)).length + 1;
      expect(pooled.length).toBe(2 * written);
      for (const b of pooled) new Float32Array(b).fill(Number.NaN);
      const reused = await renderStems(piece, { sampleRate: SR });
      expect(pooledOutputs().length).toBe(0);
      expect(pooled).toContain(reused.mix!.left.buffer);
      ROLES.forEach((r, j) => {
        const { left, right } = reused.stems[r];
        expect(left.length).toBe(copies[j]![0].length);
        expect(left.every((x, i) => x === copies[j]![0][i]) && right.every((x, i) => x === copies[j]![1][i]), r).toBe(
          true,
        );
      });
      expect(reused.mix!.left.every((x, i) => x === mix[0][i])).toBe(true);
      expect(reused.mix!.right.every((x, i) => x === mix[1][i])).toBe(true);
      expect(reused.stems.fx.left.every((x) => x === 0)).toBe(true);
    }
    // foreign buffers are not taken
    const foreign = () => new Float32Array(new SharedArrayBuffer(SR * 4));
    recycleRender({
      stems: Object.fromEntries(ROLES.map((r) => [r, { sampleRate: SR, left: foreign(), right: foreign() }])) as Record<
        Role,
        StereoBuffer
      >,
    });
    expect(pooledOutputs().length).toBe(0);
  });

  it("reports progress up to 1 and stops on abort", async () => {
    const seen: number[] = [];
    await renderStems(score, { sampleRate: SR, onProgress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(0);
    const controller = new AbortController();
    const pending = renderStems(score, { sampleRate: SR, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: "CANCELLED" });
  });
});
