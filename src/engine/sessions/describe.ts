/** Words for a finished version: the generate_track result a person (and an assistant) reads. */
import type { GenerateResult, OutputFile } from "../../backend/schemas.js";
import type { Interpretation, Plan, Score } from "../types.js";

export function keyName(plan: Pick<Plan, "key">): string {
  return `${plan.key.tonic} ${plan.key.mode}`;
}

export function trackId(sessionId: string, version: number): string {
  return `${sessionId}_v${version}`;
}

/** "s_ab12_v3" → 3 when it belongs to `sessionId`, else undefined. */
export function versionOfTrackId(sessionId: string, id: string): number | undefined {
  const match = /^(.+)_v([1-9][0-9]{0,5})$/.exec(id);
  return match && match[1] === sessionId ? Number(match[2]) : undefined;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function describeTrack(
  interpretation: Interpretation,
  score: Score,
  where: { sessionId: string; version: number; files: OutputFile[]; notes?: string[] },
): GenerateResult {
  const { plan, understood, ignored, changes } = interpretation;
  const key = keyName(plan);
  const sections = score.sections.map((s) => ({
    name: s.name,
    start_seconds: round1(s.start),
    end_seconds: round1(s.end),
  }));
  const instruments = [...new Set(score.parts.map((p) => p.name))];
  const summary = [
    `Version ${where.version}: "${plan.title}", ${round1(score.duration)} s of ${plan.style} at ${round1(score.bpm)} BPM in ${key}, ${plan.meter.beatsPerBar}/${plan.meter.beatUnit}${score.loop ? ", seamless loop" : ""}.`,
    sections.length
      ? `Sections: ${sections.map((s) => `${s.name} ${s.start_seconds}–${s.end_seconds} s`).join(", ")}.`
      : "",
    instruments.length ? `Instruments: ${instruments.join(", ")}.` : "",
    understood.length ? `Understood: ${understood.join("; ")}.` : "",
    ignored.length ? `Not used: ${ignored.join("; ")}.` : "",
    changes.length ? `Changed: ${changes.join("; ")}.` : "",
    ...(where.notes ?? []),
  ]
    .filter(Boolean)
    .join("\n");
  return {
    session_id: where.sessionId,
    status: "done",
    track_id: trackId(where.sessionId, where.version),
    version: where.version,
    title: plan.title,
    summary,
    duration_seconds: Math.round(score.duration * 1000) / 1000,
    bpm: round1(score.bpm),
    key,
    time_signature: `${plan.meter.beatsPerBar}/${plan.meter.beatUnit}`,
    sections,
    instruments,
    files: where.files,
    understood,
    ignored,
    changes,
  };
}
