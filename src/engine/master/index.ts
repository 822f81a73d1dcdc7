import { ComposerError, type Lufs, type MasteredTrack, type RenderedStems, type Score } from "../types.js";

/** Stems → mastered mix at the target loudness, true peak ≤ −1 dBTP, stems scaled to sum to the mix. */
export function masterTrack(_stems: RenderedStems, _score: Score, _options: { lufs: Lufs }): MasteredTrack {
  throw new ComposerError("NOT_AVAILABLE_YET", "Mastering is being built.");
}
