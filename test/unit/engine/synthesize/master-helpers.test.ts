/**
 * The render's idle workers finish the stems while the master finishes the mix: the master must come out
 * the same, sample for sample, as when it works alone.
 */
import { afterAll, describe, expect, it } from "vitest";
import { masterTrack } from "../../../../src/engine/master/index.js";
import {
  closeRenderWorkers,
  idleRenderWorkers,
  masterHelpers,
  renderStems,
} from "../../../../src/engine/synthesize/index.js";
import { warmWorkers } from "../../../../src/engine/synthesize/render/threads.js";
import { type RenderedStems, ROLES, type StereoBuffer } from "../../../../src/engine/types.js";
import { fixtureScore } from "./score-fixture.js";

const SR = 44100;

afterAll(() => closeRenderWorkers());

function sharedCopy(b: StereoBuffer): StereoBuffer {
  const copy = (x: Float32Array) => {
    const y = new Float32Array(new SharedArrayBuffer(x.length * 4));
    y.set(x);
    return y;
  };
  return { sampleRate: b.sampleRate, left: copy(b.left), right: copy(b.right) };
}

function copyOf(r: RenderedStems): RenderedStems {
  return {
    ...r,
    stems: Object.fromEntries(ROLES.map((role) => [role, sharedCopy(r.stems[role])])) as RenderedStems["stems"],
    mix: sharedCopy(r.mix!),
  };
}

describe("master helpers", () => {
  it("finishing the stems on the idle workers gives the same master, sample for sample", async () => {
    const score = fixtureScore({ durationSeconds: 16, style: "house" });
    const rendered = await renderStems(score, { sampleRate: SR });
    expect(idleRenderWorkers()).toBeGreaterThan(0);
    const alone = copyOf(rendered);
    const helped = copyOf(rendered);
    const helpers = masterHelpers();
    let started = 0;
    const counting = {
      start: (...args: Parameters<typeof helpers.start>) => {
        const wait = helpers.start(...args);
        if (wait) started++;
        return wait;
      },
    };
    const a = masterTrack(alone, score, { lufs: -14 });
    const b = masterTrack(helped, score, { lufs: -14, helpers: counting });
    expect(started).toBe(1);
    expect(b.integratedLufs).toBe(a.integratedLufs);
    expect(b.truePeakDbtp).toBe(a.truePeakDbtp);
    for (const role of ROLES) {
      const x = a.stems[role];
      const y = b.stems[role];
      expect(y.left.every((v, i) => v === x.left[i]) && y.right.every((v, i) => v === x.right[i]), role).toBe(true);
    }
    expect(b.mix.left.every((v, i) => v === a.mix.left[i])).toBe(true);
    // the helpers went back to the pool
    expect(idleRenderWorkers()).toBeGreaterThan(0);
  });

  it("without idle workers ready (none, or still loading), or with stems outside shared memory, the master works alone", () => {
    closeRenderWorkers();
    // workers warming up have not loaded their code yet: waiting on them would stall the master
    warmWorkers();
    expect(idleRenderWorkers()).toBeGreaterThan(0);
    const chunk = new Float32Array(new SharedArrayBuffer(4096 * 4));
    expect(masterHelpers().start([{ samples: chunk, offset: 0 }], new Float32Array(65), 64)).toBeUndefined();
    closeRenderWorkers();
    const shared = new Float32Array(new SharedArrayBuffer(4096 * 4));
    expect(masterHelpers().start([{ samples: shared, offset: 0 }], new Float32Array(65), 64)).toBeUndefined();
    expect(masterHelpers().start([{ samples: new Float32Array(4096), offset: 0 }], new Float32Array(65), 64)).toBe(
      undefined,
    );
  });

  it("a helper searching the right channel's true peaks gives the same master; one that fails, the master redoes", async () => {
    const score = fixtureScore({ durationSeconds: 16, style: "house" });
    const rendered = await renderStems(score, { sampleRate: SR });
    const helpers = masterHelpers();
    const searched: number[] = [];
    const run = (failing: boolean) => {
      const copy = copyOf(rendered);
      // the render's measures (shared, as the workers wrote them) go with the copy
      copy.analysis = rendered.analysis;
      return masterTrack(copy, score, {
        lufs: -14,
        helpers: {
          start: () => undefined,
          stepPeaks: (job) => {
            const wait = helpers.stepPeaks!(job);
            if (!wait) return undefined;
            searched.push(job.samples.length);
            if (!failing) return wait;
            // a helper that failed: its worker is done with the job, its answer is not there
            return () => {
              wait();
              return undefined;
            };
          },
        },
      });
    };
    const alone = masterTrack(copyOf(rendered), score, { lufs: -14 });
    for (const failing of [false, true]) {
      searched.length = 0;
      const helped = run(failing);
      // the loudness search's round and the finished check, each on the right channel
      expect(searched.length, `failing ${failing}`).toBeGreaterThanOrEqual(2);
      expect(helped.truePeakDbtp).toBe(alone.truePeakDbtp);
      expect(helped.integratedLufs).toBe(alone.integratedLufs);
      expect(helped.mix.left.every((v, i) => v === alone.mix.left[i])).toBe(true);
      expect(helped.mix.right.every((v, i) => v === alone.mix.right[i])).toBe(true);
    }
    expect(idleRenderWorkers()).toBeGreaterThan(0);
  });
});
