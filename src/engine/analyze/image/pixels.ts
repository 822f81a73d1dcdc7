/** Image → a small RGB raster: PNG natively (pngjs), JPEG/GIF/WebP through ffmpeg at 64 px wide. */
import { readFile } from "node:fs/promises";
import { PNG } from "pngjs";
import { requireFfmpeg, runTool } from "../../dsp/ffmpeg.js";
import { ComposerError } from "../../types.js";

export interface RgbPixels {
  /** r,g,b triples 0..255; alpha (PNG) already composited over white would bias colour, so it is used as weight. */
  rgb: Uint8Array;
  /** 0..1 per pixel; 1 for opaque formats. */
  weight: Float32Array;
  width: number;
  height: number;
}

const THUMB_WIDTH = 64;

export async function readPng(path: string): Promise<RgbPixels> {
  let png: PNG;
  try {
    png = PNG.sync.read(await readFile(path));
  } catch (error) {
    throw new ComposerError("UNSUPPORTED_FORMAT", "The PNG could not be decoded; it may be corrupt or truncated.", {
      cause: error,
    });
  }
  // Sample on a grid of about 64 columns; enough for averages, cheap for a 50 MB image.
  const step = Math.max(1, Math.floor(png.width / THUMB_WIDTH));
  const cols = Math.ceil(png.width / step);
  const rows = Math.ceil(png.height / step);
  const rgb = new Uint8Array(cols * rows * 3);
  const weight = new Float32Array(cols * rows);
  let i = 0;
  for (let y = 0; y < png.height; y += step) {
    for (let x = 0; x < png.width; x += step) {
      const at = (y * png.width + x) * 4;
      rgb[i * 3] = png.data[at]!;
      rgb[i * 3 + 1] = png.data[at + 1]!;
      rgb[i * 3 + 2] = png.data[at + 2]!;
      weight[i] = png.data[at + 3]! / 255;
      i++;
    }
  }
  return { rgb, weight, width: cols, height: rows };
}

export async function readWithFfmpeg(path: string, ffmpeg: string, signal?: AbortSignal): Promise<RgbPixels> {
  const tools = requireFfmpeg(ffmpeg, "Reading JPEG, GIF and WebP images");
  let stdout: Buffer;
  try {
    ({ stdout } = await runTool(
      tools.ffmpeg,
      [
        "-nostdin",
        "-v",
        "error",
        "-i",
        path,
        "-frames:v",
        "1",
        "-vf",
        `scale=${THUMB_WIDTH}:-1`,
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgb24",
        "-",
      ],
      { signal, timeoutMs: 60_000 },
    ));
  } catch (error) {
    if (error instanceof ComposerError && error.code !== "INTERNAL") throw error;
    throw new ComposerError("UNSUPPORTED_FORMAT", "The image could not be decoded; it may be corrupt or truncated.", {
      cause: error,
    });
  }
  const pixels = Math.floor(stdout.length / 3);
  if (pixels < 1) throw new ComposerError("UNSUPPORTED_FORMAT", "The image decoded to nothing; it may be corrupt.");
  return {
    rgb: new Uint8Array(stdout.buffer, stdout.byteOffset, pixels * 3),
    weight: new Float32Array(pixels).fill(1),
    width: THUMB_WIDTH,
    height: Math.floor(pixels / THUMB_WIDTH),
  };
}
