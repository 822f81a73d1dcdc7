/**
 * The streamed WAV (header, ~1 MB sample chunks, pad) and MP3 are byte for byte the in-memory encodings; WAV
 * samples are as the format says: little-endian, rounded, clamped at full scale.
 */
import { describe, expect, it } from "vitest";
import { wasmKernels } from "../../../../src/engine/dsp/kernels.js";
import { encodeAudio, encodeAudioChunks } from "../../../../src/engine/encode/index.js";
import { encodeWav, wavChunks } from "../../../../src/engine/encode/wav.js";
import type { EncodeOptions, StereoBuffer } from "../../../../src/engine/types.js";

function signal(frames: number): StereoBuffer {
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    left[i] = 1.3 * Math.sin(i * 0.001); // past full scale: clamped
    right[i] = 0.25 * Math.cos(i * 0.37) - 1e-5;
  }
  return { sampleRate: 44100, left, right };
}

function joined(chunks: Iterable<Uint8Array>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const c of chunks) parts.push(c.slice()); // each chunk is valid until the next one is asked for
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe("wavChunks", () => {
  const frames = (1 << 18) * 2 + 12345; // more than two chunks, the last one partial
  const options: EncodeOptions[] = [
    {},
    {
      bitDepth: 24,
      title: "Streamed",
      markers: [
        { name: "Intro", at: 0 },
        { name: "Drop", at: 3.5 },
      ],
    },
    { bitDepth: 32, loop: { start: 1, end: 10 } },
  ];
  for (const o of options) {
    it(`equals encodeWav byte for byte (${o.bitDepth ?? 16}-bit)`, () => {
      const b = signal(frames);
      const whole = encodeWav(b, o);
      const streamed = joined(wavChunks(b, o));
      expect(streamed.length).toBe(whole.length);
      expect(Buffer.compare(Buffer.from(streamed), Buffer.from(whole))).toBe(0);
    });
  }

  it("16-bit data: little-endian, rounded, clamped", () => {
    const b = signal(1000);
    const bytes = encodeWav(b);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let data = 12;
    while (String.fromCharCode(...bytes.subarray(data, data + 4)) !== "data")
      data += 8 + view.getUint32(data + 4, true);
    for (const i of [0, 1, 500, 999]) {
      const expectL = Math.max(-32768, Math.min(32767, Math.round(b.left[i]! * 32767)));
      const expectR = Math.max(-32768, Math.min(32767, Math.round(b.right[i]! * 32767)));
      expect(view.getInt16(data + 8 + 4 * i, true)).toBe(expectL);
      expect(view.getInt16(data + 8 + 4 * i + 2, true)).toBe(expectR);
    }
  });
});

describe("16-bit samples", () => {
  /** Every frame's two samples as the format defines them: floor(x · gain · 32767 + 0.5), clamped (NaN: 0). */
  const expected = (x: number, gain: number) => {
    const q = Math.max(-32768, Math.min(32767, Math.floor(x * gain * 32767 + 0.5)));
    return Number.isNaN(q) ? 0 : q;
  };
  it("are rounded and clamped exactly at every frame: ties, full scale and past it, NaN, a partial last group", () => {
    const n = 4099; // a staged chunk and a bit: neither a whole group of four nor of chunks
    const edge = [0.5, -0.5, 1.5, -1.5, 32766.5, -32767.5, 32767.49, 40000, -40000].map((k) => k / 32767);
    const pick = (i: number) => {
      if (i === 777 || i === n - 1) return Number.NaN;
      // the frames past the last group of four take the kernel's scalar tail: edge values there too
      if (i % 13 === 0 || i >= n - 3) return edge[i % edge.length]!;
      if (i === 778) return -0;
      return 1.1 * Math.sin(i * 0.0123) * Math.cos(i * 0.7);
    };
    const b = {
      sampleRate: 44100,
      left: Float32Array.from({ length: n }, (_, i) => pick(i)),
      right: Float32Array.from({ length: n }, (_, i) => pick(i + 5)),
    };
    const wasm = wasmKernels();
    for (const gain of [1, 0.7]) {
      wasm?.staging.pcm16.fill(12345);
      const bytes = joined(wavChunks(b, {}, gain));
      // where the kernels run, the frames went through them
      if (wasm) expect(wasm.staging.pcm16[0]).not.toBe(12345);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      let data = 12;
      while (String.fromCharCode(...bytes.subarray(data, data + 4)) !== "data")
        data += 8 + view.getUint32(data + 4, true);
      let wrong = 0;
      for (let i = 0; i < n; i++) {
        if (view.getInt16(data + 8 + 4 * i, true) !== expected(b.left[i]!, gain)) wrong++;
        if (view.getInt16(data + 10 + 4 * i, true) !== expected(b.right[i]!, gain)) wrong++;
      }
      expect(wrong).toBe(0);
    }
  });
});

describe("encodeAudioChunks", () => {
  it("MP3 as streamed is byte for byte encodeAudio's MP3; M4A and rates MP3 lacks are not streamed", async () => {
    const b = signal(44100 * 3 + 77);
    const whole = await encodeAudio(b, "mp3");
    const chunks = encodeAudioChunks(b, "mp3");
    expect(chunks).toBeDefined();
    const parts: Uint8Array[] = [];
    for await (const c of chunks!) parts.push(c.slice());
    const streamed = Buffer.concat(parts);
    expect(streamed.length).toBe(whole.length);
    expect(Buffer.compare(streamed, Buffer.from(whole))).toBe(0);
    expect(encodeAudioChunks(b, "m4a")).toBeUndefined();
    expect(encodeAudioChunks({ ...b, sampleRate: 96000 }, "mp3")).toBeUndefined();
    expect(encodeAudioChunks(b, "mp3", { sampleRate: 96000 })).toBeUndefined();
  });

  it("at another rate, every streamed format is encodeAudio's file at that rate", async () => {
    const b = signal(44100 * 3 + 77);
    for (const format of ["wav", "flac", "mp3"] as const) {
      const options = { sampleRate: 48000, title: "rate" };
      const whole = await encodeAudio(b, format, options);
      const parts: Uint8Array[] = [];
      for await (const c of encodeAudioChunks(b, format, options)!) parts.push(c.slice());
      const streamed = Buffer.concat(parts);
      if (format === "flac") {
        // STREAMINFO's frame sizes are unknown when streamed; the rest is the same
        expect(Buffer.compare(streamed.subarray(18), Buffer.from(whole.subarray(18)))).toBe(0);
      } else expect(Buffer.compare(streamed, Buffer.from(whole))).toBe(0);
    }
    // the WAV says 48 kHz, and holds 48/44.1 as many frames
    const wav = Buffer.concat([...(encodeAudioChunks(b, "wav", { sampleRate: 48000 }) as Iterable<Uint8Array>)]);
    expect(wav.readUInt32LE(24)).toBe(48000);
    expect(wav.length).toBeGreaterThan((((44100 * 3 + 77) * 48000) / 44100) * 4);
  });

  it("a streamed file stops between chunks once the request is cancelled", async () => {
    const b = signal(44100 * 20 + 333);
    for (const format of ["flac", "wav", "mp3"] as const) {
      const controller = new AbortController();
      const chunks = encodeAudioChunks(b, format, { signal: controller.signal })!;
      const iterator =
        Symbol.asyncIterator in chunks
          ? chunks[Symbol.asyncIterator]()
          : (chunks as Iterable<Uint8Array>)[Symbol.iterator]();
      expect((await iterator.next()).done).toBe(false);
      controller.abort();
      await expect(Promise.resolve().then(() => iterator.next())).rejects.toMatchObject({ code: "CANCELLED" });
    }
  });

  it("FLAC streams in chunks of whole frames: encodeAudio's file but for STREAMINFO's frame sizes (unknown, 0)", async () => {
    // over a megabyte of FLAC, so it comes in several chunks; each chunk is reused for the next, so copied here
    const b = signal(44100 * 20 + 333);
    const whole = await encodeAudio(b, "flac", { bitDepth: 24, title: "t" });
    const chunks = encodeAudioChunks(b, "flac", { bitDepth: 24, title: "t" });
    expect(chunks).toBeDefined();
    const parts: Uint8Array[] = [];
    for await (const c of chunks!) parts.push(c.slice());
    expect(parts.length).toBeGreaterThan(2);
    const streamed = Buffer.concat(parts);
    expect(streamed.length).toBe(whole.length);
    // bytes 12–17: the smallest and largest frame's size, which only the whole file knows
    expect([...streamed.subarray(12, 18)]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(whole.subarray(12, 18).some((x) => x !== 0)).toBe(true);
    expect(Buffer.compare(streamed.subarray(18), Buffer.from(whole.subarray(18)))).toBe(0);
    expect(Buffer.compare(streamed.subarray(0, 12), Buffer.from(whole.subarray(0, 12)))).toBe(0);
  });
});
