/** What the CLI commands share: number options, format lists, the backend, and printing results. */
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { z } from "zod";
import { type MusicBackend, plainContext } from "../backend/music-backend.js";
import { EXPORT_FORMATS, type ExportFormat, type OutputFile } from "../backend/schemas.js";
import { loadConfig } from "../config.js";
import { ComposerError, toComposerError } from "../errors.js";
import { setLogLevel } from "../log.js";
import { issueSentence } from "../server/results.js";
import { progressBar } from "./progress.js";

/**
 * `--lufs -16` as the help writes it: Node's parseArgs would read "-16" as an option of its own, so a value
 * option followed by a negative number is joined into `--lufs=-16` first.
 */
export function joinNegativeValues(args: string[], valueOptions: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    if (valueOptions.includes(a.replace(/^--/, "")) && a.startsWith("--") && next !== undefined && /^-\d/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** parseArgs for a command, strict, with a negative number taken as the value of any string option. */
export function parseCommand<const T extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: T) {
  const valueOptions = Object.keys(options).filter((name) => options[name]!.type === "string");
  return parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: true }>({
    args: joinNegativeValues(args, valueOptions),
    allowPositionals: true,
    strict: true,
    options,
  });
}

export function numberOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) {
    throw new ComposerError("INVALID_ARGUMENT", `--${name} must be a number (got: ${raw}).`);
  }
  return value;
}

export function formatsOption(raw: string | undefined): ExportFormat[] | undefined {
  if (raw === undefined) return undefined;
  const formats = raw
    .split(",")
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  const unknown = formats.filter((f) => !(EXPORT_FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0) {
    throw new ComposerError(
      "INVALID_ARGUMENT",
      `unknown format ${unknown.join(", ")}; choose from ${EXPORT_FORMATS.join(", ")}.`,
    );
  }
  return formats as ExportFormat[];
}

/** Checks arguments with the tool's own schema, so the CLI and the tools reject the same things. */
export function checked<T extends z.ZodTypeAny>(schema: T, candidate: Record<string, unknown>): z.infer<T> {
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  throw new ComposerError("INVALID_ARGUMENT", parsed.error.issues.map((i) => issueSentence(i, candidate)).join(" "));
}

export interface RunOptions {
  out: string | undefined;
  json: boolean;
  quiet: boolean;
  /**
   * Whether the call renders (and how long a piece, where known): render workers then start before the engine
   * loads, unless the piece is too short to use them.
   */
  renders: { seconds?: number | undefined } | false;
}

/** Runs one backend call with a progress bar, prints the result, and maps failures to one line and an exit code. */
export async function withBackend<R extends { summary: string; files: OutputFile[]; session_id: string }>(
  options: RunOptions,
  call: (backend: MusicBackend, ctx: ReturnType<typeof plainContext>) => Promise<R>,
): Promise<number> {
  let backend: MusicBackend | undefined;
  try {
    const env = options.out ? { ...process.env, COMPOSER_OUTPUT_DIR: options.out } : process.env;
    const config = loadConfig(env);
    setLogLevel(options.json ? "warn" : config.logLevel);
    // Loaded here so that --help and errors in the arguments answer without loading the engine. The render
    // workers start first: they load their code while this thread loads the engine's (~0.2 s each).
    if (options.renders) (await import("../engine/synthesize/render/pool.js")).warmWorkers(options.renders.seconds);
    const { LocalBackend } = await import("../engine/local-backend.js");
    backend = new LocalBackend(config);
    const bar = progressBar(process.stderr, { enabled: !options.quiet && !options.json });
    const result = await call(backend, plainContext({ report: bar.update }));
    bar.done();
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      process.stdout.write(`${result.summary}\n\nSession: ${result.session_id}\nFiles:\n`);
      for (const f of result.files)
        process.stdout.write(`  ${f.path}  (${f.kind}${f.role ? ` ${f.role}` : ""}, ${f.bytes} bytes)\n`);
    }
    return 0;
  } catch (error) {
    const err = toComposerError(error);
    process.stderr.write(`composer-mcp: ${err.code}: ${err.message} ${err.hint}\n`);
    return err.code === "INVALID_ARGUMENT" ? 2 : 1;
  } finally {
    await backend?.close?.();
  }
}
