import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeImage, colourStats, moodFromColour } from "../../../../src/engine/analyze/image/index.js";

const dir = mkdtempSync(join(tmpdir(), "image-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function png(path: string, pixel: (x: number, y: number) => [number, number, number, number]): string {
  const image = new PNG({ width: 80, height: 60 });
  for (let y = 0; y < 60; y++) {
    for (let x = 0; x < 80; x++) {
      const [r, g, b, a] = pixel(x, y);
      image.data.set([r, g, b, a], (y * 80 + x) * 4);
    }
  }
  writeFileSync(path, PNG.sync.write(image));
  return path;
}

const NO_FFMPEG = { ffmpeg: "/nonexistent/ffmpeg" };

describe("image analysis", () => {
  it("reads a bright saturated warm PNG as upbeat with a high energy hint, without ffmpeg", async () => {
    const path = png(join(dir, "sunny.png"), () => [255, 180, 40, 255]);
    const a = await analyzeImage(path, "png", NO_FFMPEG);
    expect(a.kind).toBe("image");
    expect(a.brightness!).toBeGreaterThan(0.6);
    expect(a.saturation!).toBeGreaterThan(0.8);
    expect(a.warmth!).toBeGreaterThan(0.8);
    expect(a.moodHints).toContain("upbeat");
    expect(a.moodHints).toContain("warm");
    expect(a.energy!).toBeGreaterThan(0.6);
  });

  it("reads a dark cool flat PNG as calm and a dark cool contrasty one as tense, both low energy", async () => {
    const flat = await analyzeImage(
      png(join(dir, "night.png"), () => [10, 20, 50, 255]),
      "png",
      NO_FFMPEG,
    );
    expect(flat.brightness!).toBeLessThan(0.2);
    expect(flat.warmth!).toBeLessThan(0.5);
    expect(flat.moodHints).toContain("calm");
    expect(flat.energy!).toBeLessThan(0.3);
    const stripes = (x: number): [number, number, number, number] =>
      x % 8 < 2 ? [140, 160, 210, 255] : [0, 5, 25, 255];
    const tense = await analyzeImage(png(join(dir, "storm.png"), stripes), "png", NO_FFMPEG);
    expect(tense.moodHints).toContain("tense");
    expect(tense.energy!).toBeLessThan(flat.energy! + 0.3);
  });

  it("ignores transparent pixels", () => {
    const rgb = Uint8Array.from([255, 255, 255, 0, 0, 0]);
    const stats = colourStats({ rgb, weight: Float32Array.from([0, 1]), width: 2, height: 1 });
    expect(stats.brightness).toBe(0);
  });

  it("says something for any colour", () => {
    for (const b of [0, 0.3, 0.5, 0.9]) {
      for (const s of [0, 0.5, 1]) {
        for (const w of [0.2, 0.5, 0.8]) {
          const mood = moodFromColour({ brightness: b, saturation: s, warmth: w, contrast: 0.1 });
          expect(mood.moodHints.length).toBeGreaterThan(0);
          expect(mood.energy).toBeGreaterThanOrEqual(0);
          expect(mood.energy).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it("fails JPEG without ffmpeg with NEEDS_FFMPEG and a corrupt PNG with UNSUPPORTED_FORMAT", async () => {
    const jpg = join(dir, "x.jpg");
    writeFileSync(jpg, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
    await expect(analyzeImage(jpg, "jpg", NO_FFMPEG)).rejects.toMatchObject({ code: "NEEDS_FFMPEG" });
    const bad = join(dir, "bad.png");
    writeFileSync(bad, Buffer.concat([Buffer.from("\x89PNG\r\n\x1a\n", "latin1"), Buffer.alloc(20)]));
    await expect(analyzeImage(bad, "png", NO_FFMPEG)).rejects.toMatchObject({ code: "UNSUPPORTED_FORMAT" });
  });
});
