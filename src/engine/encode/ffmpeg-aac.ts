/**
 * M4A and raw AAC (ADTS) through ffmpeg, which stays optional: without it these formats fail with
 * NEEDS_FFMPEG. The mix goes in as 32-bit float WAV on stdin; M4A is written to a temp file (the MP4 muxer
 * needs to seek to place its index up front for streaming), ADTS comes back on stdout (its bit rate evened
 * by fill, adts-fill.ts, so a reader's duration estimate is right).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireFfmpeg, runTool } from "../dsp/ffmpeg.js";
import { guardedBuffer } from "../dsp/peak-guard.js";
import type { EncodeOptions, StereoBuffer } from "../types.js";
import { evenAdtsBitRate } from "./adts-fill.js";
import { encodeWav } from "./wav.js";

export async function encodeAac(
  buffer: StereoBuffer,
  container: "m4a" | "aac",
  options: EncodeOptions = {},
): Promise<Uint8Array> {
  const { ffmpeg } = requireFfmpeg(options.ffmpeg ?? "ffmpeg", `${container.toUpperCase()} export`);
  // AAC overshoots on decode like every lossy codec: the peak guard keeps the file under −1 dBTP
  const wav = encodeWav(guardedBuffer(buffer, !!options.loop), { bitDepth: 32 });
  const common = ["-hide_banner", "-loglevel", "error", "-f", "wav", "-i", "pipe:0", "-c:a", "aac", "-b:a", "192k"];
  const meta = options.title ? ["-metadata", `title=${options.title}`] : [];
  if (container === "aac") {
    const { stdout } = await runTool(ffmpeg, [...common, ...meta, "-f", "adts", "pipe:1"], {
      input: wav,
      signal: options.signal,
    });
    // no container holds the duration: fill evens the bit rate so the estimates readers make come out right
    return evenAdtsBitRate(new Uint8Array(stdout.buffer, stdout.byteOffset, stdout.byteLength));
  }
  const dir = await mkdtemp(join(tmpdir(), "composer-aac-"));
  try {
    const out = join(dir, "out.m4a");
    await runTool(ffmpeg, [...common, ...meta, "-movflags", "+faststart", "-y", out], {
      input: wav,
      signal: options.signal,
    });
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
