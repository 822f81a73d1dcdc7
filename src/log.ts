/**
 * The only logger: it writes to stderr, because stdout of the stdio server carries JSON-RPC alone.
 * Secrets registered with `redact` (tokens) are masked in every line.
 */
import type { LogLevel } from "./config.js";

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const secrets = new Set<string>();
let threshold: number = ORDER.info;

export function setLogLevel(level: LogLevel): void {
  threshold = ORDER[level];
}

/** Registers a secret so that it never appears in a log line. */
export function redact(secret: string | undefined): void {
  if (secret && secret.length >= 6) secrets.add(secret);
}

/** Masks every registered secret and anything that looks like a bearer token. */
export function scrub(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join("[redacted]");
  return out
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, "$1[redacted]")
    .replace(/nmv_usr_[A-Za-z0-9._-]+/g, "[redacted]");
}

function write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < threshold) return;
  let line = `[composer-mcp] ${level} ${message}`;
  if (fields && Object.keys(fields).length > 0) {
    try {
      line += ` ${JSON.stringify(fields)}`;
    } catch {
      line += " [unserialisable fields]";
    }
  }
  process.stderr.write(`${scrub(line)}\n`);
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => write("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => write("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => write("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => write("error", message, fields),
};
