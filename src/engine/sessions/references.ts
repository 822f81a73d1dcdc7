/** References inside sessions: uploading, reusing one from another session, and the video an mp4 lays music under. */
import { access, constants, copyFile, mkdir, stat } from "node:fs/promises";
import { basename, extname, isAbsolute, relative } from "node:path";
import type { CallContext } from "../../backend/music-backend.js";
import type { UploadInput, UploadResult } from "../../backend/schemas.js";
import { ComposerError } from "../../errors.js";
import type { ReferenceSource } from "../pipeline.js";
import type { ReferenceAnalysis } from "../types.js";
import { BGM, type Engine } from "./context.js";
import type { VideoBed } from "./deliver.js";
import { assertId, isInside, within } from "./paths.js";
import { type ReferenceRecord, STORE_FORMAT } from "./records.js";
import { newId } from "./store.js";

/** The analysis in the tools' snake_case, leaving out what is unknown. */
export function analysisJson(a: ReferenceAnalysis): Record<string, unknown> {
  const out: Record<string, unknown> = {
    kind: a.kind,
    duration_seconds: a.durationSeconds,
    frame_rate: a.frameRate,
    bpm: a.bpm,
    key: a.key ? `${a.key.tonic} ${a.key.mode}` : undefined,
    loudness_lufs: a.loudnessLufs,
    energy_curve: a.energyCurve,
    scene_cuts_seconds: a.sceneCutsSeconds,
    has_audio: a.hasAudio,
    brightness: a.brightness,
    saturation: a.saturation,
    warmth: a.warmth,
    mood_hints: a.moodHints,
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

async function checkSource(input: UploadInput): Promise<ReferenceSource> {
  if (input.url !== undefined) {
    if (!/^https?:\/\//i.test(input.url)) {
      throw new ComposerError("INVALID_ARGUMENT", "`url` must start with http:// or https://.", {
        hint: "Pass an http(s) address of the file, or `path` for a local file.",
      });
    }
    return { url: input.url };
  }
  const path = (input.path ?? "").trim();
  if (!isAbsolute(path) || path.includes("\0")) {
    throw new ComposerError(
      "INVALID_ARGUMENT",
      `\`path\` must be an absolute path (got: ${JSON.stringify(path.slice(0, 200))}).`,
      {
        hint: "Pass the full path of the file, e.g. /Users/me/Movies/beach.mp4.",
      },
    );
  }
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new ComposerError("NOT_FOUND", `There is no file at ${path}.`, { hint: "Check the path and try again." });
  }
  if (!info.isFile()) {
    throw new ComposerError("INVALID_ARGUMENT", `${path} is not a regular file.`, {
      hint: "Pass a video, audio or image file, not a folder or device.",
    });
  }
  try {
    await access(path, constants.R_OK);
  } catch {
    throw new ComposerError("INVALID_ARGUMENT", `${path} cannot be read (permission denied).`, {
      hint: "Make the file readable for the composer, or copy it somewhere readable.",
    });
  }
  return { path };
}

export async function uploadReference(engine: Engine, input: UploadInput, ctx: CallContext): Promise<UploadResult> {
  const { store, stages, config } = engine;
  const source = await checkSource(input);
  const sessionId =
    input.session_id !== undefined ? (await store.load(input.session_id)).id : (await store.create()).id;
  ctx.bindSession(sessionId);
  return store.withSession(
    sessionId,
    async () => {
      const destDir = store.referencesDir(sessionId);
      await mkdir(destDir, { recursive: true });
      ctx.report({ progress: 0.1, message: "analysing the reference" });
      const stored = await stages.importReference(source, { destDir, ffmpeg: config.ffmpeg, signal: ctx.signal });
      assertId(stored.reference_id, "reference_id");
      if (!isInside(destDir, stored.path)) {
        throw new ComposerError("INTERNAL", "The reference was stored outside its session folder.");
      }
      const record: ReferenceRecord = {
        format: STORE_FORMAT,
        reference_id: stored.reference_id,
        session_id: sessionId,
        created_at: new Date().toISOString(),
        kind: stored.kind,
        format_name: stored.format,
        bytes: stored.bytes,
        file: relative(store.sessionDir(sessionId), stored.path),
        original_name: stored.originalName || basename(stored.path),
        analysis: stored.analysis,
        summary: stored.summary,
      };
      await store.addReference(record);
      ctx.report({ progress: 1, message: "done" });
      return {
        session_id: sessionId,
        reference_id: record.reference_id,
        kind: record.kind,
        format: record.format_name,
        bytes: record.bytes,
        ...(stored.analysis.durationSeconds !== undefined ? { duration_seconds: stored.analysis.durationSeconds } : {}),
        analysis: analysisJson(stored.analysis),
        summary: `${stored.summary}\nReference ${record.reference_id} is attached to session ${sessionId}; generate_track with this session_id (or reference_id) fits the music to it.`,
      };
    },
    ctx.signal,
  );
}

/** A reference from another session, copied into `sessionId` under a new id (the caller holds the lock). */
export async function adoptReference(
  engine: Engine,
  record: ReferenceRecord,
  sessionId: string,
): Promise<ReferenceRecord> {
  if (record.session_id === sessionId) return record;
  const { store } = engine;
  const id = newId("r");
  const dir = store.referencesDir(sessionId);
  await mkdir(dir, { recursive: true });
  const target = within(dir, `${id}${extname(record.file).slice(0, 12)}`);
  await copyFile(store.referencePath(record), target, constants.COPYFILE_EXCL);
  const adopted: ReferenceRecord = {
    ...record,
    reference_id: id,
    session_id: sessionId,
    created_at: new Date().toISOString(),
    file: relative(store.sessionDir(sessionId), target),
  };
  await store.addReference(adopted);
  return adopted;
}

export function latestVideo(references: readonly ReferenceRecord[]): ReferenceRecord | undefined {
  return [...references].reverse().find((r) => r.kind === "video");
}

export function videoBed(engine: Engine, reference: ReferenceRecord, bgmVolume?: number): VideoBed {
  if (reference.kind !== "video") {
    throw new ComposerError(
      "INVALID_ARGUMENT",
      `Reference ${reference.reference_id} is ${reference.kind === "audio" ? "an audio file" : "an image"}, not a video.`,
      {
        hint: "For mp4, upload a video with upload_reference and pass its reference_id.",
      },
    );
  }
  const hasAudio = reference.analysis.hasAudio ?? false;
  return {
    path: engine.store.referencePath(reference),
    hasAudio,
    bgmVolume: bgmVolume ?? (hasAudio ? BGM.underSpeech : BGM.alone),
  };
}

export function needVideo(): ComposerError {
  return new ComposerError("INVALID_ARGUMENT", "mp4 needs a video to lay the music under, and this session has none.", {
    hint: "Call upload_reference with the video (and this session_id) first, or pass reference_id of an uploaded video.",
  });
}
