/** COMPOSER_BACKEND → the backend instance. */
import type { Config } from "../config.js";
import { LocalBackend } from "../engine/local-backend.js";
import { NemoVideoBackend } from "../remote/nemovideo-backend.js";
import type { MusicBackend } from "./music-backend.js";

export function selectBackend(config: Config, env: NodeJS.ProcessEnv = process.env): MusicBackend {
  return config.backend === "nemovideo" ? new NemoVideoBackend(config, env) : new LocalBackend(config);
}
