/** What every flow shares: the HTTP client, sessions, time, settings and where files go. */
import type { CallContext } from "../../backend/music-backend.js";
import { isComposerError } from "../../errors.js";
import type { NemoHttp } from "../http/client.js";
import type { RemoteSession, SessionStore } from "../sessions.js";
import { type NemoSettings, platformOf } from "../settings.js";
import type { Timing } from "../timing.js";

export interface NemoContext {
  http: NemoHttp;
  sessions: SessionStore;
  timing: Timing;
  settings: NemoSettings;
  outputDir: string;
  uploadMaxBytes: number;
}

export function platformFor(nc: NemoContext, ctx: CallContext): string {
  return platformOf(nc.settings, ctx.clientName);
}

export function isSessionGone(error: unknown): boolean {
  return isComposerError(error) && error.code === "SESSION_EXPIRED";
}

/** 1002 means the request was refused before it started: open a new session and say so. */
export async function replaceSession(
  nc: NemoContext,
  old: RemoteSession,
  ctx: CallContext,
  notes: string[],
): Promise<RemoteSession> {
  const fresh = await nc.sessions.create(old.language, ctx.signal, platformFor(nc, ctx));
  ctx.bindSession(fresh.id);
  notes.push(
    `The earlier session ${old.id} is gone on the music service, so this started a new session ${fresh.id}; what was made before is not in it.`,
  );
  return fresh;
}
