import { ComposerError, type ReferenceAnalysis } from "../types.js";

export interface AnalyzeOptions {
  ffmpeg: string;
  signal?: AbortSignal;
}

/** A stored reference file → what the music should take from it. */
export async function analyzeReference(
  _path: string,
  _kind: ReferenceAnalysis["kind"],
  _options: AnalyzeOptions,
): Promise<ReferenceAnalysis> {
  throw new ComposerError("NOT_AVAILABLE_YET", "Reference analysis is being built.");
}
