/**
 * get_state for a session: the timeline in the hosted service's words
 * (`Timeline (2 tracks): 1. Video: beach.mp4 (0-42s) 2. BGM: Upbeat house (0-42s, 35%)`), the same `draft`
 * shape (t → tracks, tt 0 video / 1 audio, sg segments with st/d in ms and m metadata), sections, versions,
 * references and the files that still exist.
 */
import { stat } from "node:fs/promises";
import { join } from "node:path";
import type { Draft, OutputFile, StateInput, StateResult } from "../../backend/schemas.js";
import { BGM, type Engine } from "./context.js";
import type { ReferenceRecord, SessionMeta, VersionManifest } from "./records.js";
import { latestVideo } from "./references.js";
import { versionDir } from "./versions.js";

/** Seconds as the hosted timeline writes them: whole numbers plain, else one decimal ("42", "8.5"). */
function secondsText(seconds: number): string {
  const tenths = Math.round(seconds * 10) / 10;
  return Number.isInteger(tenths) ? String(tenths) : tenths.toFixed(1);
}

async function existing(files: readonly OutputFile[]): Promise<OutputFile[]> {
  const checked = await Promise.all(
    files.map(async (f) => {
      try {
        const info = await stat(f.path);
        return info.isFile() ? { ...f, bytes: info.size } : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return checked.filter((f): f is OutputFile => f !== undefined);
}

/** The version's files still on disk; pictures fall back to the copies kept in the data folder. */
async function versionFiles(engine: Engine, meta: SessionMeta, manifest: VersionManifest): Promise<OutputFile[]> {
  const exported = (meta.exports ?? []).filter((e) => e.version === manifest.version).flatMap((e) => e.files);
  const files = await existing([...manifest.result.files, ...exported]);
  const dir = versionDir(engine.store.versionsDir(manifest.session_id), manifest.version);
  for (const name of ["waveform", "arrangement"]) {
    if (files.some((f) => f.kind === "image" && f.path.endsWith(`-${name}.png`))) continue;
    const kept = manifest.stored.find((s) => s.name === `${name}.png`);
    if (kept) files.push({ path: join(dir, kept.name), format: "png", bytes: kept.bytes, kind: "image" });
  }
  return files;
}

function referenceJson(r: ReferenceRecord): Record<string, unknown> {
  return {
    reference_id: r.reference_id,
    kind: r.kind,
    format: r.format_name,
    bytes: r.bytes,
    name: r.original_name,
    ...(r.analysis.durationSeconds !== undefined ? { duration_seconds: r.analysis.durationSeconds } : {}),
    summary: r.summary,
  };
}

function versionJson(m: VersionManifest): Record<string, unknown> {
  return {
    version: m.version,
    track_id: m.track_id,
    title: m.title,
    created_at: m.created_at,
    duration_seconds: m.result.duration_seconds,
    bpm: m.result.bpm,
    key: m.result.key,
    seed: m.seed,
    based_on: m.based_on,
    summary: m.result.summary.split("\n")[0] ?? "",
  };
}

export interface Timeline {
  summary: string;
  draft: Draft;
}

export function timeline(manifest: VersionManifest | undefined, video: ReferenceRecord | undefined): Timeline {
  const tracks: string[] = [];
  const draft: Draft = { t: [] };
  if (video) {
    const seconds = video.analysis.durationSeconds ?? 0;
    tracks.push(`Video: ${video.original_name} (0-${secondsText(seconds)}s)`);
    draft.t.push({
      tt: 0,
      sg: [
        {
          st: 0,
          d: Math.round(seconds * 1000),
          m: {
            name: video.original_name,
            reference_id: video.reference_id,
            has_audio: video.analysis.hasAudio ?? false,
          },
        },
      ],
    });
  }
  if (manifest) {
    const seconds = manifest.result.duration_seconds ?? 0;
    const volume = video ? ((video.analysis.hasAudio ?? false) ? BGM.underSpeech : BGM.alone) : 1;
    tracks.push(`BGM: ${manifest.title} (0-${secondsText(seconds)}s, ${Math.round(volume * 100)}%)`);
    draft.t.push({
      tt: 1,
      sg: [
        {
          st: 0,
          d: Math.round(seconds * 1000),
          m: {
            name: manifest.title,
            title: manifest.title,
            track_id: manifest.track_id,
            version: manifest.version,
            volume,
            bpm: manifest.result.bpm,
            key: manifest.result.key,
            sections: (manifest.result.sections ?? []).map((s) => ({
              name: s.name,
              st: Math.round(s.start_seconds * 1000),
              d: Math.round((s.end_seconds - s.start_seconds) * 1000),
            })),
          },
        },
      ],
    });
  }
  const summary =
    tracks.length === 0
      ? "Timeline (0 tracks): empty"
      : `Timeline (${tracks.length} track${tracks.length === 1 ? "" : "s"}): ${tracks.map((t, i) => `${i + 1}. ${t}`).join(" ")}`;
  return { summary, draft };
}

export async function getState(engine: Engine, input: StateInput): Promise<StateResult> {
  const { store } = engine;
  const meta = await store.load(input.session_id);
  const [versions, references] = await Promise.all([store.versions(meta.id), store.references(meta.id)]);
  const chosen = input.version === undefined ? versions.at(-1) : await store.version(meta.id, input.version);
  const used = chosen?.reference_id ? references.find((r) => r.reference_id === chosen.reference_id) : undefined;
  const video = used?.kind === "video" ? used : latestVideo(references);
  const { summary: timelineSummary, draft } = timeline(chosen, video);
  const files = chosen ? await versionFiles(engine, meta, chosen) : [];
  const lines = [
    timelineSummary,
    chosen
      ? `Showing version ${chosen.version} of ${versions.length}. ${chosen.result.summary}`
      : "No track in this session yet: call generate_track with this session_id.",
    references.length
      ? `References: ${references.map((r) => `${r.reference_id} (${r.kind}, ${r.original_name})`).join(", ")}.`
      : "",
  ];
  return {
    session_id: meta.id,
    status: chosen ? "ready" : "empty",
    timeline_summary: timelineSummary,
    draft,
    ...(chosen ? { version: chosen.version, sections: chosen.result.sections ?? [] } : {}),
    versions: versions.map(versionJson),
    references: references.map(referenceJson),
    files,
    summary: lines.filter(Boolean).join("\n"),
  };
}
