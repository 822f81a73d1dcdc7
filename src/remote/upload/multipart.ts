/**
 * A multipart/form-data body with one file under field `files`, streamed from disk with its length known
 * in advance (so no chunked encoding), never read whole into memory.
 */
import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { Readable } from "node:stream";

const MIME: Record<string, string> = {
  mp4: "video/mp4",
  mov: "video/quicktime",
  avi: "video/x-msvideo",
  webm: "video/webm",
  mkv: "video/x-matroska",
  jpg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  mp3: "audio/mpeg",
  wav: "audio/wav",
  m4a: "audio/mp4",
  aac: "audio/aac",
};

export interface MultipartBody {
  stream: Readable;
  contentType: string;
  length: number;
}

/** Quotes and line breaks cannot end the header early. */
function headerSafe(name: string): string {
  return name.replace(/["\r\n\\]/g, "_");
}

export function multipartFile(path: string, format: string, bytes: number, field = "files"): MultipartBody {
  const boundary = `----composer-${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${headerSafe(basename(path))}"\r\n` +
      `Content-Type: ${MIME[format] ?? "application/octet-stream"}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  async function* parts(): AsyncGenerator<Buffer> {
    yield head;
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) yield chunk as Buffer;
    yield tail;
  }
  return {
    stream: Readable.from(parts(), { objectMode: false }),
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: head.length + bytes + tail.length,
  };
}
