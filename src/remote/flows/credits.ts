/** get_credits: available, frozen and total from GET /api/credits/balance/simple. */
import type { CreditsResult } from "../../backend/schemas.js";
import { creditsDataSchema } from "../protocol/wire.js";
import type { NemoContext } from "./context.js";

export async function readCredits(nc: NemoContext, signal: AbortSignal, platform: string): Promise<CreditsResult> {
  const reply = await nc.http.call({
    method: "GET",
    path: "/api/credits/balance/simple",
    signal,
    platform,
    what: "reading the credits",
  });
  const parsed = creditsDataSchema.safeParse(reply.data ?? {});
  const c = parsed.success ? parsed.data : { available: null, frozen: null, total: null };
  const show = (n: number | null) => (n === null ? "unknown" : String(n));
  return {
    backend: "nemovideo",
    available: c.available,
    frozen: c.frozen,
    total: c.total,
    unlimited: false,
    summary: `Credits: ${show(c.available)} available, ${show(c.frozen)} frozen (held for running jobs), ${show(c.total)} total.`,
  };
}
