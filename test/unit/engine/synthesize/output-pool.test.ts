import { afterEach, describe, expect, it, vi } from "vitest";
import {
  closeRenderWorkers,
  prepareRender,
  DEFAULTS as SYNTH_DEFAULTS,
} from "../../../../src/engine/synthesize/index.js";
import {
  dropOutputs,
  OUTPUT_POOL_DEFAULTS,
  pooledOutputs,
  recycleOutputs,
  takeOutput,
} from "../../../../src/engine/synthesize/render/output-pool.js";

afterEach(() => {
  dropOutputs();
  vi.useRealTimers();
});

describe("output pool", () => {
  it("makes buffers with room to spare, and hands the smallest recycled one that fits back first", () => {
    const small = takeOutput(1_000_000);
    const large = takeOutput(4_000_000);
    expect(small.byteLength).toBeGreaterThanOrEqual(1_000_000 * OUTPUT_POOL_DEFAULTS.slack);
    recycleOutputs([large, small]);
    expect(takeOutput(1_050_000)).toBe(small);
    expect(takeOutput(2_000_000)).toBe(large);
    expect(pooledOutputs()).toEqual([]);
  });

  it("on a miss, lets go of the recycled buffers too small for it", () => {
    const small = takeOutput(1_000_000);
    const large = takeOutput(8_000_000);
    recycleOutputs([small, large]);
    takeOutput(4_000_000); // fits `large`
    expect(pooledOutputs()).toEqual([small]);
    takeOutput(3_000_000); // fits nothing left: `small` goes
    expect(pooledOutputs()).toEqual([]);
  });

  it("takes back only its own buffers, each once, up to its size", () => {
    const huge = takeOutput(OUTPUT_POOL_DEFAULTS.maxBytes);
    const own = takeOutput(1024);
    recycleOutputs([own, own, huge, new SharedArrayBuffer(4096), new ArrayBuffer(4096)]);
    expect(pooledOutputs()).toEqual([own]);
  });

  it("lets everything go when a long piece (written to disk) is about to render, not for a short one", () => {
    recycleOutputs([takeOutput(1024)]);
    prepareRender(5);
    expect(pooledOutputs().length).toBe(1);
    prepareRender(SYNTH_DEFAULTS.spillSeconds + 1);
    expect(pooledOutputs()).toEqual([]);
    closeRenderWorkers();
  });

  it("lets its buffers go after keepSeconds idle", () => {
    vi.useFakeTimers();
    recycleOutputs([takeOutput(1024)]);
    vi.advanceTimersByTime(OUTPUT_POOL_DEFAULTS.keepSeconds * 1000 - 10);
    expect(pooledOutputs().length).toBe(1);
    vi.advanceTimersByTime(20);
    expect(pooledOutputs().length).toBe(0);
  });
});
