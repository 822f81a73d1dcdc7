/**
 * Workers started ahead of their work: the render workers while the score is composed, the encoder workers
 * while the mix is mastered. They wait idle (never keeping the process alive) and are the ones the work uses.
 */
import { availableParallelism } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { prepareEncoders } from "../../../src/engine/encode/index.js";
import { encodeMp3 } from "../../../src/engine/encode/lossy.js";
import { closeEncodeWorkers, encodeWorkersStarted, idleEncodeWorkers } from "../../../src/engine/encode/segments.js";
import { createMp3Encoder, createOggEncoder } from "../../../src/engine/encode/wasm-codecs.js";
import {
  closeRenderWorkers,
  idleRenderWorkers,
  prepareRender,
  renderStems,
  renderWorkersStarted,
} from "../../../src/engine/synthesize/index.js";
import type { StereoBuffer } from "../../../src/engine/types.js";
import { fixtureScore } from "./synthesize/score-fixture.js";

const twoCores = availableParallelism() >= 2;

afterEach(() => {
  closeRenderWorkers();
  closeEncodeWorkers();
});

function tone(seconds: number): StereoBuffer {
  const n = Math.round(seconds * 44100);
  const left = new Float32Array(new SharedArrayBuffer(n * 4));
  const right = new Float32Array(new SharedArrayBuffer(n * 4));
  for (let i = 0; i < n; i++) {
    left[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / 44100);
    right[i] = 0.3 * Math.sin((2 * Math.PI * 660 * i) / 44100);
  }
  return { sampleRate: 44100, left, right };
}

describe.skipIf(!twoCores)("render workers started ahead", () => {
  it("a piece long enough for workers starts them; a short one does not", () => {
    prepareRender(5);
    expect(idleRenderWorkers()).toBe(0);
    prepareRender(90);
    expect(idleRenderWorkers()).toBe(2);
    prepareRender(90);
    expect(idleRenderWorkers()).toBe(2);
  });

  it("the render takes the started workers, starts none of its own, and gives them back", async () => {
    prepareRender(20);
    const started = renderWorkersStarted();
    const score = fixtureScore({ durationSeconds: 14 });
    const rendered = await renderStems(score, { sampleRate: 44100 });
    expect(rendered.mix?.left.length).toBe(Math.round(score.duration * 44100));
    expect(renderWorkersStarted()).toBe(started);
    expect(idleRenderWorkers()).toBe(2);
  });
});

describe.skipIf(!twoCores)("render workers for a long piece", () => {
  it("start fresh when the idle ones rendered before (their arenas may hold a note bank's copy)", async () => {
    // (workers that never rendered are kept: prepareRender started them for this piece)
    prepareRender(20);
    await renderStems(fixtureScore({ durationSeconds: 14 }), { sampleRate: 44100 });
    expect(idleRenderWorkers()).toBe(2);
    let started = renderWorkersStarted();
    prepareRender(600);
    expect(renderWorkersStarted() - started).toBe(2);
    expect(idleRenderWorkers()).toBe(2);
    started = renderWorkersStarted();
    prepareRender(600);
    expect(renderWorkersStarted()).toBe(started);
  });
});

describe.skipIf(!twoCores)("render workers left idle", () => {
  it("two renders side by side (four workers) leave one render's worth waiting, not four", async () => {
    const score = fixtureScore({ durationSeconds: 14 });
    const started = renderWorkersStarted();
    await Promise.all([renderStems(score, { sampleRate: 44100 }), renderStems(score, { sampleRate: 44100 })]);
    expect(renderWorkersStarted() - started).toBe(4);
    expect(idleRenderWorkers()).toBe(2);
  });
});

describe.skipIf(!twoCores)("encoder workers started ahead", () => {
  it("MP3 or Ogg of a piece long enough for segments starts two; other formats and short pieces none", () => {
    prepareEncoders(["wav", "flac", "mid"], 90);
    expect(idleEncodeWorkers()).toBe(0);
    prepareEncoders(["mp3"], 10);
    expect(idleEncodeWorkers()).toBe(0);
    prepareEncoders(["wav", "ogg"], 90);
    expect(idleEncodeWorkers()).toBe(2);
  });

  it("the encode runs on them, starts none of its own, and leaves them idle for the next", async () => {
    prepareEncoders(["mp3"], 30);
    const started = encodeWorkersStarted();
    const bytes = await encodeMp3(tone(30));
    expect(bytes.byteLength).toBeGreaterThan(30 * 32000 * 0.9);
    expect(encodeWorkersStarted()).toBe(started);
    expect(idleEncodeWorkers()).toBe(2);
  });
});

describe("codecs compiled from the package's files", () => {
  it("encode exactly what the package's embedded copies encode", async () => {
    const lib = await import("wasm-media-encoders");
    const buffer = tone(2);
    const run = async (encoder: Awaited<ReturnType<typeof lib.createMp3Encoder>>) => {
      encoder.configure({ sampleRate: 44100, channels: 2, bitrate: 192 });
      const a = encoder.encode([buffer.left, buffer.right]).slice();
      return Buffer.concat([a, encoder.finalize().slice()]);
    };
    const ours = await run(await createMp3Encoder());
    expect(ours.byteLength).toBeGreaterThan(40000);
    expect(ours.equals(await run(await lib.createMp3Encoder()))).toBe(true);
    const ogg = async (encoder: Awaited<ReturnType<typeof lib.createOggEncoder>>) => {
      encoder.configure({ sampleRate: 44100, channels: 2, vbrQuality: 5, oggSerialNo: 7 });
      const a = encoder.encode([buffer.left, buffer.right]).slice();
      return Buffer.concat([a, encoder.finalize().slice()]);
    };
    const oursOgg = await ogg(await createOggEncoder());
    expect(oursOgg.byteLength).toBeGreaterThan(10000);
    expect(oursOgg.equals(await ogg(await lib.createOggEncoder()))).toBe(true);
  });
});
