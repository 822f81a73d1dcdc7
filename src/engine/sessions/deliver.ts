/**
 * Writing a version's files where the person asked: mixes in any audio format, stems, MIDI, an mp4 with the
 * music under a video, and the pictures. Names never clobber (`<stem>.<ext>`, `<stem>-2.<ext>`, …). If any
 * step fails or is cancelled, the files this call already wrote are removed again.
 */
import { randomBytes } from "node:crypto";
import { constants, copyFile, link, mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ExportFormat, OutputFile } from "../../backend/schemas.js";
import { audioChunks, type Stages, throwIfAborted } from "../pipeline.js";
import { type AudioFormat, type EncodeOptions, ROLES, type Role, type Score, type StereoBuffer } from "../types.js";
import { writeError, writeUnique, writeUniqueChunks } from "./names.js";

export interface VideoBed {
  path: string;
  hasAudio: boolean;
  /** Music level under the video's own sound, 0..1. */
  bgmVolume: number;
}

export interface DeliverRequest {
  dir: string;
  /** File stem, e.g. "sunny-pop-v3". */
  stem: string;
  formats: readonly ExportFormat[];
  mix: StereoBuffer;
  /** Mastered stems, when stems are wanted. */
  stems?: Record<Role, StereoBuffer> | undefined;
  score: Score;
  pictures?: { name: string; png: Uint8Array }[];
  video?: VideoBed | undefined;
  bitDepth?: 16 | 24 | 32 | undefined;
  sampleRate?: number | undefined;
  ffmpeg: string;
  signal: AbortSignal;
  onProgress?: (fraction: number) => void;
}

function isAudio(format: ExportFormat): format is AudioFormat {
  return format !== "mid" && format !== "mp4";
}

/** Writes the files; returns them in the order written. */
export async function deliver(stages: Stages, request: DeliverRequest): Promise<OutputFile[]> {
  try {
    await mkdir(request.dir, { recursive: true });
  } catch (error) {
    throw writeError(request.dir, error);
  }
  const written: OutputFile[] = [];
  const steps = request.formats.length + (request.stems ? 1 : 0) + 1;
  let done = 0;
  const step = () => request.onProgress?.(++done / steps);
  const audioOptions = {
    title: request.score.title,
    markers: request.score.sections.map((s) => ({ name: s.name, at: s.start })),
    loop: request.score.loop,
    ffmpeg: request.ffmpeg,
    signal: request.signal,
    ...(request.bitDepth ? { bitDepth: request.bitDepth } : {}),
    ...(request.sampleRate ? { sampleRate: request.sampleRate } : {}),
  };
  try {
    let mixWav: string | undefined;
    for (const format of request.formats) {
      throwIfAborted(request.signal);
      if (isAudio(format)) {
        const { path, bytes } = await writeAudio(stages, request.mix, format, audioOptions, request.dir, request.stem);
        written.push({ path, format, bytes, kind: "mix" });
        if (format === "wav") mixWav = path;
      } else if (format === "mid") {
        const bytes = stages.scoreToMidi(request.score);
        const path = await writeUnique(request.dir, request.stem, "mid", bytes);
        written.push({ path, format: "mid", bytes: bytes.byteLength, kind: "midi" });
      }
      step();
    }
    if (request.formats.includes("mp4") && request.video) {
      written.push(await muxVideo(stages, request, request.video, mixWav));
    }
    if (request.stems) {
      const stemFormat = request.formats.find(isAudio) ?? "wav";
      for (const role of ROLES) {
        throwIfAborted(request.signal);
        const { path, bytes } = await writeAudio(
          stages,
          request.stems[role],
          stemFormat,
          { ...audioOptions, markers: [] },
          request.dir,
          `${request.stem}-${role}`,
        );
        written.push({ path, format: stemFormat, bytes, kind: "stem", role });
      }
      step();
    }
    for (const picture of request.pictures ?? []) {
      const path = await writeUnique(request.dir, `${request.stem}-${picture.name}`, "png", picture.png);
      written.push({ path, format: "png", bytes: picture.png.byteLength, kind: "image" });
    }
    step();
    return written;
  } catch (error) {
    await removeAll(written);
    throw error;
  }
}

/** Encodes and writes one audio file: streamed to disk when the encoder can, else encoded whole first. */
async function writeAudio(
  stages: Stages,
  buffer: StereoBuffer,
  format: AudioFormat,
  options: EncodeOptions,
  dir: string,
  stem: string,
): Promise<{ path: string; bytes: number }> {
  const chunks = audioChunks(stages, buffer, format, options);
  if (chunks) return writeUniqueChunks(dir, stem, format, chunks);
  const bytes = await stages.encodeAudio(buffer, format, options);
  throwIfAborted(options.signal);
  return { path: await writeUnique(dir, stem, format, bytes), bytes: bytes.byteLength };
}

export async function removeAll(files: readonly OutputFile[]): Promise<void> {
  await Promise.all(files.map((f) => rm(f.path, { force: true }).catch(() => {})));
}

/**
 * ffmpeg writes to a private temporary name; the result is then linked (or copied exclusively) to the first
 * free `<stem>.mp4`, so even the video never replaces an existing file.
 */
async function muxVideo(
  stages: Stages,
  request: DeliverRequest,
  video: VideoBed,
  mixWav: string | undefined,
): Promise<OutputFile> {
  const tag = randomBytes(5).toString("hex");
  const temp = join(request.dir, `.${request.stem}.${tag}.tmp.mp4`);
  let music = mixWav;
  let tempMusic: string | undefined;
  try {
    if (!music) {
      const options = { bitDepth: 24 as const, signal: request.signal };
      tempMusic = (await writeAudio(stages, request.mix, "wav", options, request.dir, `.${request.stem}.${tag}.tmp`))
        .path;
      music = tempMusic;
    }
    await stages.muxMusicUnderVideo({
      video: video.path,
      music,
      out: temp,
      bgmVolume: video.bgmVolume,
      fadeOutSeconds: request.score.loop ? 0 : 1.5,
      videoHasAudio: video.hasAudio,
      ffmpeg: request.ffmpeg,
      signal: request.signal,
    });
    const path = await placeUnique(temp, request.dir, request.stem, "mp4");
    return { path, format: "mp4", bytes: (await stat(path)).size, kind: "video" };
  } finally {
    await rm(temp, { force: true }).catch(() => {});
    if (tempMusic) await rm(tempMusic, { force: true }).catch(() => {});
  }
}

/** Gives the finished file `from` the first free name; link() and COPYFILE_EXCL both refuse to replace. */
async function placeUnique(from: string, dir: string, stem: string, ext: string): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const path = join(dir, `${stem}${n === 1 ? "" : `-${n}`}.${ext}`);
    try {
      await link(from, path);
      return path;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue;
      try {
        await copyFile(from, path, constants.COPYFILE_EXCL);
        return path;
      } catch (copyError) {
        if ((copyError as NodeJS.ErrnoException).code === "EEXIST") continue;
        throw writeError(dir, copyError);
      }
    }
  }
  throw writeError(dir, new Error("no free file name"));
}
