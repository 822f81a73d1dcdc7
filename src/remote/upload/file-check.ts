/**
 * A local file is checked before a byte is sent: a supported extension, contents that start the way that
 * format starts (so a renamed text file is caught here, not after an upload), and a size under the cap.
 */
import { open, stat } from "node:fs/promises";
import { extname } from "node:path";
import { ComposerError } from "../../errors.js";
import { UPLOAD_FORMATS, type UploadFormat } from "../defaults.js";

export type ReferenceKind = "audio" | "video" | "image";

export const KIND_OF: Record<UploadFormat, ReferenceKind> = {
  mp4: "video",
  mov: "video",
  avi: "video",
  webm: "video",
  mkv: "video",
  jpg: "image",
  png: "image",
  gif: "image",
  webp: "image",
  mp3: "audio",
  wav: "audio",
  m4a: "audio",
  aac: "audio",
};

const ascii = (bytes: Uint8Array, at: number, text: string) =>
  [...text].every((ch, i) => bytes[at + i] === ch.charCodeAt(0));
const isoMedia = (b: Uint8Array) => ["ftyp", "moov", "mdat", "wide", "free", "skip"].some((box) => ascii(b, 4, box));
const ebml = (b: Uint8Array) => b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3;
const adts = (b: Uint8Array) => b[0] === 0xff && ((b[1] ?? 0) & 0xf6) === 0xf0;

/** How each format's files begin (ISO BMFF box, RIFF form type, EBML, JFIF/PNG/GIF signatures, MPEG sync). */
const MAGIC: Record<UploadFormat, (b: Uint8Array) => boolean> = {
  mp4: isoMedia,
  mov: isoMedia,
  m4a: isoMedia,
  avi: (b) => ascii(b, 0, "RIFF") && ascii(b, 8, "AVI "),
  wav: (b) => ascii(b, 0, "RIFF") && ascii(b, 8, "WAVE"),
  webp: (b) => ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP"),
  webm: ebml,
  mkv: ebml,
  jpg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  png: (b) => ascii(b, 1, "PNG") && b[0] === 0x89,
  gif: (b) => ascii(b, 0, "GIF8"),
  mp3: (b) => ascii(b, 0, "ID3") || (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0),
  aac: (b) => adts(b) || ascii(b, 0, "ADIF") || ascii(b, 0, "ID3"),
};

/** The upload format named by a path or URL's extension (jpeg → jpg), or undefined. */
export function formatOf(name: string): UploadFormat | undefined {
  const ext = extname(name.split(/[?#]/)[0] ?? "")
    .slice(1)
    .toLowerCase();
  const normal = ext === "jpeg" ? "jpg" : ext;
  return (UPLOAD_FORMATS as readonly string[]).includes(normal) ? (normal as UploadFormat) : undefined;
}

export function unsupported(name: string): ComposerError {
  return new ComposerError("UNSUPPORTED_FORMAT", `${name} is not a format the music service takes.`, {
    hint: `Supported formats: ${UPLOAD_FORMATS.join(", ")}. Convert the file to one of them and upload again.`,
  });
}

export interface CheckedFile {
  path: string;
  format: UploadFormat;
  kind: ReferenceKind;
  bytes: number;
}

export async function checkLocalFile(path: string, maxBytes: number): Promise<CheckedFile> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) {
    throw new ComposerError("NOT_FOUND", `No file at ${path}.`, {
      hint: "Pass the absolute path of an existing file.",
    });
  }
  const format = formatOf(path);
  if (!format) throw unsupported(path);
  if (info.size > maxBytes) {
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    throw new ComposerError("FILE_TOO_LARGE", `${path} is ${mb(info.size)}; the limit is ${mb(maxBytes)}.`, {
      hint: "Compress it (lower resolution or bitrate) or trim it to the part that matters, then upload again.",
    });
  }
  const head = new Uint8Array(16);
  const handle = await open(path, "r");
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  if (!MAGIC[format](head)) {
    throw new ComposerError("UNSUPPORTED_FORMAT", `${path} is named .${format} but its contents are not ${format}.`, {
      hint: `Upload a real ${format} file, or one of: ${UPLOAD_FORMATS.join(", ")}.`,
    });
  }
  return { path, format, kind: KIND_OF[format], bytes: info.size };
}
