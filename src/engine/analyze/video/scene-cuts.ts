/**
 * Scene cuts through ffmpeg's scene-change score (the `select` filter's `scene` variable), printed by the
 * `metadata` filter to stdout so a long video's list is never cut short by a stderr tail.
 */
import { requireFfmpeg, runTool } from "../../dsp/ffmpeg.js";
import { ComposerError, type Seconds } from "../../types.js";

export const SCENE_DEFAULTS = {
  /** 0..1 scene score above which a frame starts a new shot (ffmpeg's documented suggestion is 0.3–0.5). */
  threshold: 0.3,
  /** Frames are scaled to this width first: cut detection needs no detail, and it is several times faster. */
  analysisWidth: 160,
  /** Cuts closer than this to the previous one are flashes, not shots. */
  minGapSeconds: 0.2,
} as const;

export interface SceneCutOptions {
  ffmpeg: string;
  signal?: AbortSignal | undefined;
  threshold?: number;
}

/** Parses `metadata=print` output: "frame:N pts:P pts_time:T" lines, one per selected frame. */
export function parseSceneTimes(text: string, minGapSeconds: number = SCENE_DEFAULTS.minGapSeconds): Seconds[] {
  const times: Seconds[] = [];
  for (const match of text.matchAll(/pts_time:\s*(-?[\d.]+(?:e[-+]?\d+)?)/g)) {
    const t = Number(match[1]);
    if (!Number.isFinite(t) || t <= 0) continue;
    const last = times.at(-1);
    if (last !== undefined && t - last < minGapSeconds) continue;
    times.push(Math.round(t * 1000) / 1000);
  }
  return times;
}

export async function detectSceneCuts(path: string, options: SceneCutOptions): Promise<Seconds[]> {
  const tools = requireFfmpeg(options.ffmpeg, "Scene-cut detection");
  const threshold = options.threshold ?? SCENE_DEFAULTS.threshold;
  const filter = `scale=${SCENE_DEFAULTS.analysisWidth}:-2,select='gt(scene,${threshold})',metadata=print:file=-`;
  try {
    const { stdout } = await runTool(
      tools.ffmpeg,
      ["-nostdin", "-v", "error", "-i", path, "-an", "-sn", "-dn", "-vf", filter, "-f", "null", "-"],
      { signal: options.signal, timeoutMs: 600_000 },
    );
    return parseSceneTimes(stdout.toString("utf8"));
  } catch (error) {
    if (error instanceof ComposerError && error.code !== "INTERNAL") throw error;
    throw new ComposerError("UNSUPPORTED_FORMAT", "The video could not be decoded for scene cuts; it may be corrupt.", {
      cause: error,
    });
  }
}
