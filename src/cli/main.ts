/**
 * The command line: `composer-mcp compose "<brief>" [options]`. It calls the same backend code as the tools.
 * Errors: one line on stderr and a non-zero exit.
 */
import { parseArgs } from "node:util";
import { plainContext } from "../backend/music-backend.js";
import { EXPORT_FORMATS, type ExportFormat, generateInputSchema } from "../backend/schemas.js";
import { loadConfig } from "../config.js";
import { ComposerError, toComposerError } from "../errors.js";
import { setLogLevel } from "../log.js";
import { issueSentence } from "../server/results.js";
import { SERVER_VERSION } from "../server/version.js";
import { progressBar } from "./progress.js";

export const HELP = `composer-mcp ${SERVER_VERSION} — original music for videos, podcasts and games

Usage:
  composer-mcp                      serve MCP over stdio (for Claude Desktop, Cursor, any MCP client)
  composer-mcp compose "<brief>" [options]
                                    compose a track with the local engine and print the files
  composer-mcp --help | --version

Compose options:
  --out DIR          output folder (default: COMPOSER_OUTPUT_DIR or ~/Music/composer-mcp)
  --duration S       exact length in seconds
  --bpm N            tempo
  --key "D minor"    key and mode
  --time 3/4         time signature (4/4, 3/4, 6/8, 12/8, 5/4)
  --loop             make it loop seamlessly
  --seed N           random seed (same brief + seed → same music)
  --format LIST      comma-separated: ${EXPORT_FORMATS.join(",")} (default: wav,mp3,mid)
  --stems            also write drums/bass/harmony/melody/fx stems
  --lufs N           loudness target (default -14; podcasts -16; broadcast -23)
  --json             print the result object generate_track returns
  --quiet            no progress bar

Environment: COMPOSER_OUTPUT_DIR, COMPOSER_DATA_DIR, COMPOSER_SOUNDFONT, COMPOSER_FFMPEG, COMPOSER_LOG_LEVEL.
`;

function fail(message: string): number {
  process.stderr.write(`composer-mcp: ${message}\n`);
  return 2;
}

function numberOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new ComposerError("INVALID_ARGUMENT", `--${name} must be a number (got: ${raw}).`);
  return value;
}

export async function runCli(argv: string[]): Promise<number> {
  if (argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  if (argv[0] === "--version" || argv[0] === "-v") {
    process.stdout.write(`${SERVER_VERSION}\n`);
    return 0;
  }
  if (argv[0] !== "compose") return fail(`unknown command '${argv[0]}'. Run 'composer-mcp --help'.`);
  let parsed: ReturnType<typeof parseCompose>;
  try {
    parsed = parseCompose(argv.slice(1));
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  try {
    const prompt = positionals.join(" ").trim();
    if (!prompt) return fail('compose needs a brief, e.g. composer-mcp compose "60 s upbeat pop at 118 BPM".');
    const formats = values.format
      ?.split(",")
      .map((f) => f.trim().toLowerCase())
      .filter(Boolean);
    const unknown = formats?.filter((f) => !(EXPORT_FORMATS as readonly string[]).includes(f)) ?? [];
    if (unknown.length > 0)
      return fail(`unknown format ${unknown.join(", ")}; choose from ${EXPORT_FORMATS.join(", ")}.`);
    const candidate = {
      prompt,
      duration_seconds: numberOption("duration", values.duration),
      bpm: numberOption("bpm", values.bpm),
      key: values.key,
      time_signature: values.time,
      loop: values.loop || undefined,
      seed: numberOption("seed", values.seed),
      lufs: numberOption("lufs", values.lufs),
      formats: formats as ExportFormat[] | undefined,
      stems: values.stems || undefined,
    };
    const checked = generateInputSchema.safeParse(candidate);
    if (!checked.success) return fail(checked.error.issues.map((i) => issueSentence(i, candidate)).join(" "));
    const env = values.out ? { ...process.env, COMPOSER_OUTPUT_DIR: values.out } : process.env;
    const config = loadConfig(env);
    setLogLevel(values.json ? "warn" : config.logLevel);
    // Loaded here so that --help and errors in the arguments answer without loading the engine.
    const { LocalBackend } = await import("../engine/local-backend.js");
    const backend = new LocalBackend(config);
    const bar = progressBar(process.stderr, { enabled: !values.quiet && !values.json });
    const result = await backend.generateTrack(checked.data, plainContext({ report: bar.update }));
    bar.done();
    await backend.close?.();
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      process.stdout.write(`${result.summary}\n\nFiles:\n`);
      for (const f of result.files) process.stdout.write(`  ${f.path}  (${f.kind}, ${f.bytes} bytes)\n`);
    }
    return 0;
  } catch (error) {
    const err = toComposerError(error);
    process.stderr.write(`composer-mcp: ${err.code}: ${err.message} ${err.hint}\n`);
    return 1;
  }
}

function parseCompose(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: "string" },
      duration: { type: "string" },
      bpm: { type: "string" },
      key: { type: "string" },
      time: { type: "string" },
      loop: { type: "boolean" },
      seed: { type: "string" },
      format: { type: "string" },
      stems: { type: "boolean" },
      lufs: { type: "string" },
      json: { type: "boolean" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
