import { ComposerError, type Plan, type Score } from "../types.js";

/** Plan → Score, deterministic for a plan (its seed drives every choice). */
export function compose(_plan: Plan): Score {
  throw new ComposerError(
    "NOT_AVAILABLE_YET",
    "The local composer cannot write scores yet (composition is being built).",
  );
}
