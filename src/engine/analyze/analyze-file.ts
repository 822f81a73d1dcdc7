/** One stored file → its analysis, dispatched on the kind its magic bytes announce. */
import { open } from "node:fs/promises";
import { ComposerError, type ReferenceAnalysis } from "../types.js";
import { analyzeAudioFile } from "./audio/index.js";
import { analyzeImage } from "./image/index.js";
import { SNIFF_BYTES, type Sniffed, sniffFormat } from "./sniff.js";
import { type ReferenceDetails, SUPPORTED_LIST_TEXT } from "./types.js";
import { analyzeVideo } from "./video/index.js";

export interface AnalyzeOptions {
  ffmpeg: string;
  signal?: AbortSignal | undefined;
}

export interface AnalyzedFile {
  /** The sniffed kind, corrected when a video container holds only sound (then kind "audio", mp4 → m4a). */
  sniffed: Sniffed;
  analysis: ReferenceAnalysis;
  details: ReferenceDetails;
}

export async function readHead(path: string, length: number = SNIFF_BYTES): Promise<Uint8Array> {
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

export function unsupported(what: string): ComposerError {
  return new ComposerError("UNSUPPORTED_FORMAT", `${what} ${SUPPORTED_LIST_TEXT}`);
}

export async function analyzeFile(path: string, sniffed: Sniffed, options: AnalyzeOptions): Promise<AnalyzedFile> {
  if (sniffed.kind === "image") {
    return { sniffed, analysis: await analyzeImage(path, sniffed.format, options), details: {} };
  }
  if (sniffed.kind === "audio") {
    const audio = await analyzeAudioFile(path, sniffed.format === "wav", options);
    return { sniffed, analysis: { kind: "audio", ...audio.analysis }, details: audio.details };
  }
  const video = await analyzeVideo(path, sniffed.format, options);
  if (video.hasVideo) return { sniffed, analysis: video.analysis, details: video.details };
  // A video container with only sound (an .mp4 that is really music): analyse it as audio.
  const format = sniffed.format === "mp4" || sniffed.format === "mov" ? "m4a" : sniffed.format;
  const audio = await analyzeAudioFile(path, false, options);
  return { sniffed: { format, kind: "audio" }, analysis: { kind: "audio", ...audio.analysis }, details: audio.details };
}

/** Analyses a stored reference file (the kind is checked against its magic bytes). */
export async function analyzeReference(
  path: string,
  kind: ReferenceAnalysis["kind"],
  options: AnalyzeOptions,
): Promise<ReferenceAnalysis> {
  const sniffed = sniffFormat(await readHead(path));
  if (!sniffed) throw unsupported("This file is not a supported media file.");
  const result = await analyzeFile(path, sniffed, options);
  if (result.sniffed.kind !== kind && !(kind === "video" && result.sniffed.kind === "audio")) {
    throw new ComposerError("INVALID_ARGUMENT", `The file is ${result.sniffed.kind}, not ${kind}.`);
  }
  return result.analysis;
}
