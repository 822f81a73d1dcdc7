import { ComposerError, type RenderedStems, type RenderOptions, type Score } from "../types.js";

/** Score → one pre-master stereo buffer per role. */
export async function renderStems(_score: Score, _options: RenderOptions): Promise<RenderedStems> {
  throw new ComposerError(
    "NOT_AVAILABLE_YET",
    "The local synthesizer is being built; only MIDI can be written so far.",
  );
}
