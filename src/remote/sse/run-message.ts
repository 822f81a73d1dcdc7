/**
 * One message to the agent over POST /run_sse, read to its end. The message is sent once: a dropped
 * stream is resumed with Last-Event-ID (the service replays what we missed, it does not run the message
 * again); with no event id to resume from, or after the reconnects, the caller polls the session state.
 *
 *   POST /run_sse ──events──▶ text / tool activity (internal) / heartbeats ──▶ "complete"
 *        │ dropped                                       │ 10 min heartbeats only, 15 min in all
 *        ▼                                               ▼
 *   wait ≥ 2 s, POST again with Last-Event-ID (×3) ──▶ "dropped"  /  "quiet"
 */
import type { Readable } from "node:stream";
import { createParser } from "eventsource-parser";
import type { Progress } from "../../backend/music-backend.js";
import { type ComposerError, isComposerError } from "../../errors.js";
import { log } from "../../log.js";
import { DEFAULTS } from "../defaults.js";
import type { NemoHttp } from "../http/client.js";
import { mayHaveStarted } from "../http/errors.js";
import { cancelled, type Timing } from "../timing.js";
import { interpret, TextAssembler } from "./adk-events.js";

export interface MessageOptions {
  http: NemoHttp;
  timing: Timing;
  backendSessionId: string;
  text: string;
  platform: string;
  signal: AbortSignal;
  report(progress: Progress): void;
  /** When the message began (the 15-minute cap counts from here). */
  startedAt: number;
}

/**
 * complete: the stream ran to its end. dropped: it could not be followed to its end, the work may still
 * be going on. quiet: only heartbeats for 10 minutes, or past the 15-minute cap.
 */
type StreamEnd = "complete" | "dropped" | "quiet";

export interface MessageOutcome {
  end: StreamEnd;
  /** The agent's words so far (final events, else streamed chunks). */
  text: string;
}

/** Progress while the agent works: rises quickly at first, never reaches the end on its own. */
export function waitingProgress(elapsedMs: number): number {
  return Math.min(0.9, 0.05 + 0.85 * (1 - Math.exp(-elapsedMs / 180_000)));
}

export async function runMessage(opts: MessageOptions): Promise<MessageOutcome> {
  const { timing, signal } = opts;
  const assembler = new TextAssembler();
  let lastEventId: string | undefined;
  let lastEventAt = timing.now();
  let lastNoticeAt = opts.startedAt;
  let reconnectDelayMs: number = DEFAULTS.sseReconnectDelayMs;
  let failure: ComposerError | undefined;

  const body = {
    app_name: DEFAULTS.appName,
    user_id: "me",
    session_id: opts.backendSessionId,
    new_message: { parts: [{ text: opts.text }] },
  };

  const tick = (): "quiet" | undefined => {
    const now = timing.now();
    const elapsed = now - opts.startedAt;
    let message: string | undefined;
    if (now - lastNoticeAt >= DEFAULTS.stillWorkingEveryMs) {
      lastNoticeAt = now;
      message = `Still working (${Math.round(elapsed / 60_000)} min)`;
      log.info("music agent still working", { minutes: Math.round(elapsed / 60_000) });
    }
    opts.report({ progress: waitingProgress(elapsed), ...(message ? { message } : {}) });
    if (elapsed >= DEFAULTS.messageCapMs || now - lastEventAt >= DEFAULTS.heartbeatOnlyTimeoutMs) return "quiet";
    return undefined;
  };

  const consume = async (stream: Readable): Promise<StreamEnd> => {
    let end: StreamEnd | undefined;
    const parser = createParser({
      onEvent(message) {
        const item = interpret(message, opts.http.settings.webUrl);
        // The SSE id when the service sends one, else the ADK event's own id: either names where to resume.
        const resumeId = message.id ?? (item.kind === "event" ? item.eventId : undefined);
        if (resumeId) lastEventId = resumeId;
        if (item.kind === "error") {
          failure = item.error;
        } else if (item.kind === "event") {
          lastEventAt = timing.now();
          assembler.add(item);
        }
        end ??= tick();
      },
      onComment() {
        end ??= tick();
      },
      onRetry(ms) {
        // The service may ask for a longer wait before reconnecting; never shorter than ours.
        reconnectDelayMs = Math.max(DEFAULTS.sseReconnectDelayMs, Math.min(ms, 60_000));
      },
    });
    const decoder = new TextDecoder();
    try {
      for await (const chunk of stream) {
        parser.feed(typeof chunk === "string" ? chunk : decoder.decode(chunk as Uint8Array, { stream: true }));
        if (failure || end) break;
      }
    } catch (error) {
      if (signal.aborted) throw cancelled(signal);
      log.warn("message stream dropped", { error: String(error), lastEventId });
      return "dropped";
    } finally {
      stream.destroy();
    }
    if (failure) throw failure;
    return end ?? "complete";
  };

  const open = (resumeFrom: string | undefined) =>
    opts.http.openStream({
      method: "POST",
      path: "/run_sse",
      json: body,
      headers: { accept: "text/event-stream", ...(resumeFrom ? { "last-event-id": resumeFrom } : {}) },
      signal,
      platform: opts.platform,
      what: "the message to the music agent",
    });

  // The first POST: refusals here (1002, 2001, 429 after its retry) mean the message never started; a
  // connection lost after sending may have started it, and then only the state can tell.
  let end: StreamEnd;
  try {
    end = await consume(await open(undefined));
  } catch (error) {
    if (!mayHaveStarted(error)) throw error;
    log.warn("message connection lost after sending", { error: String(error) });
    end = "dropped";
  }
  for (
    let attempt = 1;
    end === "dropped" && lastEventId !== undefined && attempt <= DEFAULTS.sseReconnects;
    attempt++
  ) {
    await timing.sleep(reconnectDelayMs, signal);
    let stream: Readable;
    try {
      stream = await open(lastEventId);
    } catch (error) {
      if (signal.aborted) throw cancelled(signal);
      log.warn("reconnect failed", { attempt, error: isComposerError(error) ? error.code : String(error) });
      continue;
    }
    end = await consume(stream);
  }
  return { end, text: assembler.text() };
}
