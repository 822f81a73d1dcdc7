/**
 * M4A and raw AAC (ADTS) through ffmpeg, which stays optional: without it these formats fail with
 * NEEDS_FFMPEG. The mix goes in as 32-bit float WAV on stdin and the file comes back through a temp file
 * (raw ADTS with its bit rate evened by fill, adts-fill.ts, so a reader's duration estimate is right). Each file
 * is decoded once more to check its true peak (see AAC_DEFAULTS).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireFfmpeg, runTool } from "../dsp/ffmpeg.js";
import type { EncodeOptions, StereoBuffer } from "../types.js";
import { evenAdtsBitRate } from "./adts-fill.js";
import { wavChunks } from "./wav.js";

export const AAC_DEFAULTS = {
  bitrate: "192k",
  /**
   * ffmpeg's native encoder with its default two-loop search overshoots by up to 4 dB on piano and other sharp
   * attacks (its noise substitution and band choices ring); the constant-quantiser coder stays within about 1 dB
   * at the same bit rate. A peak limiter ahead of it (the guard MP3 and Vorbis get) makes it overshoot more, not
   * less, so the master goes in as it is.
   */
  coder: "fast",
  /** A file decoding above this true peak is encoded again, the whole master turned down by the excess. */
  maxDbtp: -1,
  /** Where such a second encode aims its decoded true peak. */
  targetDbtp: -1.3,
  /** Encodes after the first, at most. */
  retries: 2,
} as const;

export async function encodeAac(
  buffer: StereoBuffer,
  container: "m4a" | "aac",
  options: EncodeOptions = {},
): Promise<Uint8Array> {
  const { ffmpeg } = requireFfmpeg(options.ffmpeg ?? "ffmpeg", `${container.toUpperCase()} export`);
  const meta = options.title ? ["-metadata", `title=${options.title}`] : [];
  const format = container === "aac" ? ["-f", "adts"] : ["-movflags", "+faststart"];
  const codec = ["-c:a", "aac", "-aac_coder", AAC_DEFAULTS.coder, "-b:a", AAC_DEFAULTS.bitrate];
  const dir = await mkdtemp(join(tmpdir(), "composer-aac-"));
  try {
    // the MP4 muxer seeks to place its index up front, so both containers go through a file
    const out = join(dir, `out.${container}`);
    let gainDb = 0;
    for (let attempt = 0; ; attempt++) {
      // 32-bit float WAV on stdin, streamed: a long master is never held twice
      const input = wavChunks(buffer, { bitDepth: 32 }, 10 ** (gainDb / 20));
      const args = ["-hide_banner", "-loglevel", "error", "-f", "wav", "-i", "pipe:0"];
      await runTool(ffmpeg, [...args, ...codec, ...meta, ...format, "-y", out], { input, signal: options.signal });
      const peak = attempt < AAC_DEFAULTS.retries ? await decodedTruePeakDb(ffmpeg, out, options.signal) : undefined;
      if (peak === undefined || peak <= AAC_DEFAULTS.maxDbtp) break;
      gainDb -= peak - AAC_DEFAULTS.targetDbtp;
    }
    // a plain view of the file read, not a copy: a 10-minute M4A is ~15 MB
    const read = await readFile(out);
    const bytes = new Uint8Array(read.buffer, read.byteOffset, read.byteLength);
    // no container holds the duration: fill evens the bit rate so the estimates readers make come out right
    return container === "aac" ? evenAdtsBitRate(bytes) : bytes;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The file's true peak as decoded (dBTP), by ffmpeg's EBU R128 meter (4× oversampled), streaming. */
async function decodedTruePeakDb(ffmpeg: string, path: string, signal?: AbortSignal): Promise<number | undefined> {
  const args = ["-hide_banner", "-nostats", "-i", path, "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"];
  const { stderr } = await runTool(ffmpeg, args, { signal });
  const summary = stderr.slice(stderr.lastIndexOf("True peak:"));
  const match = /Peak:\s*(-?[\d.]+|-inf)\s*dBFS/.exec(summary);
  if (!match) return undefined;
  return match[1] === "-inf" ? Number.NEGATIVE_INFINITY : Number(match[1]);
}
