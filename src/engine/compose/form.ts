/**
 * Form: sections in 4- and 8-bar phrases sized to the bars available, a drop starting a loud section exactly
 * on its bar, loops without intro or outro, and an energy per section that follows the plan's curve.
 */
import type { Plan, SectionKind } from "../types.js";
import type { Grid, SectionPlan } from "./model.js";
import type { FormFamily } from "./styles.js";

/** The body of a piece, in order, per form family (repeated or cut to fit). */
const BODY: Record<FormFamily, SectionKind[]> = {
  song: ["verse", "chorus", "verse", "chorus", "bridge", "chorus", "chorus"],
  edm: ["verse", "build", "drop", "breakdown", "build", "drop", "drop"],
  score: ["verse", "chorus", "bridge", "chorus", "chorus"],
  jam: ["verse", "solo", "solo", "verse", "verse"],
};

/** After a drop the piece continues like this. */
const AFTER_DROP: Record<FormFamily, SectionKind[]> = {
  song: ["chorus", "verse", "chorus", "chorus"],
  edm: ["drop", "breakdown", "build", "drop"],
  score: ["chorus", "bridge", "chorus"],
  jam: ["solo", "verse", "verse"],
};

/** How far each kind sits above or below the curve. */
const KIND_ENERGY: Record<SectionKind, number> = {
  intro: -0.2,
  verse: -0.08,
  pre: 0,
  chorus: 0.1,
  // A build rises through its roll and riser, not by adding layers (those wait for the drop).
  build: -0.08,
  drop: 0.18,
  breakdown: -0.25,
  bridge: -0.1,
  solo: 0.05,
  outro: -0.15,
  loop: 0,
};

const LABEL: Record<FormFamily, Partial<Record<SectionKind, string>>> = {
  song: { verse: "Verse", chorus: "Chorus" },
  edm: { verse: "Groove", drop: "Drop", build: "Build" },
  score: { verse: "Theme A", chorus: "Theme B", bridge: "Development" },
  jam: { verse: "Head", solo: "Solo" },
};

function title(kind: SectionKind): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}

/** The plan's energy curve at a fraction 0..1 of the piece (linear between its points). */
export function curveAt(curve: readonly number[], fraction: number): number {
  if (curve.length === 0) return 0.5;
  if (curve.length === 1) return curve[0] ?? 0.5;
  const x = Math.min(1, Math.max(0, fraction)) * (curve.length - 1);
  const i = Math.min(curve.length - 2, Math.floor(x));
  const a = curve[i] ?? 0.5;
  const b = curve[i + 1] ?? a;
  return a + (b - a) * (x - i);
}

/** Split `bars` into `count` phrase-sized pieces (multiples of the unit first, remainder to the last). */
function sizes(bars: number, count: number, unit: number): number[] {
  const units = Math.floor(bars / unit);
  if (units < 1) return [bars];
  const n = Math.min(count, units);
  const each = Math.floor(units / n);
  const extra = units % n;
  const result = Array.from({ length: n }, (_, i) => (each + (i >= n - extra ? 1 : 0)) * unit);
  result[n - 1] = (result[n - 1] ?? 0) + bars - units * unit;
  return result;
}

interface Draft {
  kind: SectionKind;
  bars: number;
}

function fillSpan(bars: number, kinds: readonly SectionKind[], unit: number): Draft[] {
  if (bars <= 0) return [];
  const wanted = Math.max(1, Math.round(bars / unit));
  const count = Math.min(wanted, kinds.length);
  const lengths = sizes(bars, count, unit);
  return lengths.map((b, i) => ({ kind: kinds[i] ?? "verse", bars: b }));
}

function introOutro(plan: Plan, bars: number): { intro: number; outro: number } {
  if (plan.loop) return { intro: 0, outro: 0 };
  const explicitIntro = plan.introBars !== null ? Math.max(0, Math.min(bars - 2, plan.introBars)) : undefined;
  const intro = explicitIntro ?? (bars >= 40 ? 8 : bars >= 20 ? 4 : bars >= 10 ? 2 : bars >= 6 ? 1 : 0);
  const outro = bars >= 40 ? 4 : bars >= 14 ? 2 : 0;
  return { intro, outro };
}

function explicitForm(plan: Plan, kinds: SectionKind[], bars: number): Draft[] {
  const weights = kinds.map((k) => (k === "intro" || k === "outro" ? 0.5 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let used = 0;
  const drafts = kinds.map((kind, i) => {
    const exact = (bars * (weights[i] ?? 1)) / total;
    const size = Math.max(1, exact >= 4 ? Math.round(exact / 2) * 2 : Math.round(exact));
    used += size;
    return { kind, bars: size };
  });
  const last = drafts[drafts.length - 1];
  if (last) last.bars = Math.max(1, last.bars + bars - used);
  if (plan.introBars !== null && drafts[0]?.kind === "intro" && drafts.length > 1) {
    const shift = plan.introBars - drafts[0].bars;
    const next = drafts[1];
    if (next && next.bars - shift >= 1) {
      drafts[0].bars += shift;
      next.bars -= shift;
    }
  }
  return drafts.filter((d) => d.bars > 0);
}

/** An asked-for form still honours drops: the nearest boundary moves onto the drop and that section lifts. */
function withDrops(drafts: Draft[], drops: readonly number[], family: FormFamily): Draft[] {
  for (const drop of drops) {
    let start = 0;
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    drafts.forEach((d, i) => {
      if (i > 0 && Math.abs(start - drop) < bestDistance) {
        best = i;
        bestDistance = Math.abs(start - drop);
      }
      start += d.bars;
    });
    const before = drafts[best - 1];
    const at = drafts[best];
    if (!before || !at) continue;
    const boundary = drafts.slice(0, best).reduce((n, d) => n + d.bars, 0);
    const shift = drop - boundary;
    if (before.bars + shift < 1 || at.bars - shift < 1) continue;
    before.bars += shift;
    at.bars -= shift;
    if (at.kind !== "drop" && at.kind !== "chorus") at.kind = family === "edm" ? "drop" : "chorus";
  }
  return drafts;
}

function dropBars(grid: Grid): number[] {
  const q = grid.quarterBeatsPerBar;
  return [
    ...new Set(
      grid.hits.filter((h) => h.hit.kind === "drop").map((h) => (h.onDownbeat ? h.bar : Math.round(h.pos / q))),
    ),
  ]
    .filter((b) => b > 0 && b < grid.bars.length)
    .sort((a, b) => a - b);
}

function draftSections(plan: Plan, grid: Grid, family: FormFamily): Draft[] {
  const total = grid.bars.length;
  // An explicit form is kept as asked, except that a loop has no intro or outro to loop through.
  const asked = plan.loop ? plan.form?.filter((k) => k !== "intro" && k !== "outro") : plan.form;
  if (asked && asked.length > 0) return withDrops(explicitForm(plan, asked, total), dropBars(grid), family);
  const unit = total >= 48 ? 8 : total >= 6 ? 4 : 2;
  if (plan.loop) {
    // A loop is one or two ideas in four-bar phrases; the odd bars stay in the last one (the turnaround).
    if (total < 16) return [{ kind: "loop", bars: total }];
    const kinds: SectionKind[] = total < 32 ? ["verse", "chorus"] : ["verse", "chorus", "verse", "chorus"];
    return fillSpan(total, kinds, total < 32 ? 4 * Math.floor(total / 8) : unit);
  }
  let { intro, outro } = introOutro(plan, total);
  const hasDrops = dropBars(grid).some((b) => b > intro && b < total - outro);
  // Odd bars go to the frame, so the body stays in whole four-bar phrases.
  const odd = (total - intro - outro) % 4;
  if (!hasDrops && odd > 0 && total - intro - outro >= 8 && (intro > 0 || outro > 0)) {
    if (outro > 0 && (plan.introBars !== null || intro + odd > 4)) outro += odd;
    else intro += odd;
  }
  const drops = dropBars(grid).filter((b) => b > intro && b < total - outro);
  // A very short piece is one statement of its theme (plus a bar of lead-in): room for a motif to return.
  const body = total - intro - outro;
  if (body < 8 && drops.length === 0) {
    const curve = plan.energyCurve.length > 0 ? plan.energyCurve : [plan.energy];
    const mean = curve.reduce((a, b) => a + b, 0) / curve.length;
    const kind: SectionKind = mean >= 0.6 ? (family === "edm" ? "drop" : "chorus") : "verse";
    return [...(intro > 0 ? [{ kind: "intro" as const, bars: intro }] : []), { kind, bars: body + outro }];
  }
  const edges = [intro, ...drops, total - outro];
  const drafts: Draft[] = intro > 0 ? [{ kind: "intro", bars: intro }] : [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const from = edges[i] ?? 0;
    const to = edges[i + 1] ?? from;
    // No unrequested drop before the first asked one: the body before it only grooves and builds.
    const kinds =
      i === 0 ? (drops.length > 0 ? BODY[family].filter((k) => k !== "drop") : BODY[family]) : AFTER_DROP[family];
    const span = fillSpan(to - from, kinds, unit);
    // The phrase before a drop builds into it.
    const last = span[span.length - 1];
    if (i + 2 < edges.length && last) {
      if (last.bars >= 6) {
        const build = last.bars >= 8 ? 4 : 2;
        last.bars -= build;
        span.push({ kind: family === "edm" ? "build" : "pre", bars: build });
      } else last.kind = family === "edm" ? "build" : "pre";
    }
    drafts.push(...span);
  }
  if (outro > 0) drafts.push({ kind: "outro", bars: outro });
  return drafts;
}

/** Sections with names, bars and energies for the grid's bars. */
export function planForm(plan: Plan, grid: Grid, family: FormFamily): SectionPlan[] {
  const drafts = draftSections(plan, grid, family);
  const total = grid.bars.length;
  const counts = new Map<string, number>();
  const totals = new Map<string, number>();
  for (const d of drafts) totals.set(d.kind, (totals.get(d.kind) ?? 0) + 1);
  const curve = plan.energyCurve.length > 0 ? plan.energyCurve : [plan.energy, plan.energy];
  const rising = (curve[curve.length - 1] ?? 0) - (curve[0] ?? 0) > 0.15;
  let startBar = 0;
  return drafts.map((d, index) => {
    const n = (counts.get(d.kind) ?? 0) + 1;
    counts.set(d.kind, n);
    const label = LABEL[family][d.kind] ?? title(d.kind);
    const name = (totals.get(d.kind) ?? 0) > 1 ? `${label} ${n}` : label;
    const mid = (startBar + d.bars / 2) / Math.max(1, total);
    // A rising curve ends big: its outro does not drop away.
    const offset = d.kind === "outro" && rising ? 0 : KIND_ENERGY[d.kind];
    const energy = Math.min(1, Math.max(0.05, curveAt(curve, mid) + offset));
    const section: SectionPlan = { index, name, kind: d.kind, startBar, bars: d.bars, energy };
    startBar += d.bars;
    return section;
  });
}
