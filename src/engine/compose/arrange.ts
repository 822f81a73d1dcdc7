/**
 * Arrangement: which parts exist (the plan's instruments, a borrowed lead when none plays the tune, transition
 * FX when the style uses them), which sections each plays in (layers enter as the energy rises), and their
 * mix defaults (gain, pan, reverb send).
 */
import { voiceInfo } from "../theory/voices.js";
import type { Decibels, InstrumentChoice, MidiNote, Plan, Role } from "../types.js";
import type { PartPlan, SectionPlan, Task } from "./model.js";

const ARP_VOICES = new Set(["arp", "harp", "pluck"]);
const FX_TASKS: Record<string, Task> = { riser: "riser", impact: "impact", reverse_cymbal: "reverse_cymbal" };

const ROLE_LABEL: Record<Role, string> = {
  drums: "Drums",
  bass: "Bass",
  harmony: "Harmony",
  melody: "Melody",
  fx: "FX",
};

/** Energy a section needs before the part plays in it. */
const THRESHOLD: Record<Task, number> = {
  lead: 0.18,
  counter: 0.58,
  comp: 0,
  pad: 0.25,
  arp: 0.48,
  bass: 0.28,
  drums: 0.33,
  fx_bed: 0,
  riser: 0,
  impact: 0,
  reverse_cymbal: 0,
};

const MIX: Record<Task, { gainDb: Decibels; pan: number; reverbSend: number }> = {
  lead: { gainDb: -5, pan: 0, reverbSend: 0.28 },
  counter: { gainDb: -10, pan: 0.3, reverbSend: 0.3 },
  comp: { gainDb: -9, pan: -0.2, reverbSend: 0.25 },
  pad: { gainDb: -12, pan: 0, reverbSend: 0.45 },
  arp: { gainDb: -11, pan: 0.35, reverbSend: 0.35 },
  bass: { gainDb: -5, pan: 0, reverbSend: 0.03 },
  drums: { gainDb: -4, pan: 0, reverbSend: 0.12 },
  fx_bed: { gainDb: -20, pan: 0, reverbSend: 0.1 },
  riser: { gainDb: -13, pan: 0, reverbSend: 0.35 },
  impact: { gainDb: -9, pan: 0, reverbSend: 0.4 },
  reverse_cymbal: { gainDb: -13, pan: 0, reverbSend: 0.3 },
};

const SPACIOUS = new Set(["ambient", "cinematic", "orchestral", "trailer", "piano_solo", "chinese_traditional"]);

export function rangeOf(voice: string, role: Role): readonly [MidiNote, MidiNote] {
  const info = voiceInfo(voice);
  if (info) return info.range;
  return role === "bass" ? [28, 55] : role === "melody" ? [55, 88] : [43, 84];
}

function taskFor(choice: InstrumentChoice, rankInRole: number, hasComp: boolean): Task {
  switch (choice.role) {
    case "drums":
      return "drums";
    case "bass":
      return "bass";
    case "melody":
      return rankInRole === 0 ? "lead" : "counter";
    case "fx":
      return FX_TASKS[choice.voice] ?? "fx_bed";
    default: {
      if (ARP_VOICES.has(choice.voice)) return hasComp ? "arp" : "comp";
      const sustained = voiceInfo(choice.voice)?.sustained ?? false;
      return sustained ? "pad" : "comp";
    }
  }
}

function label(voice: string, fallback: string): string {
  return voiceInfo(voice)?.label ?? fallback;
}

/** The parts to write, in the plan's order (a borrowed lead goes right after the harmony part it borrows). */
export function planParts(plan: Plan, withTransitions: boolean, withImpacts: boolean): PartPlan[] {
  const allowed = plan.instruments.filter(
    (c) => !plan.mutedRoles.includes(c.role) && !plan.excluded.includes(c.family),
  );
  // The lead goes to the first singing (sustained) melody instrument; plucked ones answer and decorate.
  const singer = allowed.find((c) => c.role === "melody" && (voiceInfo(c.voice)?.sustained ?? false));
  const usable = singer ? [singer, ...allowed.filter((c) => c !== singer)] : allowed;
  const ranks = new Map<Role, number>();
  const parts: PartPlan[] = [];
  let hasComp = false;
  for (const choice of usable) {
    const rank = ranks.get(choice.role) ?? 0;
    ranks.set(choice.role, rank + 1);
    const task = taskFor(choice, rank, hasComp);
    if (task === "comp") hasComp = true;
    const name = `${ROLE_LABEL[choice.role]}${rank > 0 ? ` ${rank + 1}` : ""}: ${label(choice.voice, choice.name)}`;
    const part: PartPlan = {
      id: `${choice.role}-${rank + 1}-${choice.voice}`,
      name,
      role: choice.role,
      voice: choice.voice,
      task,
      rank,
    };
    if (choice.kit !== undefined) part.kit = choice.kit;
    parts.push(part);
  }
  const melodyMuted = plan.mutedRoles.includes("melody");
  if (!melodyMuted && !parts.some((p) => p.task === "lead")) {
    const lender = parts.find((p) => p.task === "comp" || p.task === "arp") ?? parts.find((p) => p.task === "pad");
    if (lender) {
      const at = parts.indexOf(lender) + 1;
      parts.splice(at, 0, {
        id: `melody-1-${lender.voice}`,
        name: `Melody: ${label(lender.voice, lender.voice)}`,
        role: "melody",
        voice: lender.voice,
        task: "lead",
        rank: 0,
      });
    }
  }
  const fxAllowed = !plan.mutedRoles.includes("fx") && !plan.excluded.includes("fx");
  const add = (voice: string, task: Task) => {
    if (parts.some((p) => p.task === task)) return;
    parts.push({ id: `fx-${voice}`, name: `FX: ${label(voice, voice)}`, role: "fx", voice, task, rank: 0 });
  };
  if (fxAllowed && withTransitions) {
    add("riser", "riser");
    add("reverse_cymbal", "reverse_cymbal");
  }
  if (fxAllowed && (withTransitions || withImpacts)) add("impact", "impact");
  return parts;
}

/** Does the part play in this section? Thresholds are capped so every part plays somewhere. */
export function isActive(
  part: PartPlan,
  section: SectionPlan,
  sections: readonly SectionPlan[],
  parts: readonly PartPlan[],
): boolean {
  const maxEnergy = Math.max(...sections.map((s) => s.energy));
  const onlyHarmony = parts.filter((p) => p.role === "harmony").length <= 1;
  let threshold = THRESHOLD[part.task] + (part.rank > 0 && part.task !== "counter" ? 0.2 : 0);
  if (part.task === "pad" && onlyHarmony) threshold = 0;
  if (part.task === "lead" && !parts.some((p) => p.role === "harmony")) threshold = 0;
  threshold = Math.min(threshold, maxEnergy - 0.01);
  // Intros and outros state the key: the main harmony part always plays them.
  const framing = section.kind === "intro" || section.kind === "outro";
  if (framing && part.role === "harmony" && part.rank === 0) threshold = 0;
  // Before a drop the intro already grooves (drums in), so the drop, not the intro's end, is the big jump.
  const dropPiece = sections.some((s) => s.kind === "drop" || s.kind === "build" || s.kind === "pre");
  if (dropPiece && section.kind === "intro" && section.index === 0 && part.task === "drums") threshold = 0;
  // A drop is the full arrangement: every layer hits together.
  if (section.kind === "drop" && part.role !== "fx") return true;
  if (section.energy < threshold) return false;
  const multiSection = sections.length > 1;
  if (multiSection && section.kind === "intro" && (part.task === "lead" || part.task === "counter")) return false;
  if (multiSection && section.kind === "intro" && part.task === "bass" && section.energy < 0.5) return false;
  return true;
}

export function mixOf(part: PartPlan, style: string): { gainDb: Decibels; pan: number; reverbSend: number } {
  const mix = { ...MIX[part.task] };
  if (part.task === "comp" && part.rank > 0) mix.pan = 0.3;
  if (part.role === "melody" && part.voice !== "" && part.task === "lead" && part.id.endsWith("-lead")) mix.pan = 0.1;
  if (SPACIOUS.has(style)) mix.reverbSend = Math.min(1, mix.reverbSend + 0.15);
  return mix;
}
