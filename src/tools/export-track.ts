import { type ExportResult, exportInputShape, exportOutputShape } from "../backend/schemas.js";
import { toolResult } from "../server/results.js";
import { asLongJob, guarded, type RegisterTool, runningSummary } from "../server/tool-runner.js";

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
    guarded(async () => {
      const outcome = await asLongJob(
        extra,
        deps,
        { tool: name, waitSeconds: args.wait_seconds, sessionId: args.session_id },
        (ctx) => deps.backend.exportTrack(args, ctx),
      );
      if (outcome.state === "running") {
        const running: ExportResult = {
          session_id: outcome.sessionId,
          status: "running",
          files: [],
          summary: runningSummary(name, outcome.sessionId, outcome.job),
          progress: {
            progress: outcome.job.progress,
            ...(outcome.job.message ? { message: outcome.job.message } : {}),
          },
        };
        return toolResult(running);
      }
      return toolResult(outcome.result);
    }),
  );
};
