/** What the session store keeps on disk. Every record carries `format` so later layouts can read old ones. */
import type { GenerateResult, OutputFile } from "../../backend/schemas.js";
import type { ReferenceAnalysis } from "../types.js";

export const STORE_FORMAT = 1;

/** `<data>/sessions/<id>/session.json` */
export interface SessionMeta {
  format: number;
  id: string;
  created_at: string;
  updated_at: string;
  /** Reference ids attached to this session, oldest first. */
  references: string[];
  /** Files written by export_track, newest last (bounded). */
  exports?: { version: number; at: string; files: OutputFile[] }[];
}

/** A file inside a version folder, with what it must measure to count as intact. */
export interface StoredFile {
  name: string;
  bytes: number;
  sha256: string;
}

/**
 * `<data>/sessions/<id>/versions/v<n>/manifest.json`, written last: a version exists only when its manifest
 * does and every stored file still has the recorded size.
 */
export interface VersionManifest {
  format: number;
  session_id: string;
  version: number;
  track_id: string;
  created_at: string;
  title: string;
  seed: number;
  /** The version whose plan this one edited (or restored), if any. */
  based_on: number | null;
  /** The reference the plan was fitted to, if any. */
  reference_id: string | null;
  stored: StoredFile[];
  master: {
    /**
     * The stored pre-master mix (32-bit float WAV) that export re-masters at any loudness; null once pruned
     * (export then renders the stored score again, which gives the same audio).
     */
    premix: string | null;
    sampleRate: number;
    frames: number;
    lufs: number;
    integratedLufs: number;
    truePeakDbtp: number;
    engine: "builtin" | "soundfont";
    soundfont?: string;
  };
  /** What generate_track answered, files included (paths in the output folder at the time). */
  result: GenerateResult;
}

/** `<data>/sessions/<id>/references/<reference_id>.json`; the file itself sits beside it. */
export interface ReferenceRecord {
  format: number;
  reference_id: string;
  session_id: string;
  created_at: string;
  kind: ReferenceAnalysis["kind"];
  /** File format ("mp4", "wav", "png", …). */
  format_name: string;
  bytes: number;
  /** The stored copy, relative to the session folder. */
  file: string;
  original_name: string;
  analysis: ReferenceAnalysis;
  summary: string;
}

/** `<data>/usage.json` */
export interface UsageRecord {
  format: number;
  tracks: number;
  seconds_rendered: number;
}
