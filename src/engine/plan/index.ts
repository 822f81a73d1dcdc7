/**
 * plan/: a brief (English or Chinese, precise or vague, or a follow-up edit) → a complete Plan.
 *
 *   brief ─read─▶ Facts ─build (or refine previous)─▶ Plan ─reference─▶ ─tool arguments─▶ Plan
 *
 * Lexicon and grammar only (no models). Never throws on any text; only an unusable tool argument throws
 * INVALID_ARGUMENT.
 */
import type { Interpretation, Plan, PlanOverrides, ReferenceAnalysis } from "../types.js";
import { applyOverrides, applyReference, checkOverrides } from "./apply.js";
import { buildPlan } from "./build.js";
import { planChanges } from "./changes.js";
import { briefSeed } from "./defaults.js";
import { emptyFacts, type Facts } from "./facts.js";
import { readBrief } from "./read.js";
import { refinePlan } from "./refine.js";
import { hasCjk } from "./text.js";

export interface InterpretOptions {
  previous?: Plan;
  overrides?: PlanOverrides;
  reference?: ReferenceAnalysis;
}

function languageOf(brief: string, previous: Plan | undefined): "en" | "zh" {
  if (hasCjk(brief)) return "zh";
  if (/[a-z]/i.test(brief)) return "en";
  return previous?.language ?? "en";
}

/** Brief (English or Chinese, or a follow-up edit) → Plan. */
export function interpret(brief: string, options: InterpretOptions = {}): Interpretation {
  const checked = checkOverrides(options.overrides);
  const text = typeof brief === "string" ? brief : String(brief ?? "");
  const previous = options.previous;
  let facts: Facts;
  let plan: Plan;
  const language = languageOf(text.slice(0, 8000), previous);
  try {
    facts = readBrief(text);
    plan = previous
      ? refinePlan(previous, facts, text, language)
      : buildPlan(facts, checked.seed ?? briefSeed(text), language);
  } catch (error) {
    // A reader bug must not cost the person their track: fall back to the style defaults and say so.
    facts = emptyFacts();
    facts.ignored.push(
      `the brief could not be read fully (${error instanceof Error ? error.message.slice(0, 80) : "error"})`,
    );
    plan = previous ? structuredClone(previous) : buildPlan(facts, checked.seed ?? briefSeed(text), language);
  }
  const understood = [...facts.understood];
  if (options.reference) applyReference(plan, facts, options.reference, checked, understood);
  applyOverrides(plan, checked, understood);
  const changes = previous ? planChanges(previous, plan) : [];
  const ignored = [...new Set(facts.ignored)];
  if (previous && changes.length === 0 && text.trim().length > 0)
    ignored.push("no change to the previous version was understood");
  return { plan, understood: [...new Set(understood)], ignored, changes };
}
