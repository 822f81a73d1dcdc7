/**
 * POST /api/auth/anonymous-token with X-Client-Id → a token with free credits, valid 7 days, one per
 * client per 7 days. The token is registered with the logger's redaction before anything else sees it.
 */
import { log, redact } from "../../log.js";
import type { NemoHttp } from "../http/client.js";
import { tokenDataSchema } from "../protocol/wire.js";

const WHAT = "a new access token";

export async function fetchAnonymousToken(http: NemoHttp, signal: AbortSignal, platform: string): Promise<string> {
  const reply = await http.call({
    method: "POST",
    path: "/api/auth/anonymous-token",
    headers: { "x-client-id": http.clientIds.get() },
    auth: false,
    signal,
    platform,
    what: WHAT,
  });
  const parsed = tokenDataSchema.safeParse(reply.data);
  if (!parsed.success) throw http.refusal("rejected", WHAT, reply.status, undefined, "no token in the answer");
  redact(parsed.data.token);
  log.info("obtained an anonymous NemoVideo token");
  return parsed.data.token;
}
