/**
 * Our sessions and the service's: a session is created lazily by the first generate_track (or upload)
 * without session_id, and keeps the service's task and session ids, the language it was opened in and
 * what was made in it during this run. The service's session id is our id when it is safe as one
 * (ID_PATTERN); otherwise a local alias stands for it. An id we never saw is taken to be the service's
 * own (from an earlier run), so sessions survive a restart.
 */
import { randomUUID } from "node:crypto";
import { ID_PATTERN, type OutputFile } from "../backend/schemas.js";
import { ComposerError } from "../errors.js";
import type { NemoHttp } from "./http/client.js";
import { sessionDataSchema } from "./protocol/wire.js";

export type Language = "en" | "zh";

export interface RemoteSession {
  id: string;
  backendId: string;
  taskId: string | undefined;
  language: Language;
  platform: string;
  versions: Array<{ version: number; summary: string; changes: string[] }>;
  references: Array<Record<string, unknown>>;
  files: OutputFile[];
}

const ALIAS_PREFIX = "nvs-";
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/;

/** The prompt's language as the service takes it: any CJK character → zh. */
export function languageOf(prompt: string): Language {
  return CJK.test(prompt) ? "zh" : "en";
}

export class SessionStore {
  private readonly byId = new Map<string, RemoteSession>();
  private readonly queues = new Map<string, Promise<unknown>>();

  /**
   * Runs `work` after every earlier call queued on the same session id, so two edits of one session
   * never interleave and each one's before/after diff describes only itself.
   */
  async exclusive<T>(id: string | undefined, work: () => Promise<T>): Promise<T> {
    if (id === undefined) return work();
    const previous = this.queues.get(id) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(id, settled);
    void settled.then(() => {
      if (this.queues.get(id) === settled) this.queues.delete(id);
    });
    return run;
  }

  constructor(private readonly http: NemoHttp) {}

  async create(language: Language, signal: AbortSignal, platform: string): Promise<RemoteSession> {
    const reply = await this.http.call({
      method: "POST",
      path: "/api/tasks/me/with-session/nemo_agent",
      json: { task_name: "project", language },
      signal,
      platform,
      what: "opening a session",
    });
    const parsed = sessionDataSchema.safeParse(reply.data);
    if (!parsed.success) {
      throw new ComposerError("BACKEND_UNAVAILABLE", "The music service opened a session but did not name it.", {
        hint: "Try again; if it keeps happening, the service may have changed.",
        retryable: true,
      });
    }
    const data = parsed.data;
    if (data.bind_id ?? data.user_id) this.http.bindId = data.bind_id ?? data.user_id;
    const id =
      ID_PATTERN.test(data.session_id) && !data.session_id.startsWith(ALIAS_PREFIX)
        ? data.session_id
        : `${ALIAS_PREFIX}${randomUUID()}`;
    const session: RemoteSession = {
      id,
      backendId: data.session_id,
      taskId: data.task_id,
      language,
      platform,
      versions: [],
      references: [],
      files: [],
    };
    this.byId.set(id, session);
    return session;
  }

  /** A session by our id; an unknown id is adopted as the service's (its state call will tell if it exists). */
  resolve(id: string): RemoteSession {
    const known = this.byId.get(id);
    if (known) return known;
    if (id.startsWith(ALIAS_PREFIX)) {
      throw new ComposerError("SESSION_EXPIRED", `Session ${id} belonged to an earlier run of this server.`, {
        hint: "Call generate_track without session_id to start a new session.",
      });
    }
    const adopted: RemoteSession = {
      id,
      backendId: id,
      taskId: undefined,
      language: "en",
      platform: "unknown",
      versions: [],
      references: [],
      files: [],
    };
    this.byId.set(id, adopted);
    return adopted;
  }

  /** The claim link for the person (no token in it); needs the task id, so only for sessions made here. */
  link(session: RemoteSession): string | undefined {
    if (!session.taskId) return undefined;
    const s = this.http.settings;
    const q = new URLSearchParams({
      task: session.taskId,
      session: session.backendId,
      skill_name: s.skillName,
      skill_version: s.version,
      skill_source: session.platform,
    });
    return `${s.webUrl}/workspace/claim?${q.toString()}`;
  }
}
