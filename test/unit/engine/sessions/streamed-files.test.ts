/**
 * Files written as chunks (long masters streamed to disk) are the same files as when written whole: the
 * pre-master float WAV of stems equals floatWav of their sum, the staged file records the right size and
 * checksum, and writeUniqueChunks keeps the never-overwrite naming.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resampleChannel } from "../../../../src/engine/dsp/resample.js";
import { writeUniqueChunks } from "../../../../src/engine/sessions/names.js";
import { FloatWavReader, floatWav, floatWavChunks, readFloatWav } from "../../../../src/engine/sessions/pcm.js";
import { stageVersion } from "../../../../src/engine/sessions/versions.js";
import type { StereoBuffer } from "../../../../src/engine/types.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "composer-streamed-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function stem(frames: number, hz: number): StereoBuffer {
  const left = Float32Array.from({ length: frames }, (_, i) => 0.2 * Math.sin((2 * Math.PI * hz * i) / 44100));
  const right = Float32Array.from({ length: frames }, (_, i) => 0.1 * Math.cos((2 * Math.PI * hz * i) / 44100));
  return { sampleRate: 44100, left, right };
}

describe("streamed files", () => {
  const frames = (1 << 17) * 2 + 999; // several chunks, the last partial

  it("the pre-master of stems, staged as chunks, is floatWav of their sum, with its size and checksum", async () => {
    const stems = [stem(frames, 110), stem(frames, 220), stem(frames, 447)];
    const sum: StereoBuffer = { sampleRate: 44100, left: new Float32Array(frames), right: new Float32Array(frames) };
    for (const s of stems) {
      for (let i = 0; i < frames; i++) {
        sum.left[i] = sum.left[i]! + s.left[i]!;
        sum.right[i] = sum.right[i]! + s.right[i]!;
      }
    }
    const whole = floatWav(sum);
    const stage = await stageVersion(join(root, "versions"), 1);
    const record = await stage.putChunks("premaster.wav", floatWavChunks(stems, 44100, frames));
    const onDisk = readFileSync(join(stage.dir, "premaster.wav"));
    expect(Buffer.compare(onDisk, Buffer.from(whole))).toBe(0);
    expect(record.bytes).toBe(whole.byteLength);
    expect(record.sha256).toBe(createHash("sha256").update(whole).digest("hex"));
    const back = readFloatWav(new Uint8Array(onDisk));
    expect(back.left[frames - 1]).toBe(sum.left[frames - 1]);
    await stage.abort();
  });

  it("a stage's files are whole as soon as they are put; commit and abort wait for their flushes", async () => {
    const versions = join(root, "versions");
    const kept = await stageVersion(versions, 1);
    await kept.put("plan.json", "{}");
    await kept.putChunks("premaster.wav", floatWavChunks([stem(frames, 220)], 44100, frames));
    // the flush is still under way here; the data is written
    expect(readFileSync(join(kept.dir, "premaster.wav")).byteLength).toBe(44 + frames * 8);
    const manifest = await kept.commit({ session_id: "s", version: 1 } as never);
    expect(manifest.stored.map((f) => f.name)).toEqual(["plan.json", "premaster.wav"]);
    expect(readFileSync(join(versions, "v1", "manifest.json"), "utf8")).toContain("premaster.wav");

    const dropped = await stageVersion(versions, 2);
    await dropped.putChunks("premaster.wav", floatWavChunks([stem(frames, 110)], 44100, frames));
    await dropped.abort();
    expect(existsSync(dropped.dir)).toBe(false);
  });

  it("writeUniqueChunks writes every chunk, counts the bytes and never overwrites", async () => {
    writeFileSync(join(root, "song.wav"), "original");
    const parts = [new Uint8Array([1, 2, 3]), new Uint8Array(0), new Uint8Array(70000).fill(7)];
    const { path, bytes } = await writeUniqueChunks(root, "song", "wav", parts);
    expect(path).toBe(join(root, "song-2.wav"));
    expect(bytes).toBe(70003);
    const written = readFileSync(path);
    expect(written.length).toBe(70003);
    expect([...written.subarray(0, 4)]).toEqual([1, 2, 3, 7]);
    expect(readFileSync(join(root, "song.wav"), "utf8")).toBe("original");
  });

  it("chunks made in one reused buffer land whole and in order, with several writes in flight", async () => {
    // as the WAV and pre-master makers do: each chunk is only valid until the next one is asked for
    // a Buffer too: its slice() shares memory, so the copy must not rely on it
    function* reused() {
      const buffer = Buffer.alloc(1 << 16);
      for (let k = 0; k < 40; k++) {
        buffer.fill(k);
        yield buffer.subarray(0, (1 << 16) - k);
      }
    }
    const { path, bytes } = await writeUniqueChunks(root, "reused", "bin", reused());
    const written = readFileSync(path);
    expect(written.length).toBe(bytes);
    let at = 0;
    for (let k = 0; k < 40; k++) {
      const n = (1 << 16) - k;
      expect(written.subarray(at, at + n).every((b) => b === k)).toBe(true);
      at += n;
    }
    expect(at).toBe(written.length);
  });

  it("a failing chunk source leaves no partial file behind", async () => {
    function* failing() {
      yield new Uint8Array(10);
      throw new Error("encoder failed");
    }
    await expect(writeUniqueChunks(root, "broken", "wav", failing())).rejects.toThrow("encoder failed");
    expect(() => readFileSync(join(root, "broken.wav"))).toThrow();
  });
});

describe("FloatWavReader", () => {
  it("reads floatWav back from chunks of any size, frames split across chunks included", () => {
    const frames = 5000;
    const b = stem(frames, 330);
    const bytes = floatWav(b);
    for (const size of [1, 7, 44, 45, 1000, 1 << 20]) {
      const reader = new FloatWavReader();
      for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size));
      const back = reader.result();
      expect(back.sampleRate).toBe(44100);
      expect(back.left.length).toBe(frames);
      expect(Buffer.compare(Buffer.from(back.left.buffer), Buffer.from(b.left.buffer))).toBe(0);
      expect(Buffer.compare(Buffer.from(back.right.buffer), Buffer.from(b.right.buffer))).toBe(0);
      // in shared memory, so the encoder workers take a long mix as it is (segments.ts copies at most 64 MB)
      expect(back.left.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect(back.right.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
  });

  it("converts to another rate as it reads, with the same samples as converting the whole channel", () => {
    // long enough to span several of the reader's windows (its chunks are 2^17 frames)
    const frames = 300_001;
    const b = stem(frames, 523);
    const bytes = floatWav(b);
    for (const [rate, size] of [
      [48000, 1 << 20],
      [48000, 777_777],
      [22050, 65_541],
    ] as const) {
      const reader = new FloatWavReader(rate);
      for (let at = 0; at < bytes.length; at += size) reader.push(bytes.subarray(at, at + size));
      const back = reader.result();
      expect(back.sampleRate).toBe(rate);
      const left = resampleChannel(b.left, 44100, rate);
      const right = resampleChannel(b.right, 44100, rate);
      expect(back.left.length).toBe(left.length);
      expect(Buffer.compare(Buffer.from(back.left.buffer), Buffer.from(left.buffer))).toBe(0);
      expect(Buffer.compare(Buffer.from(back.right.buffer), Buffer.from(right.buffer))).toBe(0);
      expect(back.left.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
  });

  it("converting a file cut short, treats the frames it lacks as silence", () => {
    // cut within the first window, and after several (the reader's chunks are 2^17 frames)
    for (const [frames, cutAt] of [
      [20_000, 10_000],
      [600_000, 400_000],
      [600_000, 100_001],
    ] as const) {
      const b = stem(frames, 440);
      const bytes = floatWav(b);
      const reader = new FloatWavReader(48000);
      for (let at = 0; at < 44 + cutAt * 8; at += 1 << 20)
        reader.push(bytes.subarray(at, Math.min(44 + cutAt * 8, at + (1 << 20))));
      const back = reader.result();
      const cut = { left: b.left.slice(), right: b.right.slice() };
      cut.left.fill(0, cutAt);
      cut.right.fill(0, cutAt);
      const want = resampleChannel(cut.left, 44100, 48000);
      expect(Buffer.compare(Buffer.from(back.left.buffer), Buffer.from(want.buffer))).toBe(0);
    }
  });

  it("refuses what is not a stored float WAV", () => {
    const reader = new FloatWavReader();
    expect(() => {
      reader.push(new Uint8Array(100).fill(65));
      reader.result();
    }).toThrow(/not in the expected format/);
    expect(() => new FloatWavReader().result()).toThrow(/not in the expected format/);
  });
});
