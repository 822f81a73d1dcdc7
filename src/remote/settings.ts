/** The NemoVideo settings, read once from the environment the backend was given. */
import { homedir } from "node:os";
import { fileURLToPath } from "node:url";
import { SERVER_VERSION } from "../server/version.js";
import { DEFAULTS } from "./defaults.js";

export interface NemoSettings {
  apiUrl: string;
  webUrl: string;
  /** NEMO_TOKEN: used as is; absent → anonymous bootstrap. */
  token: string | undefined;
  clientId: string | undefined;
  home: string;
  skillName: string;
  version: string;
  /** From SKILL_SOURCE or the install path; undefined → the MCP client's name, else "unknown". */
  platform: string | undefined;
  renderPollMs: number;
}

function trimmed(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function baseUrl(value: string | undefined, fallback: string): string {
  return (trimmed(value) ?? fallback).replace(/\/+$/, "");
}

/** `~/.clawhub/` → clawhub, `~/.cursor/skills/` → cursor. */
export function platformFromPath(path: string): string | undefined {
  const p = path.split("\\").join("/");
  if (p.includes("/.clawhub/")) return "clawhub";
  if (p.includes("/.cursor/skills/")) return "cursor";
  return undefined;
}

export function loadNemoSettings(env: NodeJS.ProcessEnv, installPath = fileURLToPath(import.meta.url)): NemoSettings {
  const poll = Number(trimmed(env.NEMO_POLL_SECONDS));
  return {
    apiUrl: baseUrl(env.NEMO_API_URL, DEFAULTS.apiUrl),
    webUrl: baseUrl(env.NEMO_WEB_URL, DEFAULTS.webUrl),
    token: trimmed(env.NEMO_TOKEN),
    clientId: trimmed(env.NEMO_CLIENT_ID),
    home: trimmed(env.HOME) ?? homedir(),
    skillName: DEFAULTS.skillName,
    version: SERVER_VERSION,
    platform: trimmed(env.SKILL_SOURCE)?.toLowerCase() ?? platformFromPath(installPath),
    renderPollMs: (Number.isFinite(poll) && poll > 0 ? poll : DEFAULTS.renderPollSeconds) * 1000,
  };
}

/** The MCP client's name as a header value: lower case, no spaces or odd characters. */
export function platformOf(settings: NemoSettings, clientName: string | undefined): string {
  if (settings.platform) return settings.platform;
  const fromClient = clientName
    ?.trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return fromClient || "unknown";
}
