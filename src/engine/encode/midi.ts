import { ComposerError, type Score } from "../types.js";

/** Score → Standard MIDI File (type 1) bytes. */
export function scoreToMidi(_score: Score): Uint8Array {
  throw new ComposerError("NOT_AVAILABLE_YET", "MIDI export is being built.");
}
