/** Image → brightness, saturation, warmth, mood hints and an energy hint. */
import type { ReferenceAnalysis } from "../../types.js";
import type { ReferenceFormat } from "../types.js";
import { colourStats, moodFromColour } from "./mood.js";
import { readPng, readWithFfmpeg } from "./pixels.js";

export { colourStats, moodFromColour } from "./mood.js";

export interface ImageOptions {
  ffmpeg: string;
  signal?: AbortSignal | undefined;
}

export async function analyzeImage(
  path: string,
  format: ReferenceFormat,
  options: ImageOptions,
): Promise<ReferenceAnalysis> {
  const pixels = format === "png" ? await readPng(path) : await readWithFfmpeg(path, options.ffmpeg, options.signal);
  const stats = colourStats(pixels);
  const mood = moodFromColour(stats);
  return {
    kind: "image",
    brightness: stats.brightness,
    saturation: stats.saturation,
    warmth: stats.warmth,
    moodHints: mood.moodHints,
    energy: mood.energy,
  };
}
