import { ComposerError, type Interpretation, type Plan, type PlanOverrides, type ReferenceAnalysis } from "../types.js";

export interface InterpretOptions {
  previous?: Plan;
  overrides?: PlanOverrides;
  reference?: ReferenceAnalysis;
}

/** Brief (English or Chinese, or a follow-up edit) → Plan. */
export function interpret(_brief: string, _options: InterpretOptions = {}): Interpretation {
  throw new ComposerError("NOT_AVAILABLE_YET", "The local composer cannot read briefs yet (planning is being built).");
}
