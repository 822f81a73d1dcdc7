/**
 * What a message changed, read from the timeline before and after it — for the ~30 % of edits the agent
 * performs without a word. One line per change: "Added BGM 'Energetic promo' 0–90 s at 35 %".
 */
import type { Draft } from "../../backend/schemas.js";
import { type Segment, segmentName, segmentVolumePercent, spanText, trackLabel } from "../state/draft.js";

interface Placed {
  tt: number;
  seg: Segment;
  key: string | undefined;
}

const ID_KEYS = ["id", "mid", "media_id", "segment_id", "uid"];

function keyOf(seg: Segment): string | undefined {
  for (const k of ID_KEYS) {
    const v = seg.m?.[k];
    if (typeof v === "string" || typeof v === "number") return `id:${v}`;
  }
  const name = segmentName(seg);
  return name === undefined ? undefined : `name:${name}`;
}

function placed(draft: Draft): Placed[] {
  return draft.t.flatMap((track) => track.sg.map((seg) => ({ tt: track.tt, seg, key: keyOf(seg) })));
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export function draftsEqual(a: Draft, b: Draft): boolean {
  return stable(a) === stable(b);
}

function describe(p: Placed): string {
  const name = segmentName(p.seg);
  const volume = p.tt === 1 ? segmentVolumePercent(p.seg) : undefined;
  return `${trackLabel(p.tt)}${name ? ` '${name}'` : ""} ${spanText(p.seg, "–", " s")}${volume === undefined ? "" : ` at ${volume} %`}`;
}

function changesBetween(before: Placed, after: Placed): string | undefined {
  const parts: string[] = [];
  const nameBefore = segmentName(before.seg);
  const nameAfter = segmentName(after.seg);
  if (nameBefore !== nameAfter) parts.push(`renamed '${nameBefore ?? "untitled"}' → '${nameAfter ?? "untitled"}'`);
  const spanBefore = spanText(before.seg, "–", " s");
  const spanAfter = spanText(after.seg, "–", " s");
  if (spanBefore !== spanAfter) parts.push(`${spanBefore} → ${spanAfter}`);
  const volBefore = segmentVolumePercent(before.seg);
  const volAfter = segmentVolumePercent(after.seg);
  if (after.tt === 1 && volBefore !== volAfter) parts.push(`volume ${volBefore ?? "?"} % → ${volAfter ?? "?"} %`);
  if (parts.length === 0 && stable(before.seg.m) !== stable(after.seg.m)) parts.push("new version");
  if (parts.length === 0) return undefined;
  return `Changed ${trackLabel(after.tt)}${nameAfter ? ` '${nameAfter}'` : ""}: ${parts.join(", ")}`;
}

/** Pairs segments of the same track type by id, then name, then order; reports what was added, removed or changed. */
export function diffDrafts(before: Draft, after: Draft): string[] {
  const old = placed(before);
  const now = placed(after);
  const used = new Set<number>();
  const pairs: Array<[Placed | undefined, Placed]> = [];
  const matchIndex = (p: Placed, byKey: boolean) =>
    old.findIndex((o, i) => !used.has(i) && o.tt === p.tt && (byKey ? p.key !== undefined && o.key === p.key : true));
  const pending: Placed[] = [];
  for (const p of now) {
    const i = matchIndex(p, true);
    if (i >= 0) {
      used.add(i);
      pairs.push([old[i], p]);
    } else pending.push(p);
  }
  for (const p of pending) {
    const i = matchIndex(p, false);
    if (i >= 0) used.add(i);
    pairs.push([i >= 0 ? old[i] : undefined, p]);
  }
  const lines: string[] = [];
  for (const [was, is] of pairs) {
    if (!was) lines.push(`Added ${describe(is)}`);
    else {
      const change = changesBetween(was, is);
      if (change) lines.push(change);
    }
  }
  old.forEach((o, i) => {
    if (!used.has(i)) lines.push(`Removed ${describe(o)}`);
  });
  return lines.sort((a, b) => order(a) - order(b));
}

function order(line: string): number {
  return line.startsWith("Added") ? 0 : line.startsWith("Changed") ? 1 : 2;
}
