/**
 * createServer(backend) → { server, cleanup }: the five tools over one backend.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { MusicBackend } from "../backend/music-backend.js";
import { ComposerError } from "../errors.js";
import { REGISTER_TOOLS, TOOLS } from "../tools/index.js";
import { JobRegistry } from "./jobs.js";
import { issueSentence } from "./results.js";
import { SERVER_VERSION } from "./version.js";

export interface CreatedServer {
  server: McpServer;
  jobs: JobRegistry;
  cleanup(): Promise<void>;
}

const INPUT_SCHEMAS = new Map<string, z.ZodTypeAny>(TOOLS.map((t) => [t.name, z.object(t.inputSchema)]));

export function createServer(backend: MusicBackend): CreatedServer {
  const server = new McpServer(
    { name: "composer-mcp", title: "Composer", version: SERVER_VERSION },
    {
      capabilities: { tools: {}, logging: {} },
      instructions:
        "Compose original music for videos, podcasts and games. Call generate_track with the person's brief (any language); refine by calling it again with the same session_id and the person's words ('slightly slower', 'more bass'). upload_reference fits the music to a video, audio track or image; export_track writes more formats, stems, MIDI or an mp4; get_state shows the timeline and finishes long jobs.",
    },
  );
  useSentenceValidation(server);
  const jobs = new JobRegistry();
  const deps = {
    backend,
    jobs,
    clientName: () => server.server.getClientVersion()?.name,
  };
  for (const register of REGISTER_TOOLS) register(server, deps);
  return {
    server,
    jobs,
    async cleanup() {
      jobs.cancelAll();
      await backend.close?.();
      await server.close();
    },
  };
}

/**
 * The SDK reports argument errors as zod's raw issue list. People (and assistants) read a sentence better,
 * so arguments are checked here first and every problem is named by its field.
 */
function useSentenceValidation(server: McpServer): void {
  const internals = server as unknown as { validateToolInput?: unknown };
  if (typeof internals.validateToolInput !== "function") return;
  internals.validateToolInput = async (_tool: unknown, args: unknown, toolName: string) => {
    const schema = INPUT_SCHEMAS.get(toolName);
    if (!schema) return args;
    const parsed = schema.safeParse(args ?? {});
    if (parsed.success) return parsed.data;
    const sentences = parsed.error.issues.slice(0, 5).map((issue) => issueSentence(issue, args));
    const err = new ComposerError("INVALID_ARGUMENT", sentences.join(" "));
    throw new Error(`${err.code}: ${err.message} ${err.hint}`);
  };
}
