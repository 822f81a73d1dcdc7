import { exportInputShape, exportOutputShape } from "../backend/schemas.js";
import { longToolResult, type RegisterTool } from "../server/tool-runner.js";

export const EXPORT_TRACK = {
  name: "export_track",
  title: "Export a track",
  description:
    "Write a session's track (latest version, or `version`) as files: wav, mp3, flac, ogg, m4a, aac, mid, or mp4 (the music laid under an uploaded video). Options: stems (drums, bass, harmony, melody, fx), a loudness target, sample rate, bit depth, out_dir (relative paths resolve against the output folder). Never overwrites a file: names get a suffix.",
  inputSchema: exportInputShape,
  outputSchema: exportOutputShape,
  annotations: {
    title: "Export a track",
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: false,
  },
} as const;

export const registerExportTrack: RegisterTool = (server, deps) => {
  const { name, inputSchema, outputSchema, annotations, title, description } = EXPORT_TRACK;
  server.registerTool(name, { title, description, inputSchema, outputSchema, annotations }, (args, extra) =>
    longToolResult(extra, deps, { tool: name, waitSeconds: args.wait_seconds, sessionId: args.session_id }, (ctx) =>
      deps.backend.exportTrack(args, ctx),
    ),
  );
};
