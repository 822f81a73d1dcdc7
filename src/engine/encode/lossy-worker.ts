/**
 * Worker entry: encodes one segment of an MP3 or Ogg Vorbis stream (see segments.ts) from the shared buffer and
 * hands the stream back.
 */
import { parentPort } from "node:worker_threads";
import { encodeMp3Range, encodeOggRange } from "./lossy.js";
import type { SegmentReply, SegmentRequest } from "./segments.js";
import { prepareCodecs } from "./wasm-codecs.js";

// a worker started ahead of its encode (segments.ts: warmEncodeWorkers) has the codecs ready when it comes
prepareCodecs();

parentPort?.on("message", (msg: SegmentRequest) => {
  const port = parentPort!;
  const { sampleRate, left, right, ...job } = msg;
  const buffer = { sampleRate, left, right };
  const encoded = job.codec === "mp3" ? encodeMp3Range({ buffer, ...job }) : encodeOggRange({ buffer, ...job });
  encoded.then(
    (bytes) => port.postMessage({ type: "done", bytes } satisfies SegmentReply, [bytes.buffer as ArrayBuffer]),
    (e: unknown) => port.postMessage({ type: "error", message: String(e) } satisfies SegmentReply),
  );
});
