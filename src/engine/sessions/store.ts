/**
 * The session store under the data folder:
 *
 *   <data>/usage.json
 *   <data>/sessions/<session_id>/session.json          metadata (atomic writes)
 *                               /.lock                  held while a call changes the session
 *                               /versions/v<n>/         manifest.json (last) + plan, score, pre-master mix, pictures
 *                               /references/<ref>.json  + the stored reference file
 *
 * Calls on one session run in order (in-process queue + lock file); calls on different sessions run in parallel.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { ID_PATTERN } from "../../backend/schemas.js";
import { ComposerError } from "../../errors.js";
import { writeJsonAtomic } from "./atomic.js";
import { KeyedMutex } from "./lock.js";
import { acquireLockFile } from "./lockfile.js";
import { assertId, within } from "./paths.js";
import {
  type ReferenceRecord,
  type SessionMeta,
  STORE_FORMAT,
  type UsageRecord,
  type VersionManifest,
} from "./records.js";
import { listValidVersions, readStored, readStoredChunks, stageVersion, type VersionStage } from "./versions.js";

const USAGE_KEY = "\u0000usage";

/** A data folder that cannot hold sessions, said so with what to do. */
function dataDirError(dataDir: string, error: unknown): ComposerError {
  const code = (error as NodeJS.ErrnoException).code ?? "unknown";
  return new ComposerError("BACKEND_UNAVAILABLE", `The data folder ${dataDir} cannot hold sessions (${code}).`, {
    hint: "Set COMPOSER_DATA_DIR to a folder you can write to (or free some disk space), then try again.",
    cause: error,
  });
}

export function newId(prefix: "s" | "r"): string {
  return `${prefix}_${randomBytes(8).toString("hex")}`;
}

export class SessionStore {
  readonly sessionsDir: string;
  private readonly mutex = new KeyedMutex();

  constructor(readonly dataDir: string) {
    this.sessionsDir = within(dataDir, "sessions");
  }

  sessionDir(id: string): string {
    return within(this.sessionsDir, assertId(id, "session_id"));
  }

  versionsDir(id: string): string {
    return within(this.sessionDir(id), "versions");
  }

  referencesDir(id: string): string {
    return within(this.sessionDir(id), "references");
  }

  /**
   * Runs `work` holding the session's lock (in this process and across processes); NOT_FOUND when the
   * session does not exist. Call it before any other await so arrival order is kept.
   */
  withSession<T>(id: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const dir = this.sessionDir(id);
    // Queued synchronously, so calls on one session run in the order they arrived.
    return this.mutex.run(id, async () => {
      await this.load(id);
      const release = await acquireLockFile(join(dir, ".lock"), signal);
      try {
        return await work();
      } finally {
        await release();
      }
    });
  }

  /** Whether a call in this process holds or waits for the session. */
  isBusy(id: string): boolean {
    return this.mutex.busyKeys.includes(id);
  }

  /** Creates a new, empty session. */
  async create(): Promise<SessionMeta> {
    try {
      await mkdir(this.sessionsDir, { recursive: true });
      for (;;) {
        const id = newId("s");
        const dir = this.sessionDir(id);
        try {
          await mkdir(dir);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
          throw error;
        }
        const now = new Date().toISOString();
        const meta: SessionMeta = { format: STORE_FORMAT, id, created_at: now, updated_at: now, references: [] };
        await writeJsonAtomic(join(dir, "session.json"), meta);
        return meta;
      }
    } catch (error) {
      throw dataDirError(this.dataDir, error);
    }
  }

  /** The session's metadata; NOT_FOUND when there is no such session. */
  async load(id: string): Promise<SessionMeta> {
    const dir = this.sessionDir(id);
    let raw: string;
    try {
      raw = await readFile(join(dir, "session.json"), "utf8");
    } catch {
      throw new ComposerError("NOT_FOUND", `There is no session ${id}.`, {
        hint: "Call generate_track without session_id to start a session, then use the session_id it returns.",
        details: { missing: "session" },
      });
    }
    try {
      const meta = JSON.parse(raw) as SessionMeta;
      if (meta.id !== id || !Array.isArray(meta.references)) throw new Error("mismatch");
      return meta;
    } catch {
      throw new ComposerError("INTERNAL", `The metadata of session ${id} is damaged.`, {
        hint: "Start a new session by calling generate_track without session_id.",
      });
    }
  }

  async save(meta: SessionMeta): Promise<void> {
    await writeJsonAtomic(join(this.sessionDir(meta.id), "session.json"), {
      ...meta,
      updated_at: new Date().toISOString(),
    });
  }

  /** Removes a session that holds nothing (no version, no reference), e.g. after its first call failed. */
  async removeIfEmpty(id: string): Promise<void> {
    await this.mutex.run(id, async () => {
      const meta = await this.load(id).catch(() => undefined);
      if (!meta || meta.references.length > 0 || (await this.versions(id)).length > 0) return;
      await rm(this.sessionDir(id), { recursive: true, force: true });
    });
  }

  /** Marks the session as changed now. */
  async touch(id: string): Promise<void> {
    await this.save(await this.load(id));
  }

  versions(id: string): Promise<VersionManifest[]> {
    return listValidVersions(this.versionsDir(id), id);
  }

  /** A version (latest when `version` is undefined); NOT_FOUND / NOT_READY with what exists. */
  async version(id: string, version?: number): Promise<VersionManifest> {
    const all = await this.versions(id);
    if (all.length === 0) {
      throw new ComposerError("NOT_READY", `Session ${id} has no track yet.`, {
        hint: "Call generate_track with this session_id (or without one) first.",
      });
    }
    if (version === undefined) return all.at(-1) as VersionManifest;
    const found = all.find((m) => m.version === version);
    if (!found) {
      throw new ComposerError("NOT_FOUND", `Session ${id} has no version ${version}.`, {
        hint: `Its versions are ${all.map((m) => m.version).join(", ")}.`,
        details: { missing: "version" },
      });
    }
    return found;
  }

  /** Starts the next version of a session (the caller holds the session lock). */
  async stage(id: string): Promise<VersionStage> {
    const all = await this.versions(id);
    return stageVersion(this.versionsDir(id), (all.at(-1)?.version ?? 0) + 1);
  }

  readStored(manifest: VersionManifest, name: string): Promise<Buffer> {
    return readStored(this.versionsDir(manifest.session_id), manifest, name);
  }

  readStoredChunks(manifest: VersionManifest, name: string, consume: (chunk: Uint8Array) => void): Promise<void> {
    return readStoredChunks(this.versionsDir(manifest.session_id), manifest, name, consume);
  }

  async readJson<T>(manifest: VersionManifest, name: string): Promise<T> {
    return JSON.parse((await this.readStored(manifest, name)).toString("utf8")) as T;
  }

  /** Session ids present on disk (well-formed names only). */
  async sessionIds(): Promise<string[]> {
    try {
      return (await readdir(this.sessionsDir)).filter((name) => ID_PATTERN.test(name));
    } catch {
      return [];
    }
  }

  // ── references ─────────────────────────────────────────────────────────────────────────────

  async addReference(record: ReferenceRecord): Promise<void> {
    const dir = this.referencesDir(record.session_id);
    await mkdir(dir, { recursive: true });
    await writeJsonAtomic(within(dir, `${assertId(record.reference_id, "reference_id")}.json`), record);
    const meta = await this.load(record.session_id);
    if (!meta.references.includes(record.reference_id)) meta.references.push(record.reference_id);
    await this.save(meta);
  }

  async references(id: string): Promise<ReferenceRecord[]> {
    const meta = await this.load(id);
    const found = await Promise.all(meta.references.map((r) => this.readReference(id, r)));
    return found.filter((r): r is ReferenceRecord => r !== undefined);
  }

  async readReference(sessionId: string, referenceId: string): Promise<ReferenceRecord | undefined> {
    try {
      const path = within(this.referencesDir(sessionId), `${assertId(referenceId, "reference_id")}.json`);
      const record = JSON.parse(await readFile(path, "utf8")) as ReferenceRecord;
      const file = within(this.sessionDir(sessionId), record.file);
      if (!(await stat(file)).isFile()) return undefined;
      return record;
    } catch {
      return undefined;
    }
  }

  /** Absolute path of a reference's stored file. */
  referencePath(record: ReferenceRecord): string {
    return within(this.sessionDir(record.session_id), record.file);
  }

  /** Finds a reference by id: first in `preferSession`, then in any session. */
  async findReference(referenceId: string, preferSession?: string): Promise<ReferenceRecord> {
    assertId(referenceId, "reference_id");
    if (preferSession) {
      const own = await this.readReference(preferSession, referenceId);
      if (own) return own;
    }
    for (const sessionId of await this.sessionIds()) {
      if (sessionId === preferSession) continue;
      const record = await this.readReference(sessionId, referenceId);
      if (record) return record;
    }
    throw new ComposerError("NOT_FOUND", `There is no reference ${referenceId}.`, {
      hint: "Call upload_reference with the file first and use the reference_id it returns.",
    });
  }

  // ── usage ──────────────────────────────────────────────────────────────────────────────────

  async usage(): Promise<UsageRecord> {
    try {
      const u = JSON.parse(await readFile(join(this.dataDir, "usage.json"), "utf8")) as UsageRecord;
      if (Number.isFinite(u.tracks) && Number.isFinite(u.seconds_rendered)) return u;
    } catch {
      // first use, or damaged: count from zero
    }
    return { format: STORE_FORMAT, tracks: 0, seconds_rendered: 0 };
  }

  async addUsage(tracks: number, seconds: number): Promise<UsageRecord> {
    await mkdir(this.dataDir, { recursive: true });
    return this.mutex.run(USAGE_KEY, async () => {
      const release = await acquireLockFile(join(this.dataDir, "usage.lock"));
      try {
        const u = await this.usage();
        const next = {
          format: STORE_FORMAT,
          tracks: u.tracks + tracks,
          seconds_rendered: u.seconds_rendered + seconds,
        };
        await writeJsonAtomic(join(this.dataDir, "usage.json"), next);
        return next;
      } finally {
        await release();
      }
    });
  }
}
