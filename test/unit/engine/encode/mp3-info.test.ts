/**
 * The LAME Info tag frame read back from encoded files: frame count, byte counts, encoder delay and padding,
 * both CRCs; the tag frame's header matches the stream's. No ffmpeg needed (mp3-gapless.test.ts decodes).
 */
import { describe, expect, it } from "vitest";
import { encodeMp3, MP3_DEFAULTS, mp3Chunks } from "../../../../src/engine/encode/lossy.js";
import {
  crc16Arc,
  infoTagFrame,
  parseFrameHeader,
  readInfoTag,
  scanFrames,
} from "../../../../src/engine/encode/mp3-info.js";
import type { StereoBuffer } from "../../../../src/engine/types.js";

function noiseTone(n: number, sampleRate: number): StereoBuffer {
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  let x = 1;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648; // small LCG: deterministic, no Rng needed for a test signal
    left[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / sampleRate) + 0.05 * (x / 2147483648 - 0.5);
    right[i] = 0.3 * Math.sin((2 * Math.PI * 550 * i) / sampleRate);
  }
  return { sampleRate, left, right };
}

describe("crc16Arc", () => {
  it("gives the CRC-16/ARC check value for '123456789' (0xBB3D), also when continued in two parts", () => {
    const bytes = new TextEncoder().encode("123456789");
    expect(crc16Arc(bytes)).toBe(0xbb3d);
    expect(crc16Arc(bytes.subarray(4), crc16Arc(bytes.subarray(0, 4)))).toBe(0xbb3d);
  });
});

describe("parseFrameHeader", () => {
  it("reads MPEG-1 and MPEG-2 Layer III headers and rejects what is not one", () => {
    // 0xFFFB D0 44: MPEG-1 L3, 256 kbps, 44.1 kHz, no padding, joint stereo
    const h = parseFrameHeader(new Uint8Array([0xff, 0xfb, 0xd0, 0x44]))!;
    expect(h).toMatchObject({ version: 1, bitrateKbps: 256, sampleRateHz: 44100, channelMode: 1, frameBytes: 835 });
    expect(h.samplesPerFrame).toBe(1152);
    expect(h.sideInfoBytes).toBe(32);
    // 0xFFF3 E2 C4: MPEG-2 L3, 160 kbps, 22.05 kHz, padded, mono
    const m = parseFrameHeader(new Uint8Array([0xff, 0xf3, 0xe2, 0xc4]))!;
    expect(m).toMatchObject({ version: 2, bitrateKbps: 160, sampleRateHz: 22050, padded: true, channelMode: 3 });
    expect(m.frameBytes).toBe(Math.floor((72000 * 160) / 22050) + 1);
    expect(m.sideInfoBytes).toBe(9);
    expect(parseFrameHeader(new Uint8Array([0xff, 0xfd, 0xd0, 0x44]))).toBeUndefined(); // Layer II
    expect(parseFrameHeader(new Uint8Array([0x49, 0x44, 0x33, 0x04]))).toBeUndefined(); // "ID3"
  });
});

describe("the MP3's Info tag", () => {
  for (const [rate, n, loop] of [
    [44100, 44100, false],
    [48000, 46080, false], // a whole number of frames
    [44100, 30001, true],
    [22050, 20000, false], // MPEG-2: 576 samples per frame
  ] as const) {
    it(`reads back at ${rate} Hz, ${n} samples${loop ? ", loop" : ""}: frames, bytes, delay, padding, CRCs`, async () => {
      const file = await encodeMp3(noiseTone(n, rate), 256, loop);
      const tag = readInfoTag(file)!;
      expect(tag).toBeDefined();
      const audio = file.subarray(tag.header.frameBytes);
      const scan = scanFrames([audio]);
      expect(scan.first?.sampleRateHz).toBe(rate);
      expect(tag.header.sampleRateHz).toBe(rate);
      expect(tag.header.version).toBe(scan.first?.version);
      expect(tag.header.channelMode).toBe(scan.first?.channelMode);
      expect(tag.header.padded).toBe(false);
      expect(tag.encoder).toBe("LAME3.100");
      expect(tag.vbrMethod).toBe(1);
      expect(tag.bitrateKbps).toBe(Math.min(255, scan.first!.bitrateKbps)); // one byte: 256 and 320 read 255
      expect(tag.frames).toBe(scan.frames);
      expect(tag.totalBytes).toBe(file.length);
      expect(tag.musicLength).toBe(file.length);
      expect(tag.musicCrc).toBe(crc16Arc(audio));
      expect(tag.tagCrc).toBe(tag.tagCrcComputed);
      const wrap = loop ? MP3_DEFAULTS.loopWrapSamples : 0;
      expect(tag.delaySamples).toBe(MP3_DEFAULTS.encoderDelaySamples + wrap);
      expect(tag.paddingSamples).toBe(scan.frames * scan.first!.samplesPerFrame - tag.delaySamples - n);
      // the padding holds the loop's wrapped head plus LAME's flush, never a whole extra frame beyond
      expect(tag.paddingSamples).toBeGreaterThanOrEqual(wrap);
      expect(tag.paddingSamples).toBeLessThanOrEqual(4095);
    });
  }

  it("the tag frame is silence the decoder can parse: zero side information, the stream's header fields", async () => {
    const file = await encodeMp3(noiseTone(5000, 44100));
    const h = parseFrameHeader(file)!;
    expect(h.bitrateKbps).toBe(256);
    expect([...file.subarray(4, 4 + h.sideInfoBytes)].every((b) => b === 0)).toBe(true);
    expect(String.fromCharCode(...file.subarray(4 + h.sideInfoBytes, 8 + h.sideInfoBytes))).toBe("Info");
    // the next frame starts right after it
    expect(parseFrameHeader(file, h.frameBytes)).toBeDefined();
  });

  it("mp3Chunks yields the tag frame first and, joined, the same bytes as encodeMp3", async () => {
    const b = noiseTone(60000, 48000);
    const chunks: Uint8Array[] = [];
    for await (const c of mp3Chunks(b, 256, true)) chunks.push(c.slice());
    expect(readInfoTag(chunks[0]!)).toBeDefined();
    expect(chunks[0]!.length).toBe(parseFrameHeader(chunks[0]!)!.frameBytes);
    const joined = Buffer.concat(chunks);
    expect(joined.equals(Buffer.from(await encodeMp3(b, 256, true)))).toBe(true);
  });

  it("refuses a delay or padding that does not fit the tag's 12-bit fields, and a stream that is not whole frames", () => {
    const audio = parseFrameHeader(new Uint8Array([0xff, 0xfb, 0xd0, 0x44]))!;
    const base = { audio, frames: 10, audioBytes: 8350, musicCrc: 0, delaySamples: 576, paddingSamples: 100 };
    expect(() => infoTagFrame(base)).not.toThrow();
    expect(() => infoTagFrame({ ...base, paddingSamples: 4096 })).toThrow(/12 bits/);
    expect(() => infoTagFrame({ ...base, delaySamples: -1 })).toThrow(/12 bits/);
    const frame = new Uint8Array(835);
    frame.set([0xff, 0xfb, 0xd0, 0x44]);
    expect(scanFrames([frame, frame.subarray(0, 3), frame.subarray(3)]).frames).toBe(2); // header split across parts
    expect(() => scanFrames([frame, frame.subarray(0, 400)])).toThrow(/past the stream/);
  });
});
