/**
 * The offline composer behind the MusicBackend seam. Sessions, versions, references and usage live in a
 * store under the data folder (sessions/), so they survive restarts; the stages are injectable for tests.
 */
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
import { DEFAULT_STAGES, type Stages } from "./pipeline.js";
import type { Engine, Hooks } from "./sessions/context.js";
import { exportTrack } from "./sessions/export.js";
import { generateTrack } from "./sessions/generate.js";
import { uploadReference } from "./sessions/references.js";
import { getState } from "./sessions/state.js";
import { SessionStore } from "./sessions/store.js";

export interface LocalBackendOptions {
  /** Stand-ins for engine stages (tests). */
  stages?: Partial<Stages>;
  hooks?: Hooks;
}

export class LocalBackend implements MusicBackend {
  readonly name = "local" as const;
  private readonly engine: Engine;

  constructor(
    readonly config: Config,
    options: LocalBackendOptions = {},
  ) {
    this.engine = {
      store: new SessionStore(config.dataDir),
      stages: { ...DEFAULT_STAGES, ...options.stages },
      config,
      hooks: options.hooks ?? {},
      background: new Set(),
    };
  }

  generateTrack(input: GenerateInput, ctx: CallContext): Promise<GenerateResult> {
    return generateTrack(this.engine, input, ctx);
  }

  uploadReference(input: UploadInput, ctx: CallContext): Promise<UploadResult> {
    return uploadReference(this.engine, input, ctx);
  }

  async getCredits(_ctx: CallContext): Promise<CreditsResult> {
    const usage = await this.engine.store.usage();
    const seconds = Math.round(usage.seconds_rendered * 10) / 10;
    return {
      backend: "local",
      available: null,
      frozen: null,
      total: null,
      unlimited: true,
      usage: { tracks: usage.tracks, seconds_rendered: seconds },
      summary: `The local composer is unlimited and free. Made so far: ${usage.tracks} track(s), ${Math.round(seconds)} s of music.`,
    };
  }

  getState(input: StateInput, _ctx: CallContext): Promise<StateResult> {
    return getState(this.engine, input);
  }

  exportTrack(input: ExportInput, ctx: CallContext): Promise<ExportResult> {
    return exportTrack(this.engine, input, ctx);
  }

  /** Waits for housekeeping started by earlier calls. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.engine.background]);
  }
}
