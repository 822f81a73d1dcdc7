/**
 * Writing a version's files where the person asked: mixes in any audio format, stems, MIDI, an mp4 with the
 * music under a video, and the pictures. Names never clobber (`<stem>.<ext>`, `<stem>-2.<ext>`, …). If any
 * step fails or is cancelled, the files this call already wrote are removed again.
 */
import { randomBytes } from "node:crypto";
import { constants, copyFile, link, mkdir, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ExportFormat, OutputFile } from "../../backend/schemas.js";
import { ComposerError } from "../../errors.js";
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
  /** PNGs, or how to draw them: drawn on this thread's lane, while the encoders already work. */
  pictures?: { name: string; png: Uint8Array | (() => Uint8Array) }[];
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

/**
 * Where a file's work happens. MP3 and Ogg encode on the encoder workers, M4A/AAC and the video in ffmpeg:
 * "away". WAV, FLAC, MIDI and the pictures are made on this thread: "here". The two lanes run side by side,
 * each file in its lane in turn (the encoder workers serve one file at a time; a second would fall back to
 * this thread), so the WAVs are written while the MP3 encodes.
 */
type Lane = "away" | "here";

function laneOf(format: ExportFormat): Lane {
  return format === "mp3" || format === "ogg" || format === "m4a" || format === "aac" || format === "mp4"
    ? "away"
    : "here";
}

interface Step {
  lane: Lane;
  /** `stopped` tells a step that waits on another lane whether that lane has failed meanwhile. */
  write: (stopped: () => boolean) => Promise<OutputFile>;
  /** Called when the step is not run (an earlier failure) or fails: a step waiting on it goes on. */
  skip?: () => void;
}

/** Writes the files; returns them in the order asked for (mixes by format, video, stems, pictures). */
export async function deliver(stages: Stages, request: DeliverRequest): Promise<OutputFile[]> {
  try {
    await mkdir(request.dir, { recursive: true });
  } catch (error) {
    throw writeError(request.dir, error);
  }
  const audioOptions = {
    title: request.score.title,
    markers: request.score.sections.map((s) => ({ name: s.name, at: s.start })),
    loop: request.score.loop,
    ffmpeg: request.ffmpeg,
    signal: request.signal,
    ...(request.bitDepth ? { bitDepth: request.bitDepth } : {}),
    ...(request.sampleRate ? { sampleRate: request.sampleRate } : {}),
  };
  const steps: Step[] = [];
  // the video lays the mix WAV under it when one is written (else a temporary one): it waits for that file
  let mixWav: Promise<string | undefined> = Promise.resolve(undefined);
  for (const format of request.formats) {
    if (isAudio(format)) {
      const write = async (): Promise<OutputFile> => {
        const { path, bytes } = await writeAudio(stages, request.mix, format, audioOptions, request.dir, request.stem);
        return { path, format, bytes, kind: "mix" };
      };
      if (format !== "wav") steps.push({ lane: laneOf(format), write });
      else {
        // settled when the WAV is written, or by `skip` when it fails or never runs (runLanes calls it then)
        let wavDone: (path: string | undefined) => void = () => {};
        mixWav = new Promise((resolve) => {
          wavDone = resolve;
        });
        steps.push({
          lane: "here",
          write: async () => {
            const file = await write();
            wavDone(file.path);
            return file;
          },
          skip: () => wavDone(undefined),
        });
      }
    } else if (format === "mid") {
      steps.push({
        lane: "here",
        write: async () => {
          const bytes = stages.scoreToMidi(request.score);
          const path = await writeUnique(request.dir, request.stem, "mid", bytes);
          return { path, format: "mid", bytes: bytes.byteLength, kind: "midi" };
        },
      });
    }
  }
  const video = request.formats.includes("mp4") ? request.video : undefined;
  if (video) {
    const wavAsked = request.formats.includes("wav");
    steps.push({
      lane: "away",
      write: async (stopped) => {
        const music = await mixWav;
        // the mix WAV failed or was skipped, or the other lane failed meanwhile: that failure is the one
        // reported, and the video (a whole ffmpeg encode) is not made only to be removed
        if ((wavAsked && music === undefined) || stopped()) {
          throw new ComposerError("INTERNAL", "The mix WAV was not written.");
        }
        return muxVideo(stages, request, video, music);
      },
    });
  }
  if (request.stems) {
    const stems = request.stems;
    const stemFormat = request.formats.find(isAudio) ?? "wav";
    for (const role of ROLES) {
      steps.push({
        lane: laneOf(stemFormat),
        write: async () => {
          const options = { ...audioOptions, markers: [] };
          const stem = `${request.stem}-${role}`;
          const { path, bytes } = await writeAudio(stages, stems[role], stemFormat, options, request.dir, stem);
          return { path, format: stemFormat, bytes, kind: "stem", role };
        },
      });
    }
  }
  for (const picture of request.pictures ?? []) {
    steps.push({
      lane: "here",
      write: async () => {
        const png = typeof picture.png === "function" ? picture.png() : picture.png;
        const path = await writeUnique(request.dir, `${request.stem}-${picture.name}`, "png", png);
        return { path, format: "png", bytes: png.byteLength, kind: "image" };
      },
    });
  }
  return runLanes(steps, request.signal, request.onProgress);
}

/**
 * Runs each lane's steps in turn, the lanes side by side. The first failure (or a cancel) stops both lanes
 * at their next step; once both have stopped, every file already written is removed and the failure thrown.
 */
async function runLanes(
  steps: readonly Step[],
  signal: AbortSignal,
  onProgress: ((fraction: number) => void) | undefined,
): Promise<OutputFile[]> {
  const files: (OutputFile | undefined)[] = steps.map(() => undefined);
  let failure: { error: unknown } | undefined;
  let done = 0;
  const lane = async (which: Lane) => {
    for (const [i, step] of steps.entries()) {
      if (step.lane !== which) continue;
      if (failure) {
        step.skip?.();
        continue;
      }
      try {
        throwIfAborted(signal);
        files[i] = await step.write(() => failure !== undefined);
        onProgress?.(++done / steps.length);
      } catch (error) {
        failure ??= { error };
        // a step that failed, or never started (cancelled before it), still releases whoever waits on it
        step.skip?.();
      }
    }
  };
  await Promise.all([lane("away"), lane("here")]);
  const written = files.filter((f): f is OutputFile => f !== undefined);
  if (failure) {
    await removeAll(written);
    throw failure.error;
  }
  return written;
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
