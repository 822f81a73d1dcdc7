/**
 * What one SSE message means. ADK streams `partial: true` chunks and then a final event repeating the
 * full text; function calls and responses are the agent's own business and never reach the person.
 * Heartbeats come in three forms (comments, `event: heartbeat`, empty `data:`) and all mean "still alive".
 */
import type { EventSourceMessage } from "eventsource-parser";
import { ComposerError } from "../../errors.js";
import { scrub } from "../../log.js";
import { classify, failureError } from "../http/errors.js";
import { adkEventSchema } from "../protocol/wire.js";
import { translateGui } from "../translate/gui.js";

export type Interpreted =
  | { kind: "heartbeat" }
  | { kind: "event"; partialText: string; finalText: string; toolActivity: boolean; eventId: string | undefined }
  | { kind: "error"; error: ComposerError };

const HEARTBEAT_TYPES = new Set(["heartbeat", "ping", "keepalive", "keep-alive"]);

export function interpret(message: EventSourceMessage, webUrl: string): Interpreted {
  if (message.event && HEARTBEAT_TYPES.has(message.event.toLowerCase())) return { kind: "heartbeat" };
  const data = message.data.trim();
  if (!data) return { kind: "heartbeat" };
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { kind: "heartbeat" };
  }
  const parsed = adkEventSchema.safeParse(json);
  if (!parsed.success) return { kind: "heartbeat" };
  const event = parsed.data;
  if (event.type && HEARTBEAT_TYPES.has(event.type.toLowerCase())) return { kind: "heartbeat" };

  const adkError = event.errorCode ?? event.error_code;
  if (adkError !== undefined) {
    const said = scrub(event.errorMessage ?? event.error_message ?? "");
    const detail = (translateGui(said).text || String(adkError)).slice(0, 200);
    return {
      kind: "error",
      error: new ComposerError("BACKEND_UNAVAILABLE", `The music agent stopped with an error (${detail}).`, {
        hint: "Call get_state to see what was made; try the request again in a few minutes.",
        retryable: true,
      }),
    };
  }
  if (event.code !== undefined && event.code !== 0 && !event.content) {
    const failure = classify(200, event.code);
    if (failure) {
      return {
        kind: "error",
        error: failureError(failure, {
          status: 200,
          code: event.code,
          serviceMessage: undefined,
          anonymous: false,
          bindId: undefined,
          webUrl,
          what: "the message",
        }),
      };
    }
  }

  let text = "";
  let toolActivity = false;
  for (const part of event.content?.parts ?? []) {
    if (part.functionCall ?? part.function_call ?? part.functionResponse ?? part.function_response) {
      toolActivity = true;
    } else if (typeof part.text === "string" && !part.thought) {
      text += part.text;
    }
  }
  const eventId = event.id;
  return event.partial === true
    ? { kind: "event", partialText: text, finalText: "", toolActivity, eventId }
    : { kind: "event", partialText: "", finalText: text, toolActivity, eventId };
}

/** Joins streamed text: final events win; chunks stand in only for a turn whose final event never came. */
export class TextAssembler {
  private finals: string[] = [];
  private chunks = "";

  add(item: Extract<Interpreted, { kind: "event" }>): void {
    if (item.finalText) {
      this.finals.push(item.finalText);
      this.chunks = "";
    } else if (item.partialText) {
      this.chunks += item.partialText;
    }
  }

  text(): string {
    return [...this.finals, this.chunks]
      .map((t) => t.trim())
      .filter(Boolean)
      .join("\n\n");
  }
}
