/**
 * Energy across the piece: a shape (arc, rising, falling, flat, loop) spread around the overall energy, bent by
 * anchors from the brief ("quiet intro … explosive finale") and by drops (low before, high from the drop on).
 */
import type { HitPoint } from "../types.js";
import { DEFAULTS } from "./defaults.js";
import type { CurveShape } from "./facts.js";

export interface CurveRequest {
  energy: number;
  shape: CurveShape | "loop";
  anchors: { at: number; energy: number }[];
  hits: HitPoint[];
  durationSeconds: number;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round2 = (x: number) => Math.round(x * 100) / 100;

function shapeAt(shape: CurveRequest["shape"], x: number): number {
  switch (shape) {
    case "rising":
      return x;
    case "falling":
      return 1 - x;
    case "flat":
      return 0.5;
    case "loop":
      // Even, and the end equals the start so the repeat is seamless.
      return 0.5 + 0.15 * Math.sin(Math.PI * x);
    default:
      // Arc: lift through the middle, peak about two thirds in, settle at the end.
      return x < 0.68 ? 0.15 + 0.85 * (x / 0.68) : 1 - 0.6 * ((x - 0.68) / 0.32);
  }
}

function interpolate(anchors: { at: number; energy: number }[], x: number): number {
  const first = anchors[0];
  const last = anchors.at(-1);
  if (!first || !last) return 0.5;
  if (x <= first.at) return first.energy;
  if (x >= last.at) return last.energy;
  for (let i = 1; i < anchors.length; i++) {
    const a = anchors[i - 1];
    const b = anchors[i];
    if (a && b && x <= b.at) return a.energy + ((b.energy - a.energy) * (x - a.at)) / Math.max(1e-9, b.at - a.at);
  }
  return last.energy;
}

export function energyCurve(req: CurveRequest): number[] {
  const drops = req.hits.filter((h) => h.kind === "drop" && h.at > 0 && h.at < req.durationSeconds);
  const n = drops.length > 0 ? DEFAULTS.dropCurvePoints : DEFAULTS.curvePoints;
  const spread = req.shape === "flat" || req.shape === "loop" ? 0.25 : 0.55;
  const lo = clamp01(req.energy - spread / 2);
  const hi = clamp01(req.energy + spread / 2);
  const points: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = i / (n - 1);
    let e = lo + (hi - lo) * shapeAt(req.shape, x);
    if (req.anchors.length > 0) {
      const anchors = [...req.anchors];
      if ((anchors[0]?.at ?? 0) > 0) anchors.unshift({ at: 0, energy: lo + (hi - lo) * shapeAt(req.shape, 0) });
      if ((anchors.at(-1)?.at ?? 1) < 1) anchors.push({ at: 1, energy: lo + (hi - lo) * shapeAt(req.shape, 1) });
      e = interpolate(anchors, x);
    }
    if (drops.length > 0) {
      const t = x * req.durationSeconds;
      const first = drops[0]?.at ?? 0;
      // Before the first drop energy builds from low to medium; from a drop it is at the top.
      if (t < first - 1e-9) e = Math.min(e, 0.25 + 0.35 * (t / first));
      else e = Math.max(e, 0.9);
    }
    points.push(round2(clamp01(Math.max(0.05, e))));
  }
  return points;
}
