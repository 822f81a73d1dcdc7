/**
 * Scene cuts from per-frame measures ffmpeg prints with `metadata=print` (stdout, so a long video's list is
 * never cut short by a stderr tail): the `select` filter's scene score (luma SAD with motion damping) and
 * `signalstats`' YDIF/UDIF/VDIF (mean absolute change of each plane from the previous frame). The scene
 * score alone misses cuts between shots of equal brightness (red → green is 0 on luma), so a jump in the
 * plane differences far above its neighbourhood's median also counts.
 */
import { requireFfmpeg, runTool } from "../../dsp/ffmpeg.js";
import { ComposerError, type Seconds } from "../../types.js";

export const SCENE_DEFAULTS = {
  /** 0..1 scene score above which a frame starts a new shot (ffmpeg's documented suggestion is 0.3–0.5). */
  threshold: 0.3,
  /** Frames are scaled to this width first: cut detection needs no detail, and it is several times faster. */
  analysisWidth: 160,
  /** Plane-difference test: at least this much change (0..255 scale, Y+U+V) … */
  minDifference: 10,
  /** … and this many times the median change around it (motion raises the median, so pans do not count). */
  medianRatio: 3,
  /** Frames on each side whose median change is the baseline (the busier side is used). */
  medianSpan: 12,
  /** Cuts closer than this to the previous one are flashes, not shots. */
  minGapSeconds: 0.2,
} as const;

export interface SceneCutOptions {
  ffmpeg: string;
  signal?: AbortSignal | undefined;
  threshold?: number;
}

export interface FrameMeasure {
  time: Seconds;
  scene: number;
  /** YDIF + UDIF + VDIF */
  difference: number;
}

/** Parses `metadata=print` output: a "frame:N pts:P pts_time:T" line, then "key=value" lines for that frame. */
export function parseFrameMeasures(text: string): FrameMeasure[] {
  const frames: FrameMeasure[] = [];
  let current: FrameMeasure | undefined;
  for (const line of text.split("\n")) {
    const time = /pts_time:\s*(-?[\d.]+(?:e[-+]?\d+)?)/.exec(line);
    if (time) {
      current = { time: Number(time[1]), scene: 0, difference: 0 };
      frames.push(current);
      continue;
    }
    const kv = /^lavfi\.(scene_score|signalstats\.[YUV]DIF)=([-\d.e+]+)/.exec(line.trim());
    if (!current || !kv) continue;
    const value = Number(kv[2]);
    if (!Number.isFinite(value)) continue;
    if (kv[1] === "scene_score") current.scene = value;
    else current.difference += value;
  }
  return frames;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Frames that start a new shot. */
export function pickCuts(frames: FrameMeasure[], threshold: number = SCENE_DEFAULTS.threshold): Seconds[] {
  const { medianSpan, medianRatio, minDifference, minGapSeconds } = SCENE_DEFAULTS;
  const cuts: Seconds[] = [];
  for (let i = 1; i < frames.length; i++) {
    const frame = frames[i]!;
    if (!(frame.time > 0)) continue;
    // Baseline: the busier side's median. A cut towers over the motion of both shots around it; a busy
    // frame inside a shot does not tower over its own shot's motion.
    const before: number[] = [];
    const after: number[] = [];
    for (let j = Math.max(1, i - medianSpan); j < i; j++) before.push(frames[j]!.difference);
    for (let j = i + 1; j <= Math.min(frames.length - 1, i + medianSpan); j++) after.push(frames[j]!.difference);
    const baseline = Math.max(before.length ? median(before) : 0, after.length ? median(after) : 0);
    const jump = frame.difference >= minDifference && frame.difference > medianRatio * baseline;
    const peak =
      frame.difference >= (frames[i - 1]?.difference ?? 0) && frame.difference >= (frames[i + 1]?.difference ?? 0);
    if (!(frame.scene > threshold || (jump && peak))) continue;
    // The first frame counts as a cut: a change right after it is the picture settling, not a new shot.
    const last = cuts.at(-1) ?? frames[0]!.time;
    if (frame.time - last < minGapSeconds) continue;
    cuts.push(Math.round(frame.time * 1000) / 1000);
  }
  return cuts;
}

export async function detectSceneCuts(path: string, options: SceneCutOptions): Promise<Seconds[]> {
  const tools = requireFfmpeg(options.ffmpeg, "Scene-cut detection");
  // gte(scene,0) keeps every frame while making select compute (and tag) its scene score.
  const filter = `scale=${SCENE_DEFAULTS.analysisWidth}:-2,signalstats,select='gte(scene,0)',metadata=print:file=-`;
  try {
    const { stdout } = await runTool(
      tools.ffmpeg,
      ["-nostdin", "-v", "error", "-i", path, "-an", "-sn", "-dn", "-vf", filter, "-f", "null", "-"],
      { signal: options.signal, timeoutMs: 600_000 },
    );
    return pickCuts(parseFrameMeasures(stdout.toString("utf8")), options.threshold);
  } catch (error) {
    if (error instanceof ComposerError && error.code !== "INTERNAL") throw error;
    throw new ComposerError("UNSUPPORTED_FORMAT", "The video could not be decoded for scene cuts; it may be corrupt.", {
      cause: error,
    });
  }
}
