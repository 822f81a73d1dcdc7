/**
 * Writing the parts of a score for one harmony: the lead first (so the counter-line can answer it), then every
 * part in beats → swing → seconds → humanise, with fades and FX events in seconds.
 */
import type { Rng } from "../dsp/random.js";
import { HARMONY_MODE, isMinorMode, isPentatonic, scalePitchClasses } from "../theory/scales.js";
import { voiceInfo } from "../theory/voices.js";
import type { Mode, Note, Part, Plan, Seconds } from "../types.js";
import { isActive, mixOf } from "./arrange.js";
import { bed, impacts, reverseCymbals, risers } from "./fx.js";
import type { Harmony } from "./harmony.js";
import { HUMANIZE_DEFAULTS, humanize, swingNotes } from "./humanize.js";
import { type BeatNote, type Grid, type PartPlan, type SectionPlan, timeAt } from "./model.js";
import { grooveFor, type WriteContext, writePart } from "./parts.js";
import type { StyleProfile } from "./styles.js";

function toSeconds(grid: Grid, notes: readonly BeatNote[]): Note[] {
  return notes.map((n) => {
    const start = timeAt(grid, n.pos);
    return { pitch: n.pitch, start, duration: timeAt(grid, n.pos + n.length) - start, velocity: n.velocity };
  });
}

/** A fade ending lowers velocities across the last section. */
function fadeOut(notes: Note[], from: Seconds, to: Seconds): Note[] {
  return notes.map((n) => {
    if (n.start <= from) return n;
    const k = 1 - (0.65 * (n.start - from)) / Math.max(0.01, to - from);
    return { ...n, velocity: Math.max(0.05, n.velocity * k) };
  });
}

/** Nothing sounds past the end, and the last sound ends exactly on it. */
export function landOnEnd(parts: Part[], duration: Seconds): void {
  let latest: Note | undefined;
  for (const part of parts) {
    part.notes = part.notes
      .filter((n) => n.start < duration - 1e-6)
      .map((n) => (n.start + n.duration > duration ? { ...n, duration: duration - n.start } : n));
    for (const n of part.notes) if (!latest || n.start + n.duration > latest.start + latest.duration) latest = n;
  }
  if (latest) latest.duration = duration - latest.start;
}

function melodyScale(plan: Plan, pentatonic: boolean): number[] {
  let mode: Mode = plan.key.mode;
  if (pentatonic && !isPentatonic(mode)) mode = isMinorMode(mode) ? "minor pentatonic" : "major pentatonic";
  return scalePitchClasses(plan.key, mode);
}

function fxNotes(part: PartPlan, grid: Grid, sections: readonly SectionPlan[], active: readonly SectionPlan[]): Note[] {
  switch (part.task) {
    case "riser":
      return risers(grid, sections);
    case "reverse_cymbal":
      return reverseCymbals(grid, sections);
    case "impact":
      return impacts(grid, sections);
    default: {
      const first = active[0];
      return first ? bed(timeAt(grid, first.startBar * grid.quarterBeatsPerBar), grid.duration) : [];
    }
  }
}

export function writeParts(
  plan: Plan,
  grid: Grid,
  sections: readonly SectionPlan[],
  harmony: Harmony,
  profile: StyleProfile,
  partPlans: readonly PartPlan[],
  rng: Rng,
): Part[] {
  const ctx: WriteContext = {
    plan,
    grid,
    sections,
    harmony,
    profile,
    melodyScale: melodyScale(plan, profile.pentatonic),
    // Passing and approach tones stay pentatonic when the piece is.
    harmonyScale:
      isPentatonic(plan.key.mode) || profile.pentatonic
        ? melodyScale(plan, true)
        : scalePitchClasses(plan.key, HARMONY_MODE[plan.key.mode]),
  };
  const lastSection = sections[sections.length - 1];
  const activeOf = (pp: PartPlan) => sections.filter((s) => isActive(pp, s, sections, partPlans));
  // The lead is written first so the counter-line can answer it.
  const written = new Map<string, BeatNote[]>();
  const leadPlan = partPlans.find((p) => p.task === "lead");
  if (leadPlan) {
    ctx.lead = writePart(leadPlan, activeOf(leadPlan), ctx, rng.fork(`part:${leadPlan.id}`));
    written.set(leadPlan.id, ctx.lead);
  }
  const parts: Part[] = partPlans.map((pp) => {
    const partRng = rng.fork(`part:${pp.id}`);
    const active = activeOf(pp);
    let notes: Note[];
    if (pp.role === "fx") notes = fxNotes(pp, grid, sections, active);
    else {
      const groove = grooveFor(
        profile,
        pp.role === "drums" ? pp.voice : "",
        plan.meter.beatsPerBar,
        plan.meter.beatUnit,
      );
      const swing = plan.explicit.includes("swing") || plan.swing !== 0.5 ? plan.swing : groove.swing;
      const beats = swingNotes(written.get(pp.id) ?? writePart(pp, active, ctx, partRng), swing, groove.swingUnit);
      notes = toSeconds(grid, beats);
      notes = humanize(notes, partRng.fork("humanize"), HUMANIZE_DEFAULTS.timingSd[pp.role] ?? 0.005, grid.duration);
    }
    if (plan.ending === "fade" && !plan.loop && lastSection) {
      notes = fadeOut(notes, timeAt(grid, lastSection.startBar * grid.quarterBeatsPerBar), grid.duration);
    }
    notes.sort((a, b) => a.start - b.start || a.pitch - b.pitch);
    const info = voiceInfo(pp.voice);
    const choice = plan.instruments.find((c) => c.voice === pp.voice);
    const part: Part = {
      id: pp.id,
      name: pp.name,
      role: pp.role,
      voice: pp.voice,
      family: info?.family ?? choice?.family ?? "synth",
      program: info?.program ?? choice?.program ?? 0,
      isDrum: pp.role === "drums",
      notes,
      ...mixOf(pp, plan.style),
    };
    const kit = pp.kit ?? choice?.kit;
    if (kit !== undefined) part.kit = kit;
    return part;
  });
  return parts;
}
