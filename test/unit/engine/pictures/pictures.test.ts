import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import {
  ARRANGEMENT_LAYOUT,
  arrangementHeight,
  arrangementPicture,
  WAVEFORM_SIZE,
  waveformPicture,
} from "../../../../src/engine/pictures/index.js";
import { PALETTE, ROLE_COLORS } from "../../../../src/engine/pictures/layout.js";
import { fakePlan, fakeScore } from "../sessions/fake-stages.js";

function pixel(png: PNG, x: number, y: number): [number, number, number] {
  const at = (y * png.width + x) * 4;
  return [png.data[at] ?? 0, png.data[at + 1] ?? 0, png.data[at + 2] ?? 0];
}

function countColor(png: PNG, color: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < png.width * png.height; i++) {
    if (png.data[i * 4] === color[0] && png.data[i * 4 + 1] === color[1] && png.data[i * 4 + 2] === color[2]) n++;
  }
  return n;
}

describe("pictures", () => {
  const sampleRate = 8000;
  const seconds = 4;
  const left = new Float32Array(sampleRate * seconds);
  // Silent first half, loud second half: the envelope must show it.
  for (let i = left.length / 2; i < left.length; i++) left[i] = 0.8 * Math.sin(i / 3);
  const mix = { sampleRate, left, right: left };
  const sections = [
    { name: "Intro", kind: "intro" as const, start: 0, end: 2 },
    { name: "副歌", kind: "chorus" as const, start: 2, end: 4 },
  ];

  it("the waveform decodes as a PNG of the stated size and shows quiet and loud halves", () => {
    const picture = waveformPicture(mix, sections, "Test track");
    const png = PNG.sync.read(Buffer.from(picture.png));
    expect([png.width, png.height]).toEqual([WAVEFORM_SIZE.width, WAVEFORM_SIZE.height]);
    expect([picture.width, picture.height]).toEqual([png.width, png.height]);
    const mid = Math.round((38 + (WAVEFORM_SIZE.height - 30)) / 2);
    const quietColumnTop = pixel(png, Math.round(WAVEFORM_SIZE.width * 0.25), mid - 60);
    const loudColumnTop = pixel(png, Math.round(WAVEFORM_SIZE.width * 0.75), mid - 60);
    expect(loudColumnTop).not.toEqual(quietColumnTop);
    const withHit = PNG.sync.read(
      Buffer.from(waveformPicture(mix, sections, "Test track", [{ at: 1, kind: "hit" }]).png),
    );
    expect(countColor(withHit, PALETTE.hit)).toBe(25);
    expect(countColor(png, PALETTE.hit)).toBe(0);
    // The section boundary at 2 s is drawn in the boundary colour.
    expect(pixel(png, Math.round(12 + (WAVEFORM_SIZE.width - 24) / 2), 45)).toEqual([...PALETTE.boundary]);
  });

  it("the arrangement has one row per part, coloured by role, at the stated size", () => {
    const score = fakeScore(fakePlan("Arr"));
    const picture = arrangementPicture(score);
    const png = PNG.sync.read(Buffer.from(picture.png));
    expect(png.width).toBe(ARRANGEMENT_LAYOUT.width);
    expect(png.height).toBe(arrangementHeight(score.parts.length));
    expect(png.height).toBe(ARRANGEMENT_LAYOUT.header + 3 * ARRANGEMENT_LAYOUT.rowHeight + ARRANGEMENT_LAYOUT.footer);
    for (const role of ["drums", "bass", "melody"] as const)
      expect(countColor(png, ROLE_COLORS[role])).toBeGreaterThan(50);
    expect(countColor(png, ROLE_COLORS.fx)).toBe(0);
  });
});

describe("labels in the built-in font", () => {
  it("drops characters it cannot draw and falls back when nothing readable is left", async () => {
    const { drawable, isDrawable } = await import("../../../../src/engine/pictures/font.js");
    expect(drawable("Sunny Pop 🎶", "Track")).toBe("Sunny Pop");
    expect(drawable("中国风", "chinese_traditional")).toBe("chinese_traditional");
    expect(drawable("Verse 2 (副歌)", "verse")).toBe("Verse 2 ()");
    expect(isDrawable("Intro")).toBe(true);
    expect(isDrawable("前奏")).toBe(false);
  });
});
