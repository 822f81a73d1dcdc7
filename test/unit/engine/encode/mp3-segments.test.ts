/**
 * MP3 in segments on workers, joined on the frame grid: the stream is valid frame by frame (every frame's main
 * data where the bit reservoir allows it), has the frame count of one encode, and decodes as well as one encode
 * does — over the whole and right at the cut. A join that cannot honour the reservoir or the window sequence is
 * refused. The decoding checks are skipped with a message when ffmpeg is not installed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFfmpeg } from "../../../../src/engine/dsp/ffmpeg.js";
import { guardedBuffer, peakGuard } from "../../../../src/engine/dsp/peak-guard.js";
import { createRng } from "../../../../src/engine/dsp/random.js";
import { encodeMp3, encodeMp3Range, MP3_DEFAULTS } from "../../../../src/engine/encode/lossy.js";
import { infoTagFrame, scanFrames } from "../../../../src/engine/encode/mp3-info.js";
import { type FrameFacts, frameFacts, joinAt, joinSegments } from "../../../../src/engine/encode/mp3-join.js";
import { encodeMp3InSegments } from "../../../../src/engine/encode/mp3-segments.js";
import { closeEncodeWorkers, type Mp3Job } from "../../../../src/engine/encode/segments.js";
import type { StereoBuffer } from "../../../../src/engine/types.js";

const SR = 44100;
const FRAME = 1152;
const tools = findFfmpeg();
const cores = availableParallelism();
const dir = mkdtempSync(join(tmpdir(), "composer-mp3-segments-"));
afterAll(() => {
  closeEncodeWorkers();
  rmSync(dir, { recursive: true, force: true });
});

/** Chords with a swell, a stereo difference and a hit every half second (short blocks around each). */
function music(seconds: number, shared = true): StereoBuffer {
  const n = seconds * SR;
  const make = () => (shared ? new Float32Array(new SharedArrayBuffer(n * 4)) : new Float32Array(n));
  const left = make();
  const right = make();
  const rng = createRng(7);
  let dark = 0;
  for (let i = 0; i < n; i++) {
    const t = i / SR;
    const swell = 0.6 + 0.4 * Math.sin(2 * Math.PI * 0.25 * t);
    let x = 0;
    for (const hz of [220, 277.2, 329.6, 440, 554.4]) x += Math.sin(2 * Math.PI * hz * t);
    const since = t % 0.5;
    // a drum-like hit: a falling tone and low-passed noise (white noise would mostly be coded as noise)
    dark += 0.2 * (rng.next() * 2 - 1 - dark);
    const hit = since < 0.15 ? (Math.sin(2 * Math.PI * 160 * since) + dark) * Math.exp(-since * 40) : 0;
    left[i] = 0.08 * swell * x + 0.5 * hit;
    right[i] = 0.08 * swell * x * 0.9 + 0.05 * Math.sin(2 * Math.PI * 110 * t) + 0.45 * hit;
  }
  return { sampleRate: SR, left, right };
}

/** Each frame's main data lies after the previous frame's and within the reservoir's reach (§2.4.1.7). */
function reservoirHolds(frames: readonly FrameFacts[]): boolean {
  let payload = 0;
  let end = 0;
  for (const f of frames) {
    const start = payload - f.mainDataBegin;
    const size = f.header.frameBytes - f.payloadOffset;
    if (start < end || f.mainDataBegin > 511 || start + f.mainDataBytes > payload + size) return false;
    end = start + f.mainDataBytes;
    payload += size;
  }
  return true;
}

/** Raw frames behind an Info tag, so a decoder returns exactly the `n` input samples (lag 0). */
function tagged(frames: Uint8Array, n: number): Uint8Array {
  const scan = scanFrames([frames]);
  const tag = infoTagFrame({
    audio: scan.first!,
    frames: scan.frames,
    audioBytes: scan.bytes,
    musicCrc: scan.crc,
    delaySamples: MP3_DEFAULTS.encoderDelaySamples,
    paddingSamples: scan.frames * FRAME - MP3_DEFAULTS.encoderDelaySamples - n,
  });
  return Buffer.concat([tag, frames]);
}

let files = 0;
function decode(bytes: Uint8Array): { pcm: Float32Array; errors: string } {
  const path = join(dir, `d${files++}.mp3`);
  writeFileSync(path, bytes);
  const r = spawnSync(tools!.ffmpeg, ["-v", "error", "-i", path, "-f", "f32le", "-"], {
    maxBuffer: 1 << 28,
  });
  const stereo = new Float32Array(r.stdout.buffer.slice(r.stdout.byteOffset, r.stdout.byteOffset + r.stdout.length));
  return { pcm: stereo.filter((_, i) => i % 2 === 0), errors: r.stderr.toString() }; // the left channel
}

/** Signal-to-error ratio (dB) of `decoded` against the source, over samples [from, to). */
function snrDb(source: Float32Array, decoded: Float32Array, from: number, to: number): number {
  let s = 0;
  let e = 0;
  for (let i = from; i < to; i++) {
    s += source[i]! ** 2;
    e += (source[i]! - (decoded[i] ?? 0)) ** 2;
  }
  return 10 * Math.log10(s / Math.max(e, 1e-30));
}

describe("MP3 in segments", () => {
  const buffer = music(30);
  const job: Mp3Job = {
    buffer,
    bitrate: 256,
    loop: false,
    gains: peakGuard(buffer),
    from: 0,
    to: buffer.left.length,
  };

  it.runIf(cores >= 2)("is a valid stream with one encode's frame count", async () => {
    const whole = frameFacts(await encodeMp3Range(job))!;
    const parts = await encodeMp3InSegments(job);
    expect(parts).toBeDefined();
    const frames = frameFacts(Buffer.concat(parts!))!;
    expect(frames.length).toBe(whole.length);
    expect(reservoirHolds(whole)).toBe(true);
    expect(reservoirHolds(frames)).toBe(true);
  });

  it.runIf(cores >= 2 && tools !== undefined)("decodes as well as one encode, also at the cut", async () => {
    const n = buffer.left.length;
    const whole = decode(tagged(await encodeMp3Range(job), n));
    const parts = await encodeMp3InSegments(job);
    const split = decode(tagged(Buffer.concat(parts!), n));
    expect(split.errors).toBe("");
    expect(whole.pcm.length).toBe(n);
    expect(split.pcm.length).toBe(n);
    const { left } = guardedBuffer(buffer);
    const cut = Math.round(n / 2 / FRAME) * FRAME;
    const overall = [snrDb(left, whole.pcm, 0, n), snrDb(left, split.pcm, 0, n)];
    expect(overall[0]).toBeGreaterThan(15);
    expect(overall[1]).toBeGreaterThan(overall[0]! - 0.5);
    // eight frames either side of the cut, where the join's three candidate frames lie
    const near = [whole, split].map((d) => snrDb(left, d.pcm, cut - 8 * FRAME, cut + 8 * FRAME));
    expect(near[1]).toBeGreaterThan(near[0]! - 1.5);
  });

  it.runIf(cores >= 2 && tools !== undefined)("keeps a long loop sample-exact through the Info tag", async () => {
    const loop = music(24, false); // not shared: copied for the workers
    const decoded = decode(await encodeMp3(loop, 256, true));
    expect(decoded.errors).toBe("");
    expect(decoded.pcm.length).toBe(loop.left.length);
  });

  it.runIf(cores >= 2)("gives way when a worker fails, and the next encode starts fresh workers", async () => {
    // LAME refuses the bit rate inside the workers: the caller then encodes on its own thread
    expect(await encodeMp3InSegments({ ...job, bitrate: 100 as Mp3Job["bitrate"] })).toBeUndefined();
    const parts = await encodeMp3InSegments(job);
    expect(parts).toBeDefined();
    expect(frameFacts(Buffer.concat(parts!))!.length).toBe(frameFacts(await encodeMp3Range(job))!.length);
  });

  it.runIf(cores >= 2)(
    "runs one set of workers at a time: a second encode meanwhile is left to its caller",
    async () => {
      const both = await Promise.all([encodeMp3InSegments(job), encodeMp3InSegments(job)]);
      expect(both.filter((parts) => parts !== undefined)).toHaveLength(1);
      expect(await encodeMp3InSegments(job)).toBeDefined();
    },
  );

  it("is not used for short streams or one core", async () => {
    const short = music(5);
    expect(await encodeMp3InSegments({ ...job, buffer: short, gains: undefined, to: short.left.length })).toBe(
      undefined,
    );
  });
});

describe("joining two streams", () => {
  const facts = (mainDataBegin: number, mainDataBytes: number, windows = [0, 0]): FrameFacts => ({
    at: 0,
    header: {
      version: 1,
      bitrateKbps: 256,
      sampleRateHz: SR,
      padded: false,
      channelMode: 1,
      frameBytes: 835,
      samplesPerFrame: FRAME,
      sideInfoBytes: 32,
    },
    payloadOffset: 36,
    payloadStart: 0,
    mainDataBegin,
    mainDataBytes,
    lastWindows: windows,
  });
  const stream = (list: FrameFacts[]) => {
    const frames = list.map((f, i) => ({ ...f, at: i * 835, payloadStart: i * (835 - 36) }));
    const bytes = new Uint8Array(frames.length * 835);
    bytes.forEach((_, i) => {
      bytes[i] = i % 251;
    });
    return { bytes, frames };
  };

  it("moves the second stream's reservoir bytes into the first's free tail", () => {
    const a = stream([facts(0, 700), facts(0, 600), facts(0, 500)]);
    const b = stream([facts(0, 700), facts(0, 700), facts(120, 700), facts(0, 700)]);
    const before = a.bytes.slice();
    // frame 1 cannot join (b's frame 0 has nothing before it to copy from), frame 2 can
    const joined = joinSegments(
      [
        { ...a, firstFrame: 0 },
        { ...b, firstFrame: 0 },
      ],
      [[0, 2]],
    )!;
    expect(joined.map((p) => p.length)).toEqual([2 * 835, 2 * 835]);
    expect(joined[1]!.byteOffset).toBe(2 * 835);
    // the last 120 payload bytes of a's frame 1 are now b's frame 1's last 120; the rest of a is as it was
    expect(Array.from(joined[0]!.subarray(2 * 835 - 120))).toEqual(
      Array.from(b.bytes.subarray(2 * 835 - 120, 2 * 835)),
    );
    expect(Array.from(joined[0]!.subarray(0, 2 * 835 - 120))).toEqual(Array.from(before.subarray(0, 2 * 835 - 120)));
    expect(
      joinSegments(
        [
          { ...a, firstFrame: 0 },
          { ...b, firstFrame: 0 },
        ],
        [[0]],
      ),
    ).toBeUndefined();
  });

  it("refuses when the first stream's tail has no room for the reach back", () => {
    const a = stream([facts(0, 700), facts(0, 790), facts(0, 500)]);
    const b = stream([facts(0, 700), facts(0, 700), facts(120, 700), facts(0, 700)]);
    const before = a.bytes.slice();
    expect(joinAt({ ...a, firstFrame: 0 }, { ...b, firstFrame: 0 }, 2)).toBeUndefined();
    expect(a.bytes).toEqual(before);
  });

  it("reads a start window apart from a stop window", () => {
    // one MPEG-1 Layer III frame, 128 kbit/s at 44.1 kHz, joint stereo, its side information all zero but the
    // last granule's window switching: block_type 1 (start) or 3 (stop) in both channels
    const frame = (blockType: number) => {
      const bytes = new Uint8Array(417);
      bytes.set([0xff, 0xfb, 0x90, 0x64]);
      const set = (bit: number, value: number, count: number) => {
        for (let k = 0; k < count; k++) {
          const b = 32 + bit + k; // after the 4-byte header
          if ((value >> (count - 1 - k)) & 1) bytes[b >> 3]! |= 0x80 >> (b & 7);
        }
      };
      for (const ch of [0, 1]) {
        const at = 9 + 3 + 8 + (2 + ch) * 59; // granule 1
        set(at + 33, 1, 1);
        set(at + 34, blockType, 2);
      }
      return bytes;
    };
    const start = frameFacts(frame(1))![0]!.lastWindows;
    const stop = frameFacts(frame(3))![0]!.lastWindows;
    expect(start).toHaveLength(2);
    expect(start).not.toEqual(stop);
  });

  it("refuses when the windows before the join differ", () => {
    const a = stream([facts(0, 700), facts(0, 500, [8 | 1, 8 | 1]), facts(0, 500)]);
    const b = stream([facts(0, 700), facts(0, 700), facts(0, 700), facts(0, 700)]);
    expect(joinAt({ ...a, firstFrame: 0 }, { ...b, firstFrame: 0 }, 2)).toBeUndefined();
    expect(joinAt({ ...a, firstFrame: 0 }, { ...b, firstFrame: 0 }, 1)).toBeDefined();
  });
});
