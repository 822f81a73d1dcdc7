/**
 * The arrangement picture: one row per part (name at the left, a swatch in its role's colour), each note a
 * short bar placed by time and, within the row, by pitch; sections tinted and labelled across the top.
 *
 *   ┌ title ─────────────────────────────────────────┐
 *   │            │ Intro │ Verse      │ Chorus        │
 *   │ ■ Drums    │ ▪ ▪ ▪ ▪ ▪ ▪ ▪ ▪ ▪ ▪ ▪ ▪ ▪ ▪ ▪ ▪  │
 *   │ ■ Bass     │   ▬  ▬   ▬  ▬   ▬  ▬   ▬  ▬      │
 *   └ ──────────── 0:00 ──── 0:10 ──── 0:20 ─────────┘
 */
import type { Score } from "../types.js";
import { Canvas } from "./canvas.js";
import { drawable } from "./font.js";
import { drawSections, drawTimeAxis, PALETTE, type PlotArea, ROLE_COLORS, xAt } from "./layout.js";
import type { Picture } from "./waveform.js";

export const ARRANGEMENT_LAYOUT = {
  width: 1200,
  labelWidth: 150,
  margin: 12,
  header: 38,
  rowHeight: 22,
  footer: 30,
  /** Parts beyond this many are left out of the picture (it stays readable). */
  maxRows: 24,
} as const;

/** Height of the arrangement picture for a score with `parts` parts. */
export function arrangementHeight(parts: number): number {
  const L = ARRANGEMENT_LAYOUT;
  return L.header + Math.max(1, Math.min(parts, L.maxRows)) * L.rowHeight + L.footer;
}

export function arrangementPicture(score: Score): Picture {
  const L = ARRANGEMENT_LAYOUT;
  const parts = score.parts.slice(0, L.maxRows);
  const width = L.width;
  const height = arrangementHeight(score.parts.length);
  const canvas = new Canvas(width, height, PALETTE.background);
  const area: PlotArea = { x0: L.labelWidth, x1: width - L.margin, duration: Math.max(score.duration, 1e-3) };
  const rowsTop = L.header;
  const rowsBottom = rowsTop + Math.max(1, parts.length) * L.rowHeight;
  canvas.text(L.margin, 6, drawable(score.title, score.style), PALETTE.text, {
    scale: 2,
    maxWidth: width - 2 * L.margin,
  });
  canvas.rect(area.x0, rowsTop, area.x1 - area.x0, rowsBottom - rowsTop, PALETTE.panel);
  drawSections(canvas, area, score.sections, rowsTop, rowsBottom, 26);

  parts.forEach((part, row) => {
    const top = rowsTop + row * L.rowHeight;
    const color = ROLE_COLORS[part.role];
    canvas.hline(L.margin, area.x1, top + L.rowHeight - 1, PALETTE.background);
    canvas.rect(L.margin, top + 6, 9, 9, color);
    const name = drawable(part.name, part.role);
    canvas.text(L.margin + 14, top + 7, name, PALETTE.text, { maxWidth: L.labelWidth - L.margin - 20 });
    if (part.notes.length === 0) return;
    let low = 127;
    let high = 0;
    for (const n of part.notes) {
      if (n.pitch < low) low = n.pitch;
      if (n.pitch > high) high = n.pitch;
    }
    const inner = L.rowHeight - 6;
    for (const note of part.notes) {
      const xa = xAt(area, note.start);
      const xb = Math.max(xa + 1, xAt(area, note.start + note.duration));
      const y = high === low ? top + inner / 2 : top + 2 + ((high - note.pitch) / (high - low)) * (inner - 2);
      canvas.rect(xa, y, xb - xa, 2, color, 0.45 + 0.55 * Math.min(1, Math.max(0, note.velocity)));
    }
  });
  drawTimeAxis(canvas, area, rowsBottom + 2);
  return { png: canvas.toPng(), width, height };
}
