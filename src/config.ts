/**
 * Configuration from the environment, resolved once. `manifest.json` maps the Claude Desktop
 * user_config onto the same variables, so there is one way in.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import type { BackendName } from "./backend/music-backend.js";
import { ComposerError } from "./errors.js";

export interface Config {
  backend: BackendName;
  /** Where tracks and exports go. */
  outputDir: string;
  /** Sessions and references. */
  dataDir: string;
  /** A GM SoundFont (.sf2/.sf3), when one was given or found. */
  soundfont: string | undefined;
  /** The ffmpeg binary to try (may not exist; callers detect). */
  ffmpeg: string;
  logLevel: LogLevel;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/** Debian, Ubuntu, Fedora, Arch and Homebrew locations of freely licensed GM SoundFonts. */
export const SOUNDFONT_SEARCH_PATHS = [
  "/usr/share/sounds/sf2/FluidR3_GM.sf2",
  "/usr/share/sounds/sf2/default-GM.sf2",
  "/usr/share/sounds/sf3/MuseScore_General.sf3",
  "/usr/share/sounds/sf3/default-GM.sf3",
  "/usr/share/soundfonts/FluidR3_GM.sf2",
  "/usr/share/soundfonts/default.sf2",
  "/opt/homebrew/share/soundfonts/default.sf2",
  "/usr/local/share/soundfonts/default.sf2",
];

/** `~` and `~/x` expand to the home directory; everything else resolves against the working directory. */
export function expandHome(path: string, home = homedir()): string {
  if (path === "~") return home;
  if (path.startsWith("~/") || path.startsWith("~\\")) return join(home, path.slice(2));
  return path;
}

function absolute(path: string): string {
  const expanded = expandHome(path.trim());
  return isAbsolute(expanded) ? expanded : resolve(expanded);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const backendRaw = (env.COMPOSER_BACKEND ?? "local").trim().toLowerCase() || "local";
  if (backendRaw !== "local" && backendRaw !== "nemovideo") {
    throw new ComposerError(
      "INVALID_ARGUMENT",
      `COMPOSER_BACKEND must be 'local' or 'nemovideo' (got: ${backendRaw}).`,
      {
        hint: "Unset COMPOSER_BACKEND for the offline composer, or set it to 'nemovideo'.",
      },
    );
  }
  const home = homedir();
  const outputDir = env.COMPOSER_OUTPUT_DIR?.trim()
    ? absolute(env.COMPOSER_OUTPUT_DIR)
    : join(home, "Music", "composer-mcp");
  const dataDir = env.COMPOSER_DATA_DIR?.trim()
    ? absolute(env.COMPOSER_DATA_DIR)
    : join(env.XDG_DATA_HOME?.trim() ? absolute(env.XDG_DATA_HOME) : join(home, ".local", "share"), "composer-mcp");
  const soundfontEnv = env.COMPOSER_SOUNDFONT?.trim();
  const soundfont = soundfontEnv
    ? absolute(soundfontEnv)
    : soundfontEnv === ""
      ? undefined
      : SOUNDFONT_SEARCH_PATHS.find((p) => existsSync(p));
  const ffmpeg = env.COMPOSER_FFMPEG?.trim() ? absolute(env.COMPOSER_FFMPEG) : "ffmpeg";
  const level = (env.COMPOSER_LOG_LEVEL ?? "info").trim().toLowerCase();
  const logLevel: LogLevel = ["debug", "info", "warn", "error", "silent"].includes(level)
    ? (level as LogLevel)
    : "info";
  return { backend: backendRaw, outputDir, dataDir, soundfont, ffmpeg, logLevel };
}
