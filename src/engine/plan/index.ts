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
import { buildPlan, ensureSounding } from "./build.js";
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
  const language = languageOf(text.slice(0, 8000), previous);
  const seed = checked.seed ?? briefSeed(text);
  // A reader or editor bug must not cost the person their track: fall back step by step and say so.
  const failed = (error: unknown) => (error instanceof Error ? error.message.slice(0, 80) : "error");
  let facts: Facts;
  try {
    facts = readBrief(text);
  } catch (error) {
    facts = emptyFacts();
    facts.ignored.push(`the brief could not be read fully (${failed(error)})`);
  }
  let plan: Plan;
  try {
    plan = previous ? refinePlan(previous, facts, text, language) : buildPlan(facts, seed, language);
  } catch (error) {
    facts.ignored.push(`the previous version could not be edited; planned afresh (${failed(error)})`);
    plan = buildPlan(facts, seed, language);
  }
  try {
    ensureSounding(plan, facts);
  } catch {
    facts.ignored.push("the instrument safety net could not run");
  }
  const understood = [...facts.understood];
  const ignored = [...new Set(facts.ignored)];
  if (options.reference) {
    try {
      applyReference(plan, facts, options.reference, checked, understood);
    } catch {
      ignored.push("the reference analysis could not be used");
    }
  }
  applyOverrides(plan, checked, understood);
  let changes: string[] = [];
  try {
    changes = previous ? planChanges(previous, plan) : [];
  } catch {
    changes = ["the previous version could not be compared"];
  }
  if (previous && changes.length === 0 && text.trim().length > 0)
    ignored.push("no change to the previous version was understood");
  return { plan, understood: [...new Set(understood)], ignored, changes };
}
