/** What every flow shares: the HTTP client, sessions, time, settings and where files go. */
import type { CallContext } from "../../backend/music-backend.js";
import { ComposerError, isComposerError } from "../../errors.js";
import type { NemoHttp } from "../http/client.js";
import type { RemoteSession, SessionStore } from "../sessions.js";
import { type NemoSettings, platformOf } from "../settings.js";
import { fetchState, type StateSnapshot } from "../state/snapshot.js";
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

/** The session's state for a read-only use (get_state, export): a lost session is named by our id. */
export async function readSessionState(
  nc: NemoContext,
  session: RemoteSession,
  ctx: CallContext,
  platform: string,
): Promise<StateSnapshot> {
  try {
    return await fetchState(nc.http, session.backendId, ctx.signal, platform);
  } catch (error) {
    if (!isSessionGone(error)) throw error;
    throw new ComposerError("SESSION_EXPIRED", `Session ${session.id} is gone on the music service.`, {
      hint: "Call generate_track without session_id to start a new session.",
    });
  }
}
