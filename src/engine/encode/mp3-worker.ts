/**
 * Worker entry: encodes one segment of an MP3 stream (see mp3-segments.ts) from the shared buffer and hands
 * its frames back.
 */
import { parentPort } from "node:worker_threads";
import { encodeMp3Range } from "./lossy.js";
import type { SegmentReply, SegmentRequest } from "./mp3-segments.js";

parentPort?.on("message", (msg: SegmentRequest) => {
  const port = parentPort!;
  const { sampleRate, left, right, ...rest } = msg;
  encodeMp3Range({ buffer: { sampleRate, left, right }, ...rest }).then(
    (bytes) => port.postMessage({ type: "done", bytes } satisfies SegmentReply, [bytes.buffer as ArrayBuffer]),
    (e: unknown) => port.postMessage({ type: "error", message: String(e) } satisfies SegmentReply),
  );
});
