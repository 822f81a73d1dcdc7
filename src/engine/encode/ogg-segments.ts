/**
 * Where an Ogg Vorbis stream is cut for encoding in segments (segments.ts). Vorbis blocks are not on a fixed
 * grid — the encoder switches between long and short blocks at transients — but once two encoders have seen the
 * same audio for a while they place block boundaries at the same samples: a segment's encoder starts on a long
 * block's stride (1024 samples) at least RUN_IN samples before its cut, and the streams are joined at the
 * first boundary both share after the cut (ogg-join.ts).
 */
import { ByteCollector } from "./bytes.js";
import { commentPacket } from "./ogg-comments.js";
import { joinVorbis, type PlacedStream, vorbisStream } from "./ogg-join.js";
import { vorbisPages } from "./ogg-pages.js";
import { encodeRanges, type OggJob, segmentCount } from "./segments.js";

export const OGG_SEGMENT_DEFAULTS = {
  /** Samples a segment's encoder runs before its cut (its block decisions settle into the other's). */
  runInSamples: 32768,
  /** Samples the previous segment's encoder runs past the cut: the join must fall within it. */
  runOutSamples: 32768,
  /** The join is taken at the first shared boundary at most this far past the cut. */
  reachSamples: 16384,
} as const;

/** The stride of a long block's boundaries (half the 2048-sample long block libvorbis uses at 44.1/48 kHz). */
const STRIDE = 1024;

/** The Ogg Vorbis file encoded in segments on workers, or undefined when that cannot be done. */
export async function encodeOggInSegments(job: OggJob): Promise<Uint8Array | undefined> {
  const pages = await oggPagesInSegments(job);
  if (!pages) return undefined;
  const out = new ByteCollector();
  for (const page of pages) out.push(page, true);
  return out.result();
}

/**
 * The Ogg Vorbis file's pages, encoded in segments on workers, with `comments` added to its comment header;
 * undefined when that cannot be done.
 */
export async function oggPagesInSegments(
  job: OggJob,
  comments: Record<string, string> = {},
): Promise<Uint8Array[] | undefined> {
  const d = OGG_SEGMENT_DEFAULTS;
  const count = segmentCount(job);
  if (count === 0) return undefined;
  const length = job.to - job.from;
  const cuts = Array.from({ length: count - 1 }, (_, k) => Math.round((length * (k + 1)) / count));
  const starts = [0, ...cuts.map((c) => Math.floor((c - d.runInSamples) / STRIDE) * STRIDE)];
  if (starts.some((s, k) => k > 0 && s <= starts[k - 1]!)) return undefined;
  const ranges = starts.map((s, k) => ({
    from: job.from + s,
    to: job.from + (k === count - 1 ? length : Math.min(length, cuts[k]! + d.runOutSamples)),
  }));
  const encoded = await encodeRanges(job, { codec: "ogg", vbrQuality: job.vbrQuality }, ranges);
  if (!encoded) return undefined;
  const placed: PlacedStream[] = [];
  for (const [k, bytes] of encoded.entries()) {
    const stream = vorbisStream(bytes);
    if (!stream) return undefined;
    placed.push({ stream, offset: starts[k]! });
  }
  const joined = joinVorbis(placed, cuts, d.reachSamples);
  if (!joined || joined.length !== length) return undefined;
  const [identification, comment, setup] = joined.headers;
  const headers =
    Object.keys(comments).length > 0 && identification && comment && setup
      ? [identification, commentPacket(comment, comments), setup]
      : joined.headers;
  return vorbisPages(placed[0]!.stream.serial, headers, joined.packets, joined.length);
}
