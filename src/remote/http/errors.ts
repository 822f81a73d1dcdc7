/**
 * The service's error table (HTTP status or body `code`, both handled) → ComposerError with a stable code
 * and a hint that says what to do. Messages never carry the token: they are built here, not copied from
 * request headers, and the service's own text is scrubbed.
 */
import { ComposerError, isComposerError } from "../../errors.js";
import { scrub } from "../../log.js";
import { UPLOAD_FORMATS } from "../defaults.js";
import { translateGui } from "../translate/gui.js";

export const NEMO_CODES = {
  ok: 0,
  badToken: 1001,
  sessionNotFound: 1002,
  noCredits: 2001,
  unsupportedFile: 4001,
  fileTooLarge: 4002,
  missingClientId: 400,
  exportBlocked: 402,
  rateLimited: 429,
} as const;

/** What went wrong, before deciding whether to retry. */
export type Failure =
  | "auth"
  | "session"
  | "credits"
  | "format"
  | "size"
  | "client-id"
  | "export-blocked"
  | "rate"
  | "server"
  | "not-found"
  | "rejected";

/** A body code wins over the HTTP status: the service sends 200 with `code: 1001` as well as 401. */
export function classify(status: number, code: number | undefined): Failure | undefined {
  const effective = code !== undefined && code !== 0 ? code : status >= 200 && status < 300 ? 0 : status;
  switch (effective) {
    case 0:
      return undefined;
    case NEMO_CODES.badToken:
    case 401:
    case 403:
      return "auth";
    case NEMO_CODES.sessionNotFound:
      return "session";
    case NEMO_CODES.noCredits:
      return "credits";
    case NEMO_CODES.unsupportedFile:
    case 415:
      return "format";
    case NEMO_CODES.fileTooLarge:
    case 413:
      return "size";
    case NEMO_CODES.missingClientId:
      return "client-id";
    case NEMO_CODES.exportBlocked:
      return "export-blocked";
    case NEMO_CODES.rateLimited:
      return "rate";
    case 404:
      return "not-found";
    default:
      return effective >= 500 && effective < 600 ? "server" : "rejected";
  }
}

export interface FailureContext {
  status: number;
  code: number | undefined;
  serviceMessage: string | undefined;
  /** Anonymous tokens get the registration link on 2001. */
  anonymous: boolean;
  /** The id for `?bind=`, when one is known. */
  bindId: string | undefined;
  webUrl: string;
  what: string;
}

function said(ctx: FailureContext): string {
  // The service's words, without secrets and without its editor instructions ("click Upgrade").
  const text = ctx.serviceMessage ? translateGui(scrub(ctx.serviceMessage)).text.slice(0, 200) : "";
  const codeText = ctx.code !== undefined && ctx.code !== 0 ? `code ${ctx.code}` : `HTTP ${ctx.status}`;
  return text ? ` (${codeText}: ${text})` : ` (${codeText})`;
}

export function registrationUrl(webUrl: string, bindId: string): string {
  return `${webUrl}/register?bind=${encodeURIComponent(bindId)}`;
}

export function failureError(failure: Failure, ctx: FailureContext): ComposerError {
  const details = { status: ctx.status, code: ctx.code };
  const tail = said(ctx);
  switch (failure) {
    case "auth":
      return new ComposerError("AUTH_EXPIRED", `The music service refused the access token${tail}.`, {
        hint: "A new token was requested and refused too; try again in a minute, or set NEMO_TOKEN to a valid token.",
        retryable: true,
        details,
      });
    case "session":
      return new ComposerError("SESSION_EXPIRED", `The music service no longer has this session${tail}.`, {
        hint: "The old session is gone; call generate_track without session_id to start a new one.",
        details,
      });
    case "credits":
      return new ComposerError("NO_CREDITS", `The account has no credits left for ${ctx.what}${tail}.`, {
        hint:
          ctx.anonymous && ctx.bindId
            ? `Register to keep going: ${registrationUrl(ctx.webUrl, ctx.bindId)} (free credits come with it).`
            : "Top up at nemovideo.ai, then try again.",
        details,
      });
    case "format":
      return new ComposerError("UNSUPPORTED_FORMAT", `The music service cannot use this file${tail}.`, {
        hint: `Supported formats: ${UPLOAD_FORMATS.join(", ")}. Convert the file to one of them and upload again.`,
        details,
      });
    case "size":
      return new ComposerError("FILE_TOO_LARGE", `The file is too large for the music service${tail}.`, {
        hint: "Compress it (lower resolution or bitrate) or trim it to the part that matters, then upload again.",
        details,
      });
    case "client-id":
      return new ComposerError("BACKEND_UNAVAILABLE", `The music service did not accept our client id${tail}.`, {
        hint: "Delete ~/.config/nemovideo/client_id (a new one is made) or set NEMO_CLIENT_ID, then try again.",
        details,
      });
    case "export-blocked":
      return new ComposerError(
        "EXPORT_BLOCKED",
        `The free plan cannot export${tail}; this is about the plan, not credits.`,
        {
          hint: "Register at nemovideo.ai to unlock export.",
          details,
        },
      );
    case "rate":
      return new ComposerError("RATE_LIMITED", `The music service is rate limiting ${ctx.what}${tail}.`, {
        hint: "It was retried once after 30 s; wait a few minutes and try again (new tokens: one per client per 7 days).",
        retryable: true,
        details,
      });
    case "server":
      return new ComposerError("BACKEND_UNAVAILABLE", `The music service failed on ${ctx.what}${tail}.`, {
        hint: "Try again in a few minutes.",
        retryable: true,
        details,
      });
    case "not-found":
      return new ComposerError("NOT_FOUND", `The music service has no such item for ${ctx.what}${tail}.`, { details });
    case "rejected":
      return new ComposerError("BACKEND_UNAVAILABLE", `The music service rejected ${ctx.what}${tail}.`, {
        hint: "Check the arguments and try again; if it keeps failing, the service may have changed.",
        details,
      });
  }
}

/** Failures that happen before a request can have reached the service: nothing of it started there. */
const NEVER_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export function networkError(what: string, cause: unknown): ComposerError {
  const reason = cause instanceof Error ? scrub(cause.message) : "network error";
  const code = (cause as { code?: unknown } | undefined)?.code;
  return new ComposerError("BACKEND_UNAVAILABLE", `Could not reach the music service for ${what} (${reason}).`, {
    hint: "Check the network connection (and NEMO_API_URL if set), then try again.",
    retryable: true,
    cause,
    details: { network: true, mayHaveStarted: !(typeof code === "string" && NEVER_SENT.has(code)) },
  });
}

/** A request lost on the way back: the service may have acted on it, so it must not be sent again. */
export function mayHaveStarted(error: unknown): boolean {
  return isComposerError(error) && error.details?.network === true && error.details.mayHaveStarted === true;
}
