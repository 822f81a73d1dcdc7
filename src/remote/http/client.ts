/**
 * Every request to the service goes through `NemoHttp`: attribution headers, the bearer token, the
 * envelope `{code, data}` and the retry policy in ../defaults.ts. Bodies are factories, so a request
 * repeated after a refused token or a 429 streams its file again from the start.
 */
import { Readable } from "node:stream";
import { Agent, type Dispatcher, request } from "undici";
import { log, redact } from "../../log.js";
import { fetchAnonymousToken } from "../auth/anonymous-token.js";
import { ClientIdStore } from "../auth/client-id.js";
import { TokenKeeper } from "../auth/tokens.js";
import { DEFAULTS } from "../defaults.js";
import { type Envelope, envelopeSchema } from "../protocol/wire.js";
import type { NemoSettings } from "../settings.js";
import { cancelled, type Timing, throwIfAborted } from "../timing.js";
import { classify, type Failure, failureError, networkError } from "./errors.js";

export interface NemoRequest {
  method: "GET" | "POST";
  /** Under the API base, or an absolute URL (downloads). */
  path: string;
  json?: unknown;
  body?: () => { stream: Readable | string; contentType: string; length?: number };
  headers?: Record<string, string>;
  auth?: boolean;
  signal: AbortSignal;
  platform: string;
  /** For messages: "generating the track". */
  what: string;
}

export interface NemoReply {
  status: number;
  envelope: Envelope | undefined;
  data: unknown;
}

type Response = Dispatcher.ResponseData;

/** An answer whose body is handed over unread. */
interface StreamReply {
  stream: Readable;
  status: number;
  location: string | undefined;
}

const MAX_REDIRECTS = 5;

export function defaultDispatcher(): Dispatcher {
  return new Agent({
    connectTimeout: DEFAULTS.connectTimeoutMs,
    headersTimeout: DEFAULTS.headersTimeoutMs,
    bodyTimeout: DEFAULTS.bodyTimeoutMs,
  });
}

function parseEnvelope(text: string): Envelope | undefined {
  if (!text.trim()) return undefined;
  try {
    const parsed = envelopeSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export class NemoHttp {
  readonly tokens: TokenKeeper;
  readonly clientIds: ClientIdStore;
  /** For 2001's registration link; learnt from session creation or state. */
  bindId: string | undefined;

  constructor(
    readonly settings: NemoSettings,
    private readonly dispatcher: Dispatcher,
    private readonly timing: Timing,
  ) {
    redact(settings.token);
    this.clientIds = new ClientIdStore(settings.home, settings.clientId);
    this.tokens = new TokenKeeper(settings.token, (signal, platform) => fetchAnonymousToken(this, signal, platform));
  }

  /** A refusal in the service's terms: the error table's code and hint, with what we were doing. */
  refusal(failure: Failure, what: string, status: number, code: number | undefined, said: string | undefined) {
    return failureError(failure, {
      status,
      code,
      serviceMessage: said,
      anonymous: this.tokens.anonymous,
      bindId: this.bindId ?? (this.tokens.anonymous ? this.clientIds.get() : undefined),
      webUrl: this.settings.webUrl,
      what,
    });
  }

  /** A JSON request; resolves with the envelope's data, throws ComposerError per the error table. */
  async call(req: NemoRequest): Promise<NemoReply> {
    const outcome = await this.exchange(req, undefined);
    if ("stream" in outcome) throw new Error("unreachable: stream without asking");
    return outcome;
  }

  /** A request answered by an event stream (or by a JSON error, handled like `call`). */
  async openStream(req: NemoRequest): Promise<Readable> {
    const outcome = await this.exchange(req, (status, type) => status < 300 && type.includes("text/event-stream"));
    if (!("stream" in outcome)) {
      // 2xx JSON instead of a stream: nothing to read, an empty stream says so.
      return Readable.from([]);
    }
    return outcome.stream;
  }

  /**
   * A file download: the body of any 2xx answer that is not a JSON envelope. Redirects (storage links)
   * are followed, and the token goes only to the API's own origin.
   */
  async openDownload(req: NemoRequest): Promise<Readable> {
    let url = req.path;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const outcome = await this.exchange(
        { ...req, path: url, auth: req.auth !== false && this.isApiUrl(url) },
        (status, type) => (status < 300 && !type.includes("application/json")) || (status >= 300 && status < 400),
      );
      if (!("stream" in outcome)) {
        const said = "the download answered with data instead of a file";
        throw this.refusal("rejected", req.what, outcome.status, outcome.envelope?.code, said);
      }
      if (outcome.status < 300) return outcome.stream;
      // A redirect's body is never read; destroying it must not surface as an unhandled abort.
      outcome.stream.on("error", () => {});
      outcome.stream.destroy();
      if (!outcome.location) break;
      url = new URL(outcome.location, this.url(url)).href;
    }
    throw this.refusal("rejected", req.what, 310, undefined, "the download redirected too often or nowhere");
  }

  /** Same-origin URLs get the token; others (storage links) get nothing of ours but attribution. */
  isApiUrl(url: string): boolean {
    try {
      return new URL(url, this.settings.apiUrl).origin === new URL(this.settings.apiUrl).origin;
    } catch {
      return false;
    }
  }

  private url(path: string): string {
    return /^https?:\/\//i.test(path) ? path : `${this.settings.apiUrl}${path.startsWith("/") ? "" : "/"}${path}`;
  }

  private headers(req: NemoRequest, token: string | undefined): Record<string, string> {
    const h: Record<string, string> = {
      "x-skill-source": this.settings.skillName,
      "x-skill-version": this.settings.version,
      "x-skill-platform": req.platform,
      accept: "application/json",
      ...req.headers,
    };
    if (token) h.authorization = `Bearer ${token}`;
    return h;
  }

  private async send(req: NemoRequest, token: string | undefined): Promise<Response> {
    const headers = this.headers(req, token);
    let body: Readable | string | undefined;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers["content-type"] = "application/json";
    } else if (req.body) {
      const made = req.body();
      body = made.stream;
      headers["content-type"] = made.contentType;
      if (made.length !== undefined) headers["content-length"] = String(made.length);
    }
    return request(this.url(req.path), {
      method: req.method,
      headers,
      body,
      signal: req.signal,
      dispatcher: this.dispatcher,
    });
  }

  /** `streamWhen` picks the answers whose body is handed over unread (event streams, downloads). */
  private async exchange(
    req: NemoRequest,
    streamWhen: ((status: number, contentType: string) => boolean) | undefined,
  ): Promise<NemoReply | StreamReply> {
    const budget = {
      auth: DEFAULTS.authRetries,
      rate: DEFAULTS.rateLimitRetries,
      get: DEFAULTS.getRetries,
      clientId: DEFAULTS.clientIdRetries,
    };
    const retryGet = async (): Promise<boolean> => {
      if (req.method !== "GET" || budget.get <= 0) return false;
      const delay = DEFAULTS.getRetryDelaysMs[DEFAULTS.getRetries - budget.get] ?? 1_000;
      budget.get -= 1;
      await this.timing.sleep(delay, req.signal);
      return true;
    };
    for (;;) {
      throwIfAborted(req.signal);
      const useAuth = req.auth !== false;
      const token = useAuth ? await this.tokens.current(req.signal, req.platform) : undefined;
      let res: Response;
      let text: string;
      try {
        res = await this.send(req, token);
        const type = String(res.headers["content-type"] ?? "");
        if (streamWhen?.(res.statusCode, type)) {
          const location = res.headers.location;
          return {
            stream: res.body,
            status: res.statusCode,
            location: Array.isArray(location) ? location[0] : location,
          };
        }
        text = await res.body.text();
      } catch (error) {
        if (req.signal.aborted) throw cancelled(req.signal);
        log.warn("music service unreachable", { what: req.what, error: String(error) });
        if (await retryGet()) continue;
        throw networkError(req.what, error);
      }
      const envelope = parseEnvelope(text);
      const failure = classify(res.statusCode, envelope?.code);
      if (!failure) return { status: res.statusCode, envelope, data: envelope?.data ?? envelope };
      log.debug("music service refused", {
        what: req.what,
        status: res.statusCode,
        code: envelope?.code,
        said: envelope?.msg ?? envelope?.message,
      });
      if (failure === "auth" && token && budget.auth > 0) {
        budget.auth -= 1;
        await this.tokens.renew(token, req.signal, req.platform);
        continue;
      }
      if (failure === "rate" && budget.rate > 0) {
        budget.rate -= 1;
        await this.timing.sleep(DEFAULTS.rateLimitDelayMs, req.signal);
        continue;
      }
      if (failure === "client-id" && req.headers?.["x-client-id"] && budget.clientId > 0) {
        budget.clientId -= 1;
        req = { ...req, headers: { ...req.headers, "x-client-id": this.clientIds.remake() } };
        continue;
      }
      if (failure === "server" && (await retryGet())) continue;
      // 400 means "missing X-Client-Id" only where one is sent; elsewhere it is a plain refusal.
      const reported = failure === "client-id" && !req.headers?.["x-client-id"] ? "rejected" : failure;
      throw this.refusal(reported, req.what, res.statusCode, envelope?.code, envelope?.msg ?? envelope?.message);
    }
  }
}
