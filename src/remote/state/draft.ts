/**
 * The service's draft (`t` tracks, `tt` type, `sg` segments, `st` start ms, `d` duration ms, `m` metadata)
 * read defensively into the shared `Draft` shape, and described in one line:
 * `Timeline (2 tracks): 1. Video: beach.mp4 (0-42s) 2. BGM: Upbeat house (0-42s, 35%)`.
 */
import type { Draft } from "../../backend/schemas.js";

export type Segment = Draft["t"][number]["sg"][number];
export type Track = Draft["t"][number];

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function asNumber(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/** Drafts arrive as objects, sometimes as JSON text; anything unreadable is an empty timeline. */
export function normalizeDraft(raw: unknown): Draft {
  let value = raw;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value);
    } catch {
      return { t: [] };
    }
  }
  const tracks = asRecord(value)?.t;
  if (!Array.isArray(tracks)) return { t: [] };
  return {
    t: tracks.flatMap((track) => {
      const rec = asRecord(track);
      if (!rec) return [];
      const segments = Array.isArray(rec.sg) ? rec.sg : [];
      return [
        {
          tt: Math.trunc(asNumber(rec.tt) ?? -1),
          sg: segments.flatMap((seg) => {
            const s = asRecord(seg);
            if (!s) return [];
            const st = asNumber(s.st);
            const m = asRecord(s.m);
            return [{ ...(st === undefined ? {} : { st }), d: Math.max(0, asNumber(s.d) ?? 0), ...(m ? { m } : {}) }];
          }),
        },
      ];
    }),
  };
}

export const TRACK_TYPES: Record<number, string> = { 0: "Video", 1: "BGM", 7: "Title" };

export function trackLabel(tt: number): string {
  return TRACK_TYPES[tt] ?? `Track type ${tt}`;
}

const NAME_KEYS = ["name", "title", "text", "label", "content", "file_name", "filename", "file", "src", "url"];
const VOLUME_KEYS = ["volume", "vol", "v", "gain"];

/** The segment's name from its metadata: a name, a title, a text, else the file name of its source. */
export function segmentName(seg: Segment): string | undefined {
  for (const key of NAME_KEYS) {
    const value = seg.m?.[key];
    if (typeof value === "string" && value.trim()) {
      const v = value.trim();
      return key === "src" || key === "url" || key === "file" ? (v.split(/[?#]/)[0]?.split("/").pop() ?? v) : v;
    }
  }
  return undefined;
}

/** Volume as a percentage; 0..1 values are fractions, larger ones are already percent. */
export function segmentVolumePercent(seg: Segment): number | undefined {
  for (const key of VOLUME_KEYS) {
    const v = asNumber(seg.m?.[key]);
    if (v !== undefined) return Math.round(v <= 1 ? v * 100 : v);
  }
  return undefined;
}

export function segmentStartMs(seg: Segment): number {
  return seg.st ?? 0;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : s.toFixed(1).replace(/\.0$/, "");
}

export function spanText(seg: Segment, dash = "-", unit = "s"): string {
  const start = segmentStartMs(seg);
  return `${seconds(start)}${dash}${seconds(start + seg.d)}${unit}`;
}

function segmentText(tt: number, seg: Segment): string {
  const name = segmentName(seg);
  const shown = name === undefined ? "untitled" : tt === 7 ? `"${name}"` : name;
  const volume = tt === 1 ? segmentVolumePercent(seg) : undefined;
  return `${shown} (${spanText(seg)}${volume === undefined ? "" : `, ${volume}%`})`;
}

export function timelineSummary(draft: Draft): string {
  const n = draft.t.length;
  if (n === 0) return "Timeline (0 tracks): empty";
  const items = draft.t.map((track, i) => {
    const body = track.sg.length === 0 ? "(empty)" : track.sg.map((seg) => segmentText(track.tt, seg)).join(", ");
    return `${i + 1}. ${trackLabel(track.tt)}: ${body}`;
  });
  return `Timeline (${n} track${n === 1 ? "" : "s"}): ${items.join(" ")}`;
}

/** Export needs something to render: a track with at least one segment. */
export function readyForExport(draft: Draft): boolean {
  return draft.t.some((track) => track.sg.length > 0);
}

/** The end of the last segment, in seconds. */
export function draftSeconds(draft: Draft): number {
  let endMs = 0;
  for (const track of draft.t) for (const seg of track.sg) endMs = Math.max(endMs, segmentStartMs(seg) + seg.d);
  return endMs / 1000;
}

/** The first audio segment's name: the track's title as far as the service tells. */
export function musicTitle(draft: Draft): string | undefined {
  for (const track of draft.t) {
    if (track.tt !== 1) continue;
    for (const seg of track.sg) {
      const name = segmentName(seg);
      if (name) return name;
    }
  }
  return undefined;
}
