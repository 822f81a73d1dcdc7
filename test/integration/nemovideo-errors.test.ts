/**
 * Every code of the error table, by HTTP status and by body code, against the loopback server: what the
 * client sent (how many times, with which token and client id, after which wait) and what it answered.
 */
import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type ComposerError, isComposerError } from "../../src/errors.js";
import { clientIdPath } from "../../src/remote/auth/client-id.js";
import { connectInMemory } from "../support/in-memory.js";
import { type NemoHarness, nemoHarness } from "../support/nemo-server.js";

let h: NemoHarness;
afterEach(async () => {
  await h?.close();
});

async function failure(promise: Promise<unknown>): Promise<ComposerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isComposerError(error)) throw new Error(`expected a ComposerError, got ${String(error)}`);
  return error;
}

const credits = /^\/api\/credits\/balance\/simple$/;
const tokenPath = /^\/api\/auth\/anonymous-token$/;

describe("error table", () => {
  it("1001 as HTTP 401: one new token with the same client id, the request repeated once", async () => {
    h = await nemoHarness();
    await h.backend.getCredits(h.ctx);
    h.server.expireTokens();
    const r = await h.backend.getCredits(h.ctx);
    expect(r.available).toBe(100);
    const tokens = h.server.to(tokenPath);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]?.headers["x-client-id"]).toBe(tokens[1]?.headers["x-client-id"]);
    const reads = h.server.to(credits);
    expect(reads.map((q) => q.headers.authorization)).toEqual([
      reads[0]?.headers.authorization,
      reads[0]?.headers.authorization,
      `Bearer ${[...h.server.tokens.keys()][1]}`,
    ]);
  });

  it("1001 as a body code on HTTP 200 is handled the same way", async () => {
    h = await nemoHarness();
    h.server.authStyle = "body";
    await h.backend.getCredits(h.ctx);
    h.server.expireTokens();
    expect((await h.backend.getCredits(h.ctx)).total).toBe(100);
    expect(h.server.to(tokenPath)).toHaveLength(2);
  });

  it("1001 again after the renewal is AUTH_EXPIRED, and the token is in neither message nor hint", async () => {
    h = await nemoHarness();
    h.server.fault({ path: credits, status: 401, code: 1001, times: 2 });
    const e = await failure(h.backend.getCredits(h.ctx));
    expect(e.code).toBe("AUTH_EXPIRED");
    expect(h.server.to(credits)).toHaveLength(2);
    for (const token of h.server.tokens.keys()) expect(`${e.message} ${e.hint}`).not.toContain(token);
  });

  it("NEMO_TOKEN is used as is: no bootstrap, no client id file; an expired one falls back to an anonymous token", async () => {
    h = await nemoHarness({ NEMO_TOKEN: "nmv_usr_registered_abcdef" });
    h.server.tokens.set("nmv_usr_registered_abcdef", { clientId: "-", valid: true });
    await h.backend.getCredits(h.ctx);
    expect(h.server.to(tokenPath)).toHaveLength(0);
    expect(h.server.to(credits)[0]?.headers.authorization).toBe("Bearer nmv_usr_registered_abcdef");
    expect(existsSync(clientIdPath(h.tmp.env.HOME ?? ""))).toBe(false);
    h.server.expireTokens();
    await h.backend.getCredits(h.ctx);
    expect(h.server.to(tokenPath)).toHaveLength(1);
    expect(existsSync(clientIdPath(h.tmp.env.HOME ?? ""))).toBe(true);
  });

  it("NEMO_CLIENT_ID wins over the file", async () => {
    h = await nemoHarness({ NEMO_CLIENT_ID: "client-from-env-1234" });
    await h.backend.getCredits(h.ctx);
    expect(h.server.to(tokenPath)[0]?.headers["x-client-id"]).toBe("client-from-env-1234");
    expect(existsSync(clientIdPath(h.tmp.env.HOME ?? ""))).toBe(false);
  });

  it("400 missing X-Client-Id on the token: the id made again and one retry", async () => {
    h = await nemoHarness();
    h.server.fault({ path: tokenPath, status: 400, code: 400, msg: "missing X-Client-Id" });
    await h.backend.getCredits(h.ctx);
    const tokens = h.server.to(tokenPath);
    expect(tokens).toHaveLength(2);
    expect(tokens.every((q) => /^[0-9a-f-]{36}$/.test(q.headers["x-client-id"] ?? ""))).toBe(true);
  });

  it("400 twice on the token is reported; a 400 elsewhere is a plain refusal, not a client id problem", async () => {
    h = await nemoHarness();
    h.server.fault({ path: tokenPath, status: 400, code: 400, times: 2 });
    const e = await failure(h.backend.getCredits(h.ctx));
    expect(e.message).toContain("did not accept our client id");
    expect(h.server.to(tokenPath)).toHaveLength(2);
    h.server.fault({ path: credits, status: 400, code: 400 });
    const other = await failure(h.backend.getCredits(h.ctx));
    expect(other.code).toBe("BACKEND_UNAVAILABLE");
    expect(other.message).toContain("rejected reading the credits");
  });

  it("1002 on get_state is SESSION_EXPIRED with a way forward", async () => {
    h = await nemoHarness();
    const e = await failure(h.backend.getState({ session_id: "sess_404" }, h.ctx));
    expect(e.code).toBe("SESSION_EXPIRED");
    expect(e.hint).toContain("generate_track without session_id");
  });

  it("2001 for an anonymous token gives the registration link with ?bind=<id>", async () => {
    h = await nemoHarness();
    h.server.fault({ path: /^\/run_sse$/, status: 200, code: 2001, msg: "insufficient credits" });
    const e = await failure(h.backend.generateTrack({ prompt: "promo" }, h.ctx));
    expect(e.code).toBe("NO_CREDITS");
    const clientId = h.server.to(tokenPath)[0]?.headers["x-client-id"] ?? "";
    expect(e.hint).toContain(`https://web.example/register?bind=${clientId}`);
    expect(h.server.session().messages).toEqual([]);
  });

  it("2001 for a registered token says to top up", async () => {
    h = await nemoHarness({ NEMO_TOKEN: "nmv_usr_registered_abcdef" });
    h.server.tokens.set("nmv_usr_registered_abcdef", { clientId: "-", valid: true });
    h.server.fault({ path: /^\/run_sse$/, status: 402, code: 2001 });
    const e = await failure(h.backend.generateTrack({ prompt: "promo" }, h.ctx));
    expect(e.code).toBe("NO_CREDITS");
    expect(e.hint).toBe("Top up at nemovideo.ai, then try again.");
  });

  it("4001 and 4002 from the upload are explained", async () => {
    h = await nemoHarness();
    const upload = /^\/api\/upload-video\//;
    h.server.fault({ path: upload, status: 200, code: 4001 });
    h.server.fault({ path: upload, status: 413, code: 4002 });
    const a = await failure(h.backend.uploadReference({ url: "https://media.example/clip.mp4" }, h.ctx));
    expect(a.code).toBe("UNSUPPORTED_FORMAT");
    expect(a.hint).toContain("mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac");
    const b = await failure(h.backend.uploadReference({ url: "https://media.example/clip.mp4" }, h.ctx));
    expect(b.code).toBe("FILE_TOO_LARGE");
    expect(b.hint).toMatch(/Compress .* trim/);
  });

  it("402 on export is a plan matter, not credits", async () => {
    h = await nemoHarness();
    await h.backend.generateTrack({ prompt: "promo" }, h.ctx);
    h.server.fault({ path: /^\/api\/render\/proxy\/lambda$/, status: 402 });
    const e = await failure(h.backend.exportTrack({ session_id: "sess_1" }, h.ctx));
    expect(e.code).toBe("EXPORT_BLOCKED");
    expect(e.hint).toBe("Register at nemovideo.ai to unlock export.");
    expect(e.message).toContain("not credits");
  });

  it("429: one retry after 30 s, then RATE_LIMITED", async () => {
    h = await nemoHarness();
    h.server.fault({ path: credits, status: 429 });
    expect((await h.backend.getCredits(h.ctx)).available).toBe(100);
    expect(h.timing.sleeps).toEqual([30_000]);
    expect(h.server.to(credits)).toHaveLength(2);

    h.server.fault({ path: credits, status: 200, code: 429, times: 2 });
    const e = await failure(h.backend.getCredits(h.ctx));
    expect(e.code).toBe("RATE_LIMITED");
    expect(h.server.to(credits)).toHaveLength(4);
    expect(h.timing.sleeps).toEqual([30_000, 30_000]);
  });

  it("429 on a message: it never started, so it is sent again once after 30 s", async () => {
    h = await nemoHarness();
    h.server.fault({ path: /^\/run_sse$/, status: 429 });
    await h.backend.generateTrack({ prompt: "promo" }, h.ctx);
    expect(h.server.to(/^\/run_sse$/)).toHaveLength(2);
    expect(h.server.session().messages).toEqual(["promo"]);
    expect(h.timing.sleeps).toEqual([30_000]);
  });

  it("5xx: bounded retries for GET, none for POST", async () => {
    h = await nemoHarness();
    h.server.fault({ path: credits, status: 503, times: 2 });
    expect((await h.backend.getCredits(h.ctx)).available).toBe(100);
    expect(h.timing.sleeps).toEqual([1000, 3000]);
    h.server.fault({ path: credits, status: 502, times: 3 });
    expect((await failure(h.backend.getCredits(h.ctx))).code).toBe("BACKEND_UNAVAILABLE");
    expect(h.server.to(credits)).toHaveLength(6);

    h.server.fault({ path: /^\/api\/tasks\//, status: 500 });
    const e = await failure(h.backend.generateTrack({ prompt: "promo" }, h.ctx));
    expect(e.code).toBe("BACKEND_UNAVAILABLE");
    expect(h.server.to(/^\/api\/tasks\//)).toHaveLength(1);
  });

  it("an unreachable service is BACKEND_UNAVAILABLE, named as such", async () => {
    h = await nemoHarness();
    const port = new URL(h.server.url).port;
    await h.server.close();
    const e = await failure(h.backend.getCredits(h.ctx));
    expect(e.code).toBe("BACKEND_UNAVAILABLE");
    expect(e.message).toContain("Could not reach the music service");
    expect(port).not.toBe("");
  });

  it("reaches the assistant as an isError result with code and hint, never the token", async () => {
    h = await nemoHarness();
    h.server.fault({ path: credits, status: 200, code: 2001 });
    const conn = await connectInMemory(h.backend);
    try {
      const r = await conn.call("get_credits", {});
      expect(r.isError).toBe(true);
      const textOut = r.content.map((c) => c.text ?? "").join(" ");
      expect(textOut).toMatch(/^NO_CREDITS: /);
      expect(textOut).toContain("register?bind=");
      for (const token of h.server.tokens.keys()) expect(textOut).not.toContain(token);
    } finally {
      await conn.close();
    }
  });

  it("a service that echoes the token never gets it into a result", async () => {
    h = await nemoHarness();
    h.server.script = (_t, _s, server) => {
      const token = [...server.tokens.keys()][0] ?? "";
      return [
        { act: (s) => void s.draft.t.push({ tt: 1, sg: [{ st: 0, d: 1000, m: { name: "Echo" } }] }) },
        { event: { content: { parts: [{ text: `Done. Your key is ${token}. Bearer ${token}` }] } } },
      ];
    };
    const r = await h.backend.generateTrack({ prompt: "promo" }, h.ctx);
    const token = [...h.server.tokens.keys()][0] ?? "";
    expect(token).toMatch(/^nmv_usr_/);
    expect(JSON.stringify(r)).not.toContain(token);
    expect(r.summary.split("\n")[0]).toContain("[redacted]");
  });
});
