/**
 * COMPOSER_BACKEND → the backend. The chosen backend's modules (the whole engine, or the HTTP client)
 * load on first use, or in the background shortly after start-up, so a client's `tools/list` is answered
 * without waiting for them.
 */
import type { Config } from "../config.js";
import type { BackendName, CallContext, MusicBackend } from "./music-backend.js";
import type { ExportInput, GenerateInput, StateInput, UploadInput } from "./schemas.js";

/** How long after start-up the backend starts loading by itself. */
const PRELOAD_DELAY_MS = 400;

async function loadBackend(config: Config, env: NodeJS.ProcessEnv): Promise<MusicBackend> {
  if (config.backend === "nemovideo") {
    const { NemoVideoBackend } = await import("../remote/nemovideo-backend.js");
    return new NemoVideoBackend(config, env);
  }
  const { LocalBackend } = await import("../engine/local-backend.js");
  return new LocalBackend(config);
}

class LazyBackend implements MusicBackend {
  private loading: Promise<MusicBackend> | undefined;
  private readonly preload: NodeJS.Timeout;

  constructor(
    readonly name: BackendName,
    private readonly load: () => Promise<MusicBackend>,
  ) {
    this.preload = setTimeout(() => void this.backend().catch(() => {}), PRELOAD_DELAY_MS);
    this.preload.unref();
  }

  private backend(): Promise<MusicBackend> {
    this.loading ??= this.load();
    return this.loading;
  }

  async generateTrack(input: GenerateInput, ctx: CallContext) {
    return (await this.backend()).generateTrack(input, ctx);
  }
  async uploadReference(input: UploadInput, ctx: CallContext) {
    return (await this.backend()).uploadReference(input, ctx);
  }
  async getCredits(ctx: CallContext) {
    return (await this.backend()).getCredits(ctx);
  }
  async getState(input: StateInput, ctx: CallContext) {
    return (await this.backend()).getState(input, ctx);
  }
  async exportTrack(input: ExportInput, ctx: CallContext) {
    return (await this.backend()).exportTrack(input, ctx);
  }
  async close() {
    clearTimeout(this.preload);
    if (this.loading) await (await this.loading).close?.();
  }
}

export function selectBackend(config: Config, env: NodeJS.ProcessEnv = process.env): MusicBackend {
  return new LazyBackend(config.backend, () => loadBackend(config, env));
}
