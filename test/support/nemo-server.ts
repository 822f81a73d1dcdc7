/**
 * A loopback server speaking the NemoVideo protocol (../../../shared/docs/nemovideo-protocol.md), written
 * from the protocol notes and not from the client, for the client's tests. It records every request
 * (headers, body, order), issues and expires tokens, keeps sessions with drafts, streams scripted ADK
 * events (with ids, heartbeats of every form, drops and Last-Event-ID resumption), renders and serves files,
 * and answers with any error of the table on demand.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { type CallContext, type Progress, plainContext } from "../../src/backend/music-backend.js";
import { type Config, loadConfig } from "../../src/config.js";
import { type NemoDeps, NemoVideoBackend } from "../../src/remote/nemovideo-backend.js";
import { type TempEnv, tempEnv } from "./env.js";

export interface Recorded {
  seq: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  json: unknown;
}

export interface FakeSegment {
  st: number;
  d: number;
  m: Record<string, unknown>;
}
export interface FakeSession {
  taskId: string;
  sessionId: string;
  language: string;
  draft: { t: Array<{ tt: number; sg: FakeSegment[] }> };
  /** Statuses the next state reads report, one per read; then `status`. */
  statusQueue: string[];
  status: string | undefined;
  messages: string[];
  uploads: Array<{ filename?: string; bytes?: number; urls?: unknown }>;
}

/** One step of a message's stream. */
export type Step =
  | { event: Record<string, unknown> }
  | { comment: string }
  /** Written to the stream as is (e.g. a `retry:` field). */
  | { raw: string }
  | { heartbeat: "comment" | "event" | "empty" }
  | { drop: true }
  | { act: (session: FakeSession) => void }
  /** Holds the stream until the promise settles (a test's gate). */
  | { until: Promise<unknown> };

export type MessageScript = (text: string, session: FakeSession, server: NemoFakeServer) => Step[];

export interface Fault {
  method?: string;
  path: RegExp;
  status: number;
  code?: number;
  msg?: string;
  /** How many requests it answers (default 1). */
  times?: number;
}

export const text = (t: string, partial = false): Step => ({
  event: { author: "nemo_agent", partial, content: { role: "model", parts: [{ text: t }] } },
});
export const toolCall = (name: string): Step => ({
  event: { author: "nemo_agent", content: { parts: [{ functionCall: { name, args: {} } }] } },
});
export const toolResult = (name: string): Step => ({
  event: { author: "nemo_agent", content: { parts: [{ functionResponse: { name, response: { ok: true } } }] } },
});
export const addTrack = (tt: number, seg: FakeSegment): Step => ({
  act: (s) => {
    s.draft.t.push({ tt, sg: [seg] });
  },
});

/** The default agent: composes a BGM track and says so. */
export const defaultScript: MessageScript = () => [
  toolCall("generate_music"),
  { heartbeat: "comment" },
  toolResult("generate_music"),
  addTrack(1, { st: 0, d: 90_000, m: { name: "Energetic promo", volume: 0.35 } }),
  text("I composed ", true),
  text("I composed an energetic promo track.", false),
];

interface Render {
  id: string;
  body: Record<string, unknown>;
  statuses: string[];
  polls: number;
}

export class NemoFakeServer {
  readonly requests: Recorded[] = [];
  readonly sessions = new Map<string, FakeSession>();
  readonly tokens = new Map<string, { clientId: string; valid: boolean }>();
  readonly renders = new Map<string, Render>();
  credits: Record<string, unknown> = { available: 100, frozen: 0, total: 100 };
  /** 1001 as HTTP 401 (with the body code) or as HTTP 200 with the body code. */
  authStyle: "http401" | "body" = "http401";
  faults: Fault[] = [];
  script: MessageScript = defaultScript;
  /** Statuses the render polls report, in order, per render (the last repeats). */
  renderStatuses: string[][] = [["processing", "completed"]];
  /** Where completed renders say their file is: a full URL, or none (the client falls back). */
  renderUrl: "absolute" | "none" = "absolute";
  sessionIdFor: (n: number) => string = (n) => `sess_${n}`;
  /** Downloads answer 302 to this origin (a storage host), when set. */
  redirectFilesTo: string | undefined;
  /** Whether events carry an SSE `id:` line (else only the ADK event's own id names them). */
  sseIds = true;
  /** Reconnects that are dropped again before any event. */
  dropReconnects = 0;
  onRequest: ((req: Recorded) => void) | undefined;
  readonly fileBytes = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypmp42"), Buffer.alloc(4000, 7)]);

  private server: Server | undefined;
  private seq = 0;
  private sessionCount = 0;
  private renderCount = 0;
  /** Per stream: its steps, for Last-Event-ID replay. */
  private readonly streams = new Map<string, { steps: Step[]; fired: Set<number>; session: FakeSession }>();
  private readonly sockets = new Set<Socket>();

  get url(): string {
    const addr = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${addr.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
      });
    });
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Every token issued so far stops working. */
  expireTokens(): void {
    for (const t of this.tokens.values()) t.valid = false;
  }

  fault(f: Fault): void {
    this.faults.push({ times: 1, ...f });
  }

  session(id?: string): FakeSession {
    const s = id ? this.sessions.get(id) : [...this.sessions.values()].at(-1);
    if (!s) throw new Error(`no session ${id ?? "(latest)"}`);
    return s;
  }

  /** Requests to a path (regex), in order. */
  to(path: RegExp, method?: string): Recorded[] {
    return this.requests.filter((r) => path.test(r.path) && (!method || r.method === method));
  }

  // ── handling ────────────────────────────────────────────────────────────────────────────────
  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(", ") : (v ?? "");
    let json: unknown;
    if (headers["content-type"]?.includes("application/json")) {
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch {
        json = undefined;
      }
    }
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const rec: Recorded = { seq: ++this.seq, method: req.method ?? "GET", path, headers, body, json };
    this.requests.push(rec);
    this.onRequest?.(rec);

    const fault = this.faults.find(
      (f) => (f.times ?? 1) > 0 && f.path.test(path) && (!f.method || f.method === rec.method),
    );
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      return this.reply(res, fault.status, { code: fault.code ?? fault.status, msg: fault.msg ?? "injected" });
    }

    if (path === "/api/auth/anonymous-token" && rec.method === "POST") return this.anonymousToken(rec, res);
    if (path.startsWith("/files/")) {
      if (this.redirectFilesTo) {
        res.writeHead(302, { location: `${this.redirectFilesTo}${path}` }).end();
        return;
      }
      return this.file(res);
    }
    if (!this.authorized(rec)) {
      return this.reply(res, this.authStyle === "http401" ? 401 : 200, { code: 1001, msg: "token expired" });
    }
    const param = (re: RegExp) => re.exec(path)?.[1];
    const stateSid = param(/^\/api\/state\/nemo_agent\/me\/([^/]+)\/latest$/);
    const uploadSid = param(/^\/api\/upload-video\/nemo_agent\/me\/([^/]+)$/);
    const renderId = param(/^\/api\/render\/proxy\/lambda\/([^/]+)$/);
    if (path === "/api/tasks/me/with-session/nemo_agent" && rec.method === "POST") return this.newSession(rec, res);
    if (path === "/run_sse" && rec.method === "POST") return this.runSse(rec, res);
    if (stateSid !== undefined) return this.state(stateSid, res);
    if (uploadSid !== undefined) return this.upload(uploadSid, rec, res);
    if (path === "/api/credits/balance/simple") return this.reply(res, 200, { code: 0, data: this.credits });
    if (path === "/api/render/proxy/lambda" && rec.method === "POST") return this.startRender(rec, res);
    if (renderId !== undefined) return this.pollRender(renderId, res);
    if (/^\/api\/render\/proxy\/[^/]+\/download$/.test(path)) return this.file(res);
    return this.reply(res, 404, { code: 404, msg: "no such route" });
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }

  private authorized(rec: Recorded): boolean {
    const token = /^Bearer (.+)$/.exec(rec.headers.authorization ?? "")?.[1];
    return token !== undefined && this.tokens.get(token)?.valid === true;
  }

  private anonymousToken(rec: Recorded, res: ServerResponse) {
    const clientId = rec.headers["x-client-id"];
    if (!clientId) return this.reply(res, 400, { code: 400, msg: "missing X-Client-Id" });
    const token = `nmv_usr_${randomUUID().replace(/-/g, "")}`;
    this.tokens.set(token, { clientId, valid: true });
    this.reply(res, 200, { code: 0, data: { token, credits: 100, expires_in: 7 * 24 * 3600 } });
  }

  private newSession(rec: Recorded, res: ServerResponse) {
    const body = (rec.json ?? {}) as { task_name?: string; language?: string };
    const sessionId = this.sessionIdFor(++this.sessionCount);
    const session: FakeSession = {
      taskId: `task_${this.sessionCount}`,
      sessionId,
      language: body.language ?? "?",
      draft: { t: [] },
      statusQueue: [],
      status: undefined,
      messages: [],
      uploads: [],
    };
    this.sessions.set(sessionId, session);
    this.reply(res, 200, { code: 0, data: { task_id: session.taskId, session_id: sessionId } });
  }

  private state(sid: string, res: ServerResponse) {
    const s = this.sessions.get(decodeURIComponent(sid));
    if (!s) return this.reply(res, 200, { code: 1002, msg: "session not found" });
    const status = s.statusQueue.shift() ?? s.status;
    this.reply(res, 200, {
      code: 0,
      data: {
        state: {
          draft: structuredClone(s.draft),
          video_infos: s.uploads,
          canvas_config: { width: 1920, height: 1080 },
          generated_media: [],
          ...(status ? { status } : {}),
        },
      },
    });
  }

  private upload(sid: string, rec: Recorded, res: ServerResponse) {
    const s = this.sessions.get(decodeURIComponent(sid));
    if (!s) return this.reply(res, 200, { code: 1002, msg: "session not found" });
    if (rec.json) {
      s.uploads.push({ urls: (rec.json as { urls?: unknown }).urls });
    } else {
      const text = rec.body.toString("latin1");
      const header = /name="files"; filename="([^"]*)"\r\nContent-Type: [^\r]*\r\n\r\n/.exec(text);
      const boundary = /boundary=(.+)$/.exec(rec.headers["content-type"] ?? "")?.[1];
      if (!header || !boundary) return this.reply(res, 400, { code: 4001, msg: "no files field" });
      const start = header.index + header[0].length;
      const end = text.indexOf(`\r\n--${boundary}--`, start);
      s.uploads.push({ filename: header[1], bytes: end - start });
    }
    const n = s.uploads.length;
    this.reply(res, 200, { code: 0, data: { files: [{ id: `file_${n}`, url: `${this.url}/files/upload_${n}` }] } });
  }

  private startRender(rec: Recorded, res: ServerResponse) {
    const body = (rec.json ?? {}) as Record<string, unknown>;
    const attributed = ["x-skill-source", "x-skill-version", "x-skill-platform"].every((h) => rec.headers[h]);
    if (!attributed) return this.reply(res, 402, { code: 402, msg: "free plan export blocked" });
    if (typeof body.id !== "string" || typeof body.sessionId !== "string" || !body.draft) {
      return this.reply(res, 400, { code: 400, msg: "id, sessionId and draft are required" });
    }
    const statuses = this.renderStatuses[Math.min(this.renderCount++, this.renderStatuses.length - 1)] ?? ["completed"];
    this.renders.set(body.id, { id: body.id, body, statuses: [...statuses], polls: 0 });
    this.reply(res, 200, { code: 0, data: { id: body.id, status: "pending" } });
  }

  private pollRender(id: string, res: ServerResponse) {
    const r = this.renders.get(decodeURIComponent(id));
    if (!r) return this.reply(res, 404, { code: 404, msg: "no such render" });
    const status = r.statuses[Math.min(r.polls++, r.statuses.length - 1)] ?? "completed";
    const output =
      status === "completed" && this.renderUrl === "absolute" ? { url: `${this.url}/files/${r.id}.mp4` } : null;
    // The status sits at the top level, as the protocol notes say.
    this.reply(res, 200, { code: 0, id: r.id, status, output });
  }

  private file(res: ServerResponse) {
    res.writeHead(200, { "content-type": "video/mp4", "content-length": String(this.fileBytes.length) });
    res.end(this.fileBytes);
  }

  private async runSse(rec: Recorded, res: ServerResponse) {
    const body = (rec.json ?? {}) as {
      session_id?: string;
      app_name?: string;
      new_message?: { parts?: Array<{ text?: string }> };
    };
    const s = this.sessions.get(body.session_id ?? "");
    if (!s) return this.reply(res, 200, { code: 1002, msg: "session not found" });
    const resume = rec.headers["last-event-id"];
    let streamKey: string;
    let from: number;
    if (resume) {
      // "<stream>:<step>" from an SSE id line, or "evt-<stream>-<step>" from an ADK event id.
      const [key, index] = resume.startsWith("evt-") ? resume.slice(4).split("-") : resume.split(":");
      const known = this.streams.get(key ?? "");
      if (!known) return this.reply(res, 200, { code: 1002, msg: "stream not found" });
      streamKey = key ?? "";
      from = Number(index) + 1;
      if (this.dropReconnects > 0) {
        this.dropReconnects -= 1;
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(": resuming\n\n");
        await tick();
        res.socket?.destroy();
        return;
      }
    } else {
      const textIn = body.new_message?.parts?.map((p) => p.text ?? "").join("") ?? "";
      s.messages.push(textIn);
      streamKey = `m${this.requests.length}`;
      this.streams.set(streamKey, { steps: this.script(textIn, s, this), fired: new Set(), session: s });
      from = 0;
    }
    const stream = this.streams.get(streamKey);
    if (!stream) return;
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    for (let i = from; i < stream.steps.length; i++) {
      const step = stream.steps[i] as Step;
      await tick();
      // A client that hung up stops the script here (a resume continues it).
      if (res.destroyed) return;
      if ("drop" in step) {
        if (stream.fired.has(i)) continue;
        stream.fired.add(i);
        res.socket?.destroy();
        return;
      }
      if ("until" in step) {
        await step.until;
        continue;
      }
      if ("act" in step) {
        if (!stream.fired.has(i)) step.act(stream.session);
        stream.fired.add(i);
      } else if ("comment" in step) res.write(`: ${step.comment}\n\n`);
      else if ("raw" in step) res.write(step.raw);
      else if ("heartbeat" in step) {
        if (step.heartbeat === "comment") res.write(": heartbeat\n\n");
        else if (step.heartbeat === "event") res.write("event: heartbeat\ndata: {}\n\n");
        else res.write("data:\n\n");
      } else {
        const event = { id: `evt-${streamKey}-${i}`, invocationId: streamKey, ...step.event };
        const idLine = this.sseIds ? `id: ${streamKey}:${i}\n` : "";
        res.write(`${idLine}data: ${JSON.stringify(event)}\n\n`);
      }
    }
    res.end();
  }
}

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Time that passes only when the client sleeps (or a test says so): 30 s waits take no time. */
export class ManualTiming {
  t = 1_700_000_000_000;
  readonly sleeps: number[] = [];
  now = (): number => this.t;
  sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    if (signal?.aborted) throw new Error("aborted");
    this.sleeps.push(ms);
    this.t += ms;
    await tick();
  };
  advance(ms: number): void {
    this.t += ms;
  }
}

// ── A backend wired to a fresh server, HOME and clock, for the protocol tests ─────────────────────
export interface NemoHarness {
  server: NemoFakeServer;
  tmp: TempEnv;
  timing: ManualTiming;
  config: Config;
  backend: NemoVideoBackend;
  ctx: CallContext;
  progress: Progress[];
  bound: string[];
  close(): Promise<void>;
}

export async function nemoHarness(extraEnv: NodeJS.ProcessEnv = {}, deps: NemoDeps = {}): Promise<NemoHarness> {
  const server = await new NemoFakeServer().start();
  const tmp = tempEnv({
    COMPOSER_BACKEND: "nemovideo",
    NEMO_API_URL: server.url,
    NEMO_WEB_URL: "https://web.example",
    NEMO_POLL_SECONDS: "0.01",
    ...extraEnv,
  });
  const timing = new ManualTiming();
  const config = loadConfig(tmp.env);
  const backend = new NemoVideoBackend(config, tmp.env, { timing, ...deps });
  const progress: Progress[] = [];
  const bound: string[] = [];
  const ctx = plainContext({
    report: (p) => progress.push(p),
    bindSession: (id) => bound.push(id),
    clientName: "Test Client",
  });
  return {
    server,
    tmp,
    timing,
    config,
    backend,
    ctx,
    progress,
    bound,
    async close() {
      await backend.close();
      await server.close();
      tmp.cleanup();
    },
  };
}
