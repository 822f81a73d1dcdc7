/**
 * The waveform picture: the mastered mix's peak (outer) and RMS (inner) envelope per pixel column, sections
 * tinted and labelled, a time axis below.
 *
 *   ┌ title ─────────────────────────────────────┐
 *   │ Intro   │ Verse        ▼ Chorus      │ Outro│   section labels, boundary lines, ▼ hit points
 *   │ ▁▂▃▅▆▇  │ ▅▆▇▆▅        │ ▇█▇█▇       │ ▃▂▁ │   waveform
 *   └ 0:00 ──── 0:10 ──── 0:20 ──── 0:30 ─────────┘
 */
import type { HitPoint, ScoreSection, StereoBuffer } from "../types.js";
import { Canvas } from "./canvas.js";
import { drawable } from "./font.js";
import { drawSections, drawTimeAxis, PALETTE, type PlotArea, xAt } from "./layout.js";

export const WAVEFORM_SIZE = { width: 1200, height: 300 } as const;

const LAYOUT = { margin: 12, titleY: 6, labelY: 26, plotTop: 38, axisGap: 30 };

export interface Picture {
  png: Uint8Array;
  width: number;
  height: number;
}

export function waveformPicture(
  mix: StereoBuffer,
  sections: readonly Pick<ScoreSection, "name" | "kind" | "start" | "end">[],
  title: string,
  hits: readonly HitPoint[] = [],
): Picture {
  const { width, height } = WAVEFORM_SIZE;
  const canvas = new Canvas(width, height, PALETTE.background);
  const frames = Math.min(mix.left.length, mix.right.length);
  const duration = frames / mix.sampleRate;
  const area: PlotArea = { x0: LAYOUT.margin, x1: width - LAYOUT.margin, duration };
  const plotBottom = height - LAYOUT.axisGap;
  canvas.text(LAYOUT.margin, LAYOUT.titleY, drawable(title, "Track"), PALETTE.text, {
    scale: 2,
    maxWidth: width - 2 * LAYOUT.margin,
  });
  canvas.rect(area.x0, LAYOUT.plotTop, area.x1 - area.x0, plotBottom - LAYOUT.plotTop, PALETTE.panel);
  drawSections(canvas, area, sections, LAYOUT.plotTop, plotBottom, LAYOUT.labelY);

  const mid = (LAYOUT.plotTop + plotBottom) / 2;
  const half = (plotBottom - LAYOUT.plotTop) / 2 - 2;
  canvas.hline(area.x0, area.x1, Math.round(mid), PALETTE.grid, 0.5);
  const columns = area.x1 - area.x0;
  for (let col = 0; col < columns && frames > 0; col++) {
    const from = Math.floor((col * frames) / columns);
    const to = Math.max(from + 1, Math.floor(((col + 1) * frames) / columns));
    let peak = 0;
    let energy = 0;
    for (let i = from; i < to; i++) {
      const v = 0.5 * ((mix.left[i] ?? 0) + (mix.right[i] ?? 0));
      const a = Math.abs(v);
      if (a > peak) peak = a;
      energy += v * v;
    }
    const rms = Math.sqrt(energy / (to - from));
    const x = area.x0 + col;
    const p = Math.min(1, peak) * half;
    const r = Math.min(1, rms) * half;
    canvas.vline(x, mid - p, mid + p + 1, PALETTE.wave);
    canvas.vline(x, mid - r, mid + r + 1, PALETTE.waveCore);
  }
  // Hit points (drops, accents, video cuts): a small downward triangle at the top of the plot.
  for (const hit of hits) {
    const x = Math.round(xAt(area, hit.at));
    for (let row = 0; row < 5; row++) canvas.hline(x - 4 + row, x + 5 - row, LAYOUT.plotTop + row, PALETTE.hit);
  }
  drawTimeAxis(canvas, area, plotBottom + 2);
  return { png: canvas.toPng(), width, height };
}
