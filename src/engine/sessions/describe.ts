/** Words for a finished version: the generate_track result a person (and an assistant) reads. */
import type { GenerateResult, OutputFile } from "../../backend/schemas.js";
import { STYLES } from "../plan/styles.js";
import type { StyleId } from "../theory/voices.js";
import type { Interpretation, Plan, Score, ScoreSection } from "../types.js";

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

interface SummaryFacts {
  plan: Plan;
  score: Score;
  key: string;
  sections: { name: string; start_seconds: number; end_seconds: number }[];
  instruments: string[];
  understood: string[];
  ignored: string[];
  changes: string[];
  where: { version: number; notes?: string[] };
}

function summaryEn(f: SummaryFacts): string[] {
  const { plan, score, sections } = f;
  return [
    `Version ${f.where.version}: "${plan.title}", ${round1(score.duration)} s of ${plan.style} at ${round1(score.bpm)} BPM in ${f.key}, ${plan.meter.beatsPerBar}/${plan.meter.beatUnit}${score.loop ? ", seamless loop" : ""}.`,
    sections.length
      ? `Sections: ${sections.map((s) => `${s.name} ${s.start_seconds}–${s.end_seconds} s`).join(", ")}.`
      : "",
    f.instruments.length ? `Instruments: ${f.instruments.join(", ")}.` : "",
    f.understood.length ? `Understood: ${f.understood.join("; ")}.` : "",
    f.ignored.length ? `Not used: ${f.ignored.join("; ")}.` : "",
    f.changes.length ? `Changed: ${f.changes.join("; ")}.` : "",
    ...(f.where.notes ?? []),
  ];
}

const SECTION_ZH: Record<ScoreSection["kind"], string> = {
  intro: "前奏",
  verse: "主歌",
  pre: "导歌",
  chorus: "副歌",
  build: "铺垫",
  drop: "高潮",
  breakdown: "间歇",
  bridge: "桥段",
  solo: "独奏",
  outro: "尾奏",
  loop: "循环",
};

const MODE_ZH: Record<string, string> = {
  major: "大调",
  minor: "小调",
  dorian: "多利亚调式",
  phrygian: "弗里几亚调式",
  lydian: "利底亚调式",
  mixolydian: "混合利底亚调式",
  locrian: "洛克里亚调式",
  "harmonic minor": "和声小调",
  "major pentatonic": "大调五声音阶",
  "minor pentatonic": "小调五声音阶",
};

/** The style's own Chinese name ("流行"), else its English label. */
function styleZh(style: string): string {
  const def = STYLES[style as StyleId] as (typeof STYLES)[StyleId] | undefined;
  return def?.zh[0] ?? def?.label ?? style;
}

function sectionZh(section: ScoreSection): string {
  const number = /(\d+)\s*$/.exec(section.name)?.[1];
  return `${SECTION_ZH[section.kind] ?? section.name}${number ?? ""}`;
}

function summaryZh(f: SummaryFacts, scoreSections: ScoreSection[]): string[] {
  const { plan, score, sections } = f;
  const key = `${plan.key.tonic}${MODE_ZH[plan.key.mode] ?? plan.key.mode}`;
  const named = sections.map((s, i) => {
    const section = scoreSections[i];
    return `${section ? sectionZh(section) : s.name} ${s.start_seconds}–${s.end_seconds}秒`;
  });
  return [
    `第${f.where.version}版:《${plan.title}》,${round1(score.duration)}秒,${styleZh(plan.style)},${round1(score.bpm)} BPM,${key},${plan.meter.beatsPerBar}/${plan.meter.beatUnit}${score.loop ? ",无缝循环" : ""}。`,
    named.length ? `段落:${named.join(",")}。` : "",
    f.instruments.length ? `乐器:${f.instruments.join(",")}。` : "",
    f.understood.length ? `已理解:${f.understood.join(";")}。` : "",
    f.ignored.length ? `未采用:${f.ignored.join(";")}。` : "",
    f.changes.length ? `已修改:${f.changes.join(";")}。` : "",
    ...(f.where.notes ?? []),
  ];
}

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
  const facts = { plan, score, key, sections, instruments, understood, ignored, changes, where };
  const summary = (plan.language === "zh" ? summaryZh(facts, score.sections) : summaryEn(facts))
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
