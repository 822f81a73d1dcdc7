/**
 * The service renders mp4 only. Audio formats asked of export_track are cut from that mp4 with ffmpeg
 * when it is there (optional, as everywhere in composer-mcp); MIDI and stems the service cannot give.
 */
import { rm, stat } from "node:fs/promises";
import type { ExportFormat, OutputFile } from "../../backend/schemas.js";
import { findFfmpeg, runTool } from "../../engine/dsp/ffmpeg.js";
import { isComposerError } from "../../errors.js";
import { claimPath } from "./save-file.js";

const AUDIO_CODEC: Partial<Record<ExportFormat, string[]>> = {
  wav: ["-c:a", "pcm_s16le"],
  mp3: ["-c:a", "libmp3lame", "-q:a", "2"],
  flac: ["-c:a", "flac"],
  ogg: ["-c:a", "libvorbis", "-q:a", "5"],
  m4a: ["-c:a", "aac", "-b:a", "192k"],
  aac: ["-c:a", "aac", "-b:a", "192k"],
};

export interface AudioCut {
  files: OutputFile[];
  notes: string[];
}

export async function cutAudio(
  video: string,
  formats: readonly ExportFormat[],
  dir: string,
  base: string,
  ffmpegBin: string,
  signal: AbortSignal,
): Promise<AudioCut> {
  const audio = formats.filter((f) => AUDIO_CODEC[f] !== undefined);
  const impossible = formats.filter((f) => f !== "mp4" && AUDIO_CODEC[f] === undefined);
  const notes =
    impossible.length > 0
      ? [`The music service cannot give ${impossible.join(", ")}; the local backend writes them.`]
      : [];
  if (audio.length === 0) return { files: [], notes };
  const tools = findFfmpeg(ffmpegBin);
  if (!tools) {
    notes.push(`${audio.join(", ")} need ffmpeg to be cut from the mp4; install it or set COMPOSER_FFMPEG.`);
    return { files: [], notes };
  }
  const files: OutputFile[] = [];
  for (const format of audio) {
    const { path, handle } = await claimPath(dir, base, format);
    await handle.close();
    try {
      const args = [
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-i",
        video,
        "-vn",
        ...(AUDIO_CODEC[format] ?? []),
        path,
      ];
      await runTool(tools.ffmpeg, args, { signal, timeoutMs: 5 * 60_000 });
      files.push({ path, format, bytes: (await stat(path)).size, kind: "mix" });
    } catch (error) {
      await rm(path, { force: true });
      if (isComposerError(error) && error.code === "CANCELLED") throw error;
      notes.push(
        `${format} could not be cut from the mp4 (${isComposerError(error) ? error.message : String(error)}).`,
      );
    }
  }
  return { files, notes };
}
