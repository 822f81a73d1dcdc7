/**
 * SoundFont path (placeholder until the spessasynth_core renderer lands): no parts are taken, so
 * built-in synthesis renders everything.
 */
import type { Part, Score } from "../../types.js";
import type { SharedTargets } from "../render/protocol.js";

export interface SoundfontSelection {
  file: string;
  parts: Part[];
}

export async function soundfontParts(_score: Score, file: string): Promise<SoundfontSelection | undefined> {
  return { file, parts: [] };
}

export async function renderSoundfontParts(
  _score: Score,
  _sf: SoundfontSelection,
  _sampleRate: number,
  _length: number,
  _buffers: SharedTargets,
  _onProgress: (f: number) => void,
): Promise<boolean> {
  return false;
}
