import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeWav } from "../../../../src/engine/analyze/audio/wav.js";
import { writeWav } from "../../../support/media.js";

const dir = mkdtempSync(join(tmpdir(), "wav-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ramp(n: number, scale: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => scale * (i / n - 0.5));
}

describe("decodeWav", () => {
  it.each([16, 24, 32] as const)("reads %i-bit files with three channels, keeping each channel", (bits) => {
    const channels = [ramp(1000, 1), ramp(1000, -0.5), new Float32Array(1000).fill(0.25)];
    const path = join(dir, `three-${bits}.wav`);
    writeWav(path, channels, 32000, bits);
    const audio = decodeWav(readFileSync(path));
    expect(audio.sampleRate).toBe(32000);
    expect(audio.channels).toHaveLength(3);
    const tolerance = bits === 16 ? 1e-4 : 1e-6;
    for (let c = 0; c < 3; c++) {
      for (const i of [0, 1, 499, 999])
        expect(Math.abs(audio.channels[c]![i]! - channels[c]![i]!)).toBeLessThan(tolerance);
    }
  });

  it("takes what a truncated file holds and rejects files without audio", () => {
    const path = join(dir, "cut.wav");
    writeWav(path, [ramp(2000, 1)], 8000, 16);
    const whole = readFileSync(path);
    expect(decodeWav(whole.subarray(0, 44 + 1000)).channels[0]).toHaveLength(500);
    expect(() => decodeWav(whole.subarray(0, 44))).toThrow(expect.objectContaining({ code: "UNSUPPORTED_FORMAT" }));
    expect(() => decodeWav(new Uint8Array(0))).toThrow(expect.objectContaining({ code: "UNSUPPORTED_FORMAT" }));
    expect(() => decodeWav(Buffer.from("RIFF\0\0\0\0WAVEjunk\0\0\0\0"))).toThrow(/no fmt chunk/);
  });
});
