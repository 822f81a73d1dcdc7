#!/usr/bin/env node
/**
 * composer-mcp: with no arguments, an MCP server on stdio; `compose …` is the command-line composer.
 */
import { selectBackend } from "./backend/select.js";
import { runCli } from "./cli/main.js";
import { loadConfig } from "./config.js";
import { toComposerError } from "./errors.js";
import { log, redact, setLogLevel } from "./log.js";

/**
 * How long after the server is ready the local engine's render workers start: after the client's handshake
 * (started beside it, on two cores they made the tool list ~60 ms later), well before a first track is asked for.
 */
const RENDER_WORKERS_AFTER_READY_MS = 1000;

/**
 * The render workers load their code ahead of the first track, and rehearse (idle, they end after a few
 * minutes): the server's first track then meets compiled code (~10 % faster than a cold one).
 */
function warmRenderWorkersSoon(): void {
  const timer = setTimeout(async () => {
    const pool = await import("./engine/synthesize/render/pool.js");
    // a track asked for meanwhile started its own
    if (pool.renderWorkersStarted() === 0) pool.warmWorkers(Number.POSITIVE_INFINITY, { rehearse: true });
  }, RENDER_WORKERS_AFTER_READY_MS);
  timer.unref();
}

async function serveStdio(): Promise<void> {
  // the MCP SDK (~16 MB resident) is loaded only to serve: the command line composes without it
  const [{ StdioServerTransport }, { createServer }] = await Promise.all([
    import("@modelcontextprotocol/sdk/server/stdio.js"),
    import("./server/create-server.js"),
  ]);
  const config = loadConfig();
  setLogLevel(config.logLevel);
  redact(process.env.NEMO_TOKEN);
  const { server, cleanup } = createServer(selectBackend(config));
  const transport = new StdioServerTransport();
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await cleanup().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  process.stdin.on("end", shutdown);
  await server.connect(transport);
  log.info("ready on stdio", { backend: config.backend, output: config.outputDir });
  if (config.backend === "local") warmRenderWorkersSoon();
}

const args = process.argv.slice(2);
const main = args.length === 0 ? serveStdio() : runCli(args).then((code) => process.exit(code));
main.catch((error: unknown) => {
  const err = toComposerError(error);
  process.stderr.write(`composer-mcp: ${err.message} ${err.hint}\n`);
  process.exit(1);
});
