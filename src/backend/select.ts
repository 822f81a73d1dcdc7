/**
 * COMPOSER_BACKEND → the backend instance. Each backend is loaded only when chosen, so start-up does
 * not pay for the other one's modules.
 */
import type { Config } from "../config.js";
import type { MusicBackend } from "./music-backend.js";

export async function selectBackend(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<MusicBackend> {
  if (config.backend === "nemovideo") {
    const { NemoVideoBackend } = await import("../remote/nemovideo-backend.js");
    return new NemoVideoBackend(config, env);
  }
  const { LocalBackend } = await import("../engine/local-backend.js");
  return new LocalBackend(config);
}
