/**
 * Turning backend results and errors into MCP tool results: structured content, a text block a person
 * can read, `resource_link` blocks for files and `image` blocks for small pictures.
 */
import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { pathToFileURL } from "node:url";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { ZodIssue } from "zod";
import type { OutputFile } from "../backend/schemas.js";
import { toComposerError } from "../errors.js";
import { log, scrub } from "../log.js";

const MIME: Record<string, string> = {
  wav: "audio/wav",
  mp3: "audio/mpeg",
  flac: "audio/flac",
  ogg: "audio/ogg",
  m4a: "audio/mp4",
  aac: "audio/aac",
  mid: "audio/midi",
  mp4: "video/mp4",
  png: "image/png",
};

/** Pictures above this size are linked, not inlined. */
const MAX_INLINE_IMAGE_BYTES = 1_000_000;

export function mimeOf(format: string): string {
  return MIME[format] ?? "application/octet-stream";
}

type Content = CallToolResult["content"][number];

export async function toolResult(
  structured: { summary: string; files?: OutputFile[] },
  text: string = structured.summary,
): Promise<CallToolResult> {
  const content: Content[] = [{ type: "text", text: scrub(text) }];
  for (const file of structured.files ?? []) {
    if (file.kind === "image" && file.format === "png" && file.bytes <= MAX_INLINE_IMAGE_BYTES) {
      try {
        const data = await readFile(file.path);
        content.push({ type: "image", data: data.toString("base64"), mimeType: "image/png" });
      } catch {
        // A picture that cannot be read is still linked below.
      }
    }
    content.push({
      type: "resource_link",
      uri: pathToFileURL(file.path).href,
      name: basename(file.path),
      mimeType: mimeOf(file.format),
      description: `${file.kind}${file.role ? ` (${file.role})` : ""}, ${formatBytes(file.bytes)}`,
    });
  }
  return { content, structuredContent: structured as Record<string, unknown> };
}

export function errorResult(error: unknown): CallToolResult {
  const err = toComposerError(error);
  if (err.code === "INTERNAL") log.error("tool failed", { message: err.message, stack: err.stack });
  const text = scrub(`${err.message} ${err.hint}`.trim());
  return {
    isError: true,
    content: [{ type: "text", text: `${err.code}: ${text}` }],
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Size of a written file, or 0 when it vanished. */
export function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return `a ${typeof value}`;
}

/** One zod issue as a plain sentence naming the field. */
export function issueSentence(issue: ZodIssue, input?: unknown): string {
  const field = issue.path.length > 0 ? issue.path.join(".") : "arguments";
  let received: unknown = input;
  for (const key of issue.path) {
    received =
      received && typeof received === "object" ? (received as Record<string | number, unknown>)[key] : undefined;
  }
  const own = issue.message.startsWith(field) ? `${issue.message}.` : undefined;
  switch (issue.code) {
    case "invalid_type":
      if (issue.received === "undefined") return `${field} is required (${issue.expected}).`;
      return `${field} must be ${issue.expected === "integer" ? "a whole number" : `a ${issue.expected}`}, got ${describeValue(received)}.`;
    case "too_small":
    case "too_big": {
      if (own) return own;
      if (issue.code === "too_small" && issue.type === "string" && issue.minimum === 1)
        return `${field} must not be empty.`;
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const unit = issue.type === "string" ? " characters" : issue.type === "array" ? " items" : "";
      const relation = issue.code === "too_small" ? "at least" : "at most";
      return `${field} must be ${relation} ${bound}${unit} (got ${typeof received === "string" || Array.isArray(received) ? `${received.length}` : JSON.stringify(received)}).`;
    }
    case "invalid_enum_value":
      return `${field} must be one of ${issue.options.join(", ")} (got ${JSON.stringify(received)}).`;
    case "invalid_union": {
      const literals = issue.unionErrors.flatMap((e) =>
        e.issues.flatMap((i) => (i.code === "invalid_literal" ? [JSON.stringify(i.expected)] : [])),
      );
      return literals.length > 0
        ? `${field} must be one of ${literals.join(", ")} (got ${JSON.stringify(received)}).`
        : `${field} has an unexpected value (got ${JSON.stringify(received)}).`;
    }
    case "invalid_string":
      return issue.validation === "url"
        ? `${field} must be a full http(s) URL (got ${JSON.stringify(received)}).`
        : (own ?? `${field}: ${issue.message}.`);
    case "unrecognized_keys":
      return `Unknown argument${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}.`;
    default:
      return own ?? `${field}: ${issue.message}.`;
  }
}
