/**
 * Colour statistics → mood words and an energy hint. Brightness is Rec. 709 luma; saturation is HSV
 * saturation; warmth compares red to blue (0.5 neutral). The mapping follows the common colour–emotion
 * findings (Valdez & Mehrabian, "Effects of Color on Emotions", JEP:General 1994: brightness raises
 * pleasure, saturation raises arousal) and is reported as hints, not facts.
 */
import type { RgbPixels } from "./pixels.js";

export interface ColourStats {
  brightness: number;
  saturation: number;
  warmth: number;
  /** Standard deviation of luma, 0..0.5. */
  contrast: number;
}

export interface MoodReading {
  moodHints: string[];
  /** 0..1 */
  energy: number;
}

export function colourStats(pixels: RgbPixels): ColourStats {
  let total = 0;
  let luma = 0;
  let lumaSquared = 0;
  let saturation = 0;
  let redMinusBlue = 0;
  const n = pixels.weight.length;
  for (let i = 0; i < n; i++) {
    const w = pixels.weight[i]!;
    if (w <= 0) continue;
    const r = pixels.rgb[i * 3]! / 255;
    const g = pixels.rgb[i * 3 + 1]! / 255;
    const b = pixels.rgb[i * 3 + 2]! / 255;
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    total += w;
    luma += w * y;
    lumaSquared += w * y * y;
    saturation += w * (max > 0 ? (max - min) / max : 0);
    redMinusBlue += w * (r - b);
  }
  if (total === 0) return { brightness: 0, saturation: 0, warmth: 0.5, contrast: 0 };
  const mean = luma / total;
  const clamp = (x: number) => Math.max(0, Math.min(1, x));
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    brightness: round(mean),
    saturation: round(saturation / total),
    warmth: round(clamp(0.5 + redMinusBlue / total)),
    contrast: round(Math.sqrt(Math.max(0, lumaSquared / total - mean * mean))),
  };
}

export function moodFromColour(stats: ColourStats): MoodReading {
  const { brightness: b, saturation: s, warmth: w, contrast: c } = stats;
  const hints: string[] = [];
  if (b >= 0.6 && s >= 0.45) hints.push("upbeat", "bright", "playful");
  else if (b >= 0.6 && s < 0.2) hints.push("airy", "minimal");
  else if (b >= 0.5) hints.push("bright");
  if (b < 0.35) {
    if (w < 0.5 && c >= 0.2) hints.push("tense", "dark");
    else if (w < 0.5) hints.push("calm", "dark");
    else hints.push("moody", "intimate");
  }
  if (w >= 0.6 && s >= 0.25) hints.push("warm");
  if (w >= 0.6 && b >= 0.35 && b < 0.6 && s < 0.45) hints.push("nostalgic");
  if (w <= 0.4 && b >= 0.35) hints.push("cool");
  if (s >= 0.6 && b >= 0.35 && !hints.includes("upbeat")) hints.push("energetic");
  if (hints.length === 0) hints.push("neutral");
  // Saturation of a very dark colour is barely seen: weigh it by brightness before it counts as vivid.
  const vivid = s * Math.min(1, b * 2);
  const energy = Math.max(0, Math.min(1, 0.1 + 0.45 * b + 0.35 * vivid + 0.2 * c));
  return { moodHints: [...new Set(hints)], energy: Math.round(energy * 100) / 100 };
}
