/**
 * One error base for the whole server, with stable string codes (the shape undici uses for its errors).
 * Every layer throws `ComposerError`; the tool wrapper turns it into an `isError` result whose text is
 * `message` followed by `hint`, so an assistant can tell the person what to do next.
 */
export const ERROR_CODES = [
  "INVALID_ARGUMENT",
  "NOT_FOUND",
  "UNSUPPORTED_FORMAT",
  "FILE_TOO_LARGE",
  "AUTH_EXPIRED",
  "NO_CREDITS",
  "RATE_LIMITED",
  "BACKEND_UNAVAILABLE",
  "NEEDS_FFMPEG",
  "NOT_AVAILABLE_YET",
  "SESSION_EXPIRED",
  "EXPORT_BLOCKED",
  "NOT_READY",
  "TIMEOUT",
  "CANCELLED",
  "CONFLICT",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Default hints, used when a throw site has nothing more specific to say. */
const DEFAULT_HINTS: Record<ErrorCode, string> = {
  INVALID_ARGUMENT: "Check the arguments against the tool's input schema and try again.",
  NOT_FOUND: "Check the id; get_state lists the sessions' versions, references and files.",
  UNSUPPORTED_FORMAT:
    "Supported: mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac (upload); wav, mp3, flac, ogg, m4a, aac, mid, mp4 (export).",
  FILE_TOO_LARGE: "Compress or trim the file and try again.",
  AUTH_EXPIRED: "The access token expired; try again — a new one is requested automatically.",
  NO_CREDITS: "The account has no credits left; top up or register, then try again.",
  RATE_LIMITED: "The service is rate limiting; wait a minute and try again.",
  BACKEND_UNAVAILABLE: "The music service could not be reached; check the network or try again later.",
  NEEDS_FFMPEG: "Install ffmpeg (https://ffmpeg.org, or your package manager) or set COMPOSER_FFMPEG to its path.",
  NOT_AVAILABLE_YET: "This capability is not built into this version yet.",
  SESSION_EXPIRED: "The session is gone; start a new one by calling generate_track without session_id.",
  EXPORT_BLOCKED: "Register at nemovideo.ai to unlock export.",
  NOT_READY: "Generate a track in this session first, then try again.",
  TIMEOUT: "The job took too long; try again, perhaps with a shorter piece.",
  CANCELLED: "The request was cancelled.",
  CONFLICT: "Another change touched the same thing; try again.",
  INTERNAL: "This is a bug in composer-mcp; please report it with the message above.",
};

export interface ComposerErrorOptions {
  hint?: string;
  /** Whether repeating the same call later may succeed. */
  retryable?: boolean;
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class ComposerError extends Error {
  override readonly name = "ComposerError";
  readonly code: ErrorCode;
  readonly hint: string;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: ComposerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint ?? DEFAULT_HINTS[code];
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

export function isComposerError(value: unknown): value is ComposerError {
  return value instanceof ComposerError;
}

/** Wraps anything thrown into a ComposerError, keeping codes that are already there. */
export function toComposerError(value: unknown): ComposerError {
  if (value instanceof ComposerError) return value;
  if (value instanceof Error && value.name === "AbortError") {
    return new ComposerError("CANCELLED", "The request was cancelled.", { cause: value });
  }
  const message = value instanceof Error ? value.message : String(value);
  return new ComposerError("INTERNAL", `Unexpected failure: ${message}`, { cause: value });
}

export function invalidArgument(field: string, problem: string, hint?: string): ComposerError {
  return new ComposerError("INVALID_ARGUMENT", `\`${field}\` ${problem}.`, hint === undefined ? {} : { hint });
}
