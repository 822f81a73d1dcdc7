/**
 * The command line: `composer-mcp compose "<brief>"` and `composer-mcp export <session>`. Both call the same
 * backend code as the tools. Errors: one line on stderr and a non-zero exit.
 */
import { EXPORT_FORMATS } from "../backend/schemas.js";
import { SERVER_VERSION } from "../server/version.js";
import { runCompose } from "./compose.js";
import { runExport } from "./export.js";

export const HELP = `composer-mcp ${SERVER_VERSION} — original music for videos, podcasts and games

Usage:
  composer-mcp                      serve MCP over stdio (for Claude Desktop, Cursor, any MCP client)
  composer-mcp compose "<brief>" [options]
                                    compose a track with the local engine and print the files
  composer-mcp compose "<edit>" --session ID
                                    refine that session's latest version ("slightly slower", "去掉鼓")
  composer-mcp export ID [options]  write a session's track again: other formats, stems, loudness
  composer-mcp --help | --version

Compose options:
  --out DIR          output folder (default: COMPOSER_OUTPUT_DIR or ~/Music/composer-mcp)
  --session ID       refine the latest version of this session
  --duration S       exact length in seconds
  --bpm N            tempo
  --key "D minor"    key and mode
  --time 3/4         time signature (4/4, 3/4, 6/8, 12/8, 5/4)
  --loop             make it loop seamlessly
  --seed N           random seed (same brief + seed → same music)
  --format LIST      comma-separated: ${EXPORT_FORMATS.join(",")} (default: wav,mp3,mid)
  --stems            also write drums/bass/harmony/melody/fx stems
  --lufs N           loudness target (default -14; podcasts -16; broadcast -23)
  --json             print the result object the MCP tool returns
  --quiet            no progress bar

Export options:
  --version N        which version (default: the latest)
  --format LIST      as above (default: wav); mp4 needs --reference with an uploaded video
  --stems, --lufs N, --out DIR, --json, --quiet
  --rate 44100|48000 sample rate
  --bits 16|24|32    WAV bit depth (32 = float)

Environment: COMPOSER_OUTPUT_DIR, COMPOSER_DATA_DIR, COMPOSER_SOUNDFONT, COMPOSER_FFMPEG, COMPOSER_LOG_LEVEL.
`;

export async function runCli(argv: string[]): Promise<number> {
  // `compose … | head`: once the reader has gone, what is left to print is nobody's; the files are written.
  // Exit as a command line tool does, quietly, not with an unhandled EPIPE.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === "--version" || command === "-v") {
    process.stdout.write(`${SERVER_VERSION}\n`);
    return 0;
  }
  if (command === "compose") return runCompose(rest);
  if (command === "export") return runExport(rest);
  return fail(`unknown command '${command}'. Run 'composer-mcp --help'.`);
}

export function fail(message: string): number {
  process.stderr.write(`composer-mcp: ${message}\n`);
  return 2;
}
