/**
 * The offline composer behind the MusicBackend seam. Sessions, versions and export grow in sessions/;
 * this first cut keeps sessions in memory and runs the pipeline end to end as its stages land.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import type { CallContext, MusicBackend } from "../backend/music-backend.js";
import type {
  CreditsResult,
  ExportInput,
  ExportResult,
  GenerateInput,
  GenerateResult,
  StateInput,
  StateResult,
  UploadInput,
  UploadResult,
} from "../backend/schemas.js";
import type { Config } from "../config.js";
import { ComposerError } from "../errors.js";
import { runPipeline } from "./pipeline.js";
import type { Plan } from "./types.js";

interface SessionRecord {
  id: string;
  plans: Plan[];
  results: GenerateResult[];
}

export class LocalBackend implements MusicBackend {
  readonly name = "local" as const;
  private readonly sessions = new Map<string, SessionRecord>();
  private usage = { tracks: 0, seconds_rendered: 0 };

  constructor(readonly config: Config) {}

  async generateTrack(input: GenerateInput, ctx: CallContext): Promise<GenerateResult> {
    const session = input.session_id ? this.session(input.session_id) : this.newSession();
    ctx.bindSession(session.id);
    const version = session.results.length + 1;
    const output = await runPipeline(input, {
      config: this.config,
      previous: session.plans.at(-1),
      sessionId: session.id,
      version,
      signal: ctx.signal,
      report: ctx.report,
    });
    session.plans.push(output.plan);
    session.results.push(output.result);
    this.usage.tracks += 1;
    this.usage.seconds_rendered += output.result.duration_seconds ?? 0;
    return output.result;
  }

  async uploadReference(input: UploadInput, _ctx: CallContext): Promise<UploadResult> {
    if (input.session_id) this.session(input.session_id);
    if (input.path !== undefined && !existsSync(input.path)) {
      throw new ComposerError("NOT_FOUND", `No file at ${input.path}.`, {
        hint: "Pass the absolute path of an existing file.",
      });
    }
    throw new ComposerError("NOT_AVAILABLE_YET", "Reference analysis is not built into the local composer yet.");
  }

  async getCredits(_ctx: CallContext): Promise<CreditsResult> {
    return {
      backend: "local",
      available: null,
      frozen: null,
      total: null,
      unlimited: true,
      usage: { ...this.usage },
      summary: `The local composer is unlimited and free. Made so far: ${this.usage.tracks} track(s), ${Math.round(this.usage.seconds_rendered)} s of music.`,
    };
  }

  async getState(input: StateInput, _ctx: CallContext): Promise<StateResult> {
    const session = this.session(input.session_id);
    const result = input.version ? session.results[input.version - 1] : session.results.at(-1);
    if (input.version && !result) {
      throw new ComposerError("NOT_FOUND", `Session ${session.id} has no version ${input.version}.`, {
        hint: `It has ${session.results.length} version(s).`,
      });
    }
    const seconds = result?.duration_seconds ?? 0;
    return {
      session_id: session.id,
      status: result ? "ready" : "empty",
      timeline_summary: result
        ? `Timeline (1 track): 1. BGM: ${result.title ?? "Untitled"} (0-${Math.round(seconds)}s, 100%)`
        : "Timeline (0 tracks)",
      draft: {
        t: result ? [{ tt: 1, sg: [{ st: 0, d: Math.round(seconds * 1000), m: { title: result.title } }] }] : [],
      },
      ...(result?.version ? { version: result.version } : {}),
      ...(result?.sections ? { sections: result.sections } : {}),
      versions: session.results.map((r) => ({ version: r.version, track_id: r.track_id, title: r.title })),
      references: [],
      files: result?.files ?? [],
      summary: result ? result.summary : "No track in this session yet.",
    };
  }

  async exportTrack(input: ExportInput, _ctx: CallContext): Promise<ExportResult> {
    const session = this.session(input.session_id);
    if (session.results.length === 0) throw new ComposerError("NOT_READY", `Session ${session.id} has no track yet.`);
    throw new ComposerError("NOT_AVAILABLE_YET", "Re-exporting is not built into the local composer yet.", {
      hint: "generate_track already wrote WAV, MP3 and MIDI files; use those for now.",
    });
  }

  async close(): Promise<void> {}

  private newSession(): SessionRecord {
    const record: SessionRecord = { id: `s_${randomUUID().replace(/-/g, "").slice(0, 16)}`, plans: [], results: [] };
    this.sessions.set(record.id, record);
    return record;
  }

  private session(id: string): SessionRecord {
    const record = this.sessions.get(id);
    if (!record) {
      throw new ComposerError("NOT_FOUND", `No session ${id}.`, {
        hint: "Call generate_track without session_id to start one; use the session_id it returns.",
      });
    }
    return record;
  }
}
