/**
 * What an imported reference is, and the limits the importer enforces. The local backend stores a
 * StoredReference per upload; plan/ reads its `analysis`.
 */
import type { ReferenceAnalysis } from "../types.js";

export type ReferenceKind = ReferenceAnalysis["kind"];

export type ReferenceFormat =
  | "mp4"
  | "mov"
  | "avi"
  | "webm"
  | "mkv"
  | "jpg"
  | "png"
  | "gif"
  | "webp"
  | "mp3"
  | "wav"
  | "m4a"
  | "aac";

export const SUPPORTED_FORMATS: readonly ReferenceFormat[] = [
  "mp4",
  "mov",
  "avi",
  "webm",
  "mkv",
  "jpg",
  "png",
  "gif",
  "webp",
  "mp3",
  "wav",
  "m4a",
  "aac",
];

export const SUPPORTED_LIST_TEXT = `Supported: ${SUPPORTED_FORMATS.join(", ")}.`;

export interface StoredReference {
  /** "ref_" + 16 hex digits. */
  reference_id: string;
  kind: ReferenceKind;
  format: ReferenceFormat;
  bytes: number;
  /** Absolute path of the stored copy inside destDir. */
  path: string;
  /** File name as the person gave it (path basename or URL file name), for display only. */
  originalName: string;
  analysis: ReferenceAnalysis;
  /** One readable sentence of what was found. */
  summary: string;
  /** Extra findings that do not fit ReferenceAnalysis (tempo alternatives, confidences, skipped steps). */
  details: ReferenceDetails;
}

export interface ReferenceDetails {
  /** Other plausible tempi (the half/double reading), best first. */
  bpmAlternatives?: number[];
  /** 0..1: how clearly the beat stands out. */
  tempoConfidence?: number;
  /** 0..1: how far the best key profile beats the runner-up. */
  keyConfidence?: number;
  /** The runner-up key ("A minor" for a C major reading is the usual one). */
  keyAlternative?: string;
  /** Video only: the codec names ffprobe reported. */
  videoCodec?: string;
  audioCodec?: string;
  width?: number;
  height?: number;
  /** Steps that could not run (e.g. scene cuts without ffmpeg) and why. */
  skipped?: string[];
}

export interface ImportLimits {
  videoBytes: number;
  audioBytes: number;
  imageBytes: number;
  /** ms until response headers arrive. */
  connectTimeoutMs: number;
  /** ms without a byte while the body streams. */
  idleTimeoutMs: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  videoBytes: 2 * 1024 ** 3,
  audioBytes: 200 * 1024 ** 2,
  imageBytes: 50 * 1024 ** 2,
  connectTimeoutMs: 15_000,
  idleTimeoutMs: 30_000,
};
