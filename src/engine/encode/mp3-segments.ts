/**
 * Where an MP3 is cut for encoding in segments (segments.ts): on the frame grid of the stream, each segment's
 * encoder starting 10 frames before its first kept frame and running 6 past its last, joined at the first
 * frame near each cut where the bit reservoir and the window sequence allow it (mp3-join.ts).
 */
import { frameFacts, joinSegments, type Segment } from "./mp3-join.js";
import { encodeRanges, type Mp3Job, segmentCount } from "./segments.js";

export const MP3_SEGMENT_DEFAULTS = {
  /** Frames each segment's encoder runs before its first kept frame (filter bank, MDCT and psychoacoustic memory). */
  runInFrames: 10,
  /** Frames past its last kept frame (LAME's look-ahead and its final flush stay out of the kept frames). */
  runOutFrames: 6,
  /** Joins tried around each cut, in frames either side (the first that fits is taken). */
  joinReach: 3,
} as const;

const FRAME = 1152;

/** The stream's MP3 frames encoded in segments on workers, or undefined when that cannot be done. */
export async function encodeMp3InSegments(job: Mp3Job): Promise<Uint8Array[] | undefined> {
  const d = MP3_SEGMENT_DEFAULTS;
  const count = segmentCount(job);
  // MPEG-2 and 2.5 (below 32 kHz) have one granule a frame and another side information layout
  if (count === 0 || job.buffer.sampleRate < 32000) return undefined;
  const length = job.to - job.from;
  // cuts on the frame grid of the stream (position `from` is its sample 0)
  const cuts = Array.from({ length: count + 1 }, (_, k) =>
    k === 0 ? 0 : k === count ? length : Math.round((length * k) / count / FRAME) * FRAME,
  );
  const firstFrames = cuts.slice(0, count).map((c, k) => (k === 0 ? 0 : c / FRAME - d.runInFrames));
  const ranges = firstFrames.map((first, k) => ({
    from: job.from + first * FRAME,
    to: job.from + (k === count - 1 ? length : Math.min(length, cuts[k + 1]! + d.runOutFrames * FRAME)),
  }));
  const streams = await encodeRanges(job, { codec: "mp3", bitrate: job.bitrate }, ranges);
  if (!streams) return undefined;
  const segments: Segment[] = [];
  for (const [k, bytes] of streams.entries()) {
    const frames = frameFacts(bytes);
    if (!frames) return undefined;
    segments.push({ bytes, frames, firstFrame: firstFrames[k]! });
  }
  const tries = [0];
  for (let r = 1; r <= d.joinReach; r++) tries.push(r, -r);
  return joinSegments(
    segments,
    cuts.slice(1, -1).map((c) => tries.map((t) => c / FRAME + t)),
  );
}
