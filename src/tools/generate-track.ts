import { generateInputShape, generateOutputShape } from "../backend/schemas.js";
import { longToolResult, type RegisterTool } from "../server/tool-runner.js";

export const GENERATE_TRACK = {
  name: "generate_track",
  title: "Compose a track",
  description:
    "Compose an original music track from a brief in plain language (English or Chinese): genre, mood, length, tempo, key, instruments, loop, hit points ('drop at 0:30'). Pass session_id to refine the latest version of an earlier track ('slightly slower', 'more bass', 'remove the drums'). Explicit arguments win over the prompt. Returns the files (WAV, MP3, MIDI by default), sections and what was understood. Long renders return status 'running'; then call get_state.",
  inputSchema: generateInputShape,
  outputSchema: generateOutputShape,
  annotations: {
    title: "Compose a track",
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
} as const;

export const registerGenerateTrack: RegisterTool = (server, deps) => {
  const { name, inputSchema, outputSchema, annotations, title, description } = GENERATE_TRACK;
  server.registerTool(name, { title, description, inputSchema, outputSchema, annotations }, (args, extra) =>
    longToolResult(extra, deps, { tool: name, waitSeconds: args.wait_seconds, sessionId: args.session_id }, (ctx) =>
      deps.backend.generateTrack(args, ctx),
    ),
  );
};
