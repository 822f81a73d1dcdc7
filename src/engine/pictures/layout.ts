/** What the two pictures share: palette, the section header band and the time axis. */
import type { Role, ScoreSection } from "../types.js";
import { type Canvas, clock, type Rgb, tickStep } from "./canvas.js";
import { drawable, textWidth } from "./font.js";

export const PALETTE = {
  background: [22, 24, 30] as Rgb,
  panel: [32, 35, 44] as Rgb,
  grid: [70, 74, 88] as Rgb,
  text: [225, 228, 236] as Rgb,
  dim: [150, 155, 170] as Rgb,
  wave: [94, 177, 255] as Rgb,
  waveCore: [190, 225, 255] as Rgb,
  boundary: [255, 209, 102] as Rgb,
  hit: [255, 82, 82] as Rgb,
};

export const ROLE_COLORS: Record<Role, Rgb> = {
  drums: [239, 83, 80],
  bass: [66, 135, 245],
  harmony: [102, 187, 106],
  melody: [255, 167, 38],
  fx: [171, 71, 188],
};

/** Alternating tints so neighbouring sections read apart. */
const SECTION_TINTS: Rgb[] = [
  [40, 44, 58],
  [48, 42, 58],
];

export interface PlotArea {
  x0: number;
  x1: number;
  duration: number;
}

export function xAt(area: PlotArea, seconds: number): number {
  return (
    area.x0 + ((area.x1 - area.x0) * Math.min(Math.max(seconds, 0), area.duration)) / Math.max(area.duration, 1e-6)
  );
}

/** A section's label in the built-in font: its name, or its kind when the name uses other scripts. */
export function sectionLabel(section: Pick<ScoreSection, "name" | "kind">): string {
  return drawable(section.name, section.kind);
}

/**
 * Tints each section's span from `top` to `bottom`, draws boundary lines, and writes each section's label in
 * the band `labelY`..`labelY + 9` (shortened to fit its span).
 */
export function drawSections(
  canvas: Canvas,
  area: PlotArea,
  sections: readonly Pick<ScoreSection, "name" | "kind" | "start" | "end">[],
  top: number,
  bottom: number,
  labelY: number,
): void {
  sections.forEach((section, i) => {
    const xa = xAt(area, section.start);
    const xb = xAt(area, section.end);
    canvas.rect(xa, top, xb - xa, bottom - top, SECTION_TINTS[i % 2] as Rgb, 0.6);
    canvas.text(xa + 3, labelY, sectionLabel(section), PALETTE.text, { maxWidth: Math.max(0, xb - xa - 6) });
  });
  for (const section of sections) {
    if (section.start > 0) canvas.vline(xAt(area, section.start), labelY - 2, bottom, PALETTE.boundary);
  }
}

/** Tick marks and m:ss labels along `y`. */
export function drawTimeAxis(canvas: Canvas, area: PlotArea, y: number): void {
  canvas.hline(area.x0, area.x1, y, PALETTE.grid);
  const step = tickStep(area.duration);
  for (let t = 0; t <= area.duration + 1e-6; t += step) {
    const x = xAt(area, t);
    canvas.vline(x, y, y + 4, PALETTE.grid);
    const label = clock(t);
    const w = textWidth(label);
    canvas.text(Math.min(Math.max(x - w / 2, 0), canvas.width - w - 1), y + 7, label, PALETTE.dim);
  }
}
