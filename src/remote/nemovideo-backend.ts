/**
 * The hosted NemoVideo music agent behind the MusicBackend seam. The protocol lives in the folders
 * beside this file:
 *
 *   auth/ (client id, token) → http/ (attribution, envelope, error table, retries)
 *     → sse/ (messages) · poll/ (state) · export/ (render, download) · upload/ (checks, multipart)
 *     → state/ (draft, timeline) · translate/ (GUI → action, state diff) → flows/ (the five tools)
 */
import type { Dispatcher } from "undici";
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
import { DEFAULTS } from "./defaults.js";
import type { NemoContext } from "./flows/context.js";
import { platformFor } from "./flows/context.js";
import { readCredits } from "./flows/credits.js";
import { exportSession } from "./flows/export.js";
import { generate } from "./flows/generate.js";
import { readState } from "./flows/state.js";
import { upload } from "./flows/upload.js";
import { defaultDispatcher, NemoHttp } from "./http/client.js";
import { SessionStore } from "./sessions.js";
import { loadNemoSettings } from "./settings.js";
import { REAL_TIMING, type Timing } from "./timing.js";

/** Seams for tests: the network (an undici dispatcher), time, and the upload cap. */
export interface NemoDeps {
  dispatcher?: Dispatcher;
  timing?: Timing;
  uploadMaxBytes?: number;
}

export class NemoVideoBackend implements MusicBackend {
  readonly name = "nemovideo" as const;
  private readonly nc: NemoContext;
  private readonly ownsDispatcher: boolean;
  private readonly dispatcher: Dispatcher;

  constructor(
    readonly config: Config,
    readonly env: NodeJS.ProcessEnv,
    deps: NemoDeps = {},
  ) {
    const settings = loadNemoSettings(env);
    this.ownsDispatcher = deps.dispatcher === undefined;
    this.dispatcher = deps.dispatcher ?? defaultDispatcher();
    const timing = deps.timing ?? REAL_TIMING;
    const http = new NemoHttp(settings, this.dispatcher, timing);
    this.nc = {
      http,
      sessions: new SessionStore(http),
      timing,
      settings,
      outputDir: config.outputDir,
      uploadMaxBytes: deps.uploadMaxBytes ?? DEFAULTS.uploadMaxBytes,
    };
  }

  generateTrack(input: GenerateInput, ctx: CallContext): Promise<GenerateResult> {
    return generate(this.nc, input, ctx);
  }

  uploadReference(input: UploadInput, ctx: CallContext): Promise<UploadResult> {
    return upload(this.nc, input, ctx);
  }

  getCredits(ctx: CallContext): Promise<CreditsResult> {
    return readCredits(this.nc, ctx.signal, platformFor(this.nc, ctx));
  }

  getState(input: StateInput, ctx: CallContext): Promise<StateResult> {
    return readState(this.nc, input, ctx);
  }

  exportTrack(input: ExportInput, ctx: CallContext): Promise<ExportResult> {
    return exportSession(this.nc, input, ctx);
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}
