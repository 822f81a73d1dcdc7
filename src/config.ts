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

function absolute(path: string, home: string): string {
  const expanded = expandHome(path.trim(), home);
  return isAbsolute(expanded) ? expanded : resolve(expanded);
}

/**
 * A variable's value, or undefined when unset, blank, or an unfilled MCPB placeholder
 * (`${user_config.x}`), which a bundle host may pass through when the person left the field empty.
 */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  if (!value || /^\$\{user_config\.[^}]*\}$/.test(value)) return undefined;
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const backendRaw = (envValue(env, "COMPOSER_BACKEND") ?? "local").toLowerCase();
  if (backendRaw !== "local" && backendRaw !== "nemovideo") {
    throw new ComposerError(
      "INVALID_ARGUMENT",
      `COMPOSER_BACKEND must be 'local' or 'nemovideo' (got: ${backendRaw}).`,
      {
        hint: "Unset COMPOSER_BACKEND for the offline composer, or set it to 'nemovideo'.",
      },
    );
  }
  const home = envValue(env, "HOME") ?? homedir();
  const output = envValue(env, "COMPOSER_OUTPUT_DIR");
  const outputDir = output ? absolute(output, home) : join(home, "Music", "composer-mcp");
  const data = envValue(env, "COMPOSER_DATA_DIR");
  const xdg = envValue(env, "XDG_DATA_HOME");
  const dataDir = data
    ? absolute(data, home)
    : join(xdg ? absolute(xdg, home) : join(home, ".local", "share"), "composer-mcp");
  // "none" turns SoundFont playback off; unset looks in the usual system places.
  const soundfontEnv = envValue(env, "COMPOSER_SOUNDFONT");
  const soundfont =
    soundfontEnv?.toLowerCase() === "none"
      ? undefined
      : soundfontEnv
        ? absolute(soundfontEnv, home)
        : SOUNDFONT_SEARCH_PATHS.find((p) => existsSync(p));
  const ffmpegEnv = envValue(env, "COMPOSER_FFMPEG");
  const ffmpeg = ffmpegEnv
    ? /[/\\]/.test(ffmpegEnv) || ffmpegEnv.startsWith("~")
      ? absolute(ffmpegEnv, home)
      : ffmpegEnv
    : "ffmpeg";
  const level = (envValue(env, "COMPOSER_LOG_LEVEL") ?? "info").toLowerCase();
  const logLevel: LogLevel = ["debug", "info", "warn", "error", "silent"].includes(level)
    ? (level as LogLevel)
    : "info";
  return { backend: backendRaw, outputDir, dataDir, soundfont, ffmpeg, logLevel };
}
