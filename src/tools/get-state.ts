import { type StateResult, stateInputShape, stateOutputShape } from "../backend/schemas.js";
import { isComposerError } from "../errors.js";
import { toolResult } from "../server/results.js";
import { directContext, guarded, type RegisterTool } from "../server/tool-runner.js";

export const GET_STATE = {
  name: "get_state",
  title: "Session state",
  description:
    "The state of a session: its timeline ('Timeline (2 tracks): 1. Video … 2. BGM …'), sections with times, versions, references, files, pictures of the waveform and arrangement, and the progress or result of a job that returned status 'running'.",
  inputSchema: stateInputShape,
  outputSchema: stateOutputShape,
  annotations: {
    title: "Session state",
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
} as const;

export const registerGetState: RegisterTool = (server, deps) => {
  const { name, inputSchema, outputSchema, annotations, title, description } = GET_STATE;
  server.registerTool(name, { title, description, inputSchema, outputSchema, annotations }, (args, extra) =>
    guarded(async () => {
      const jobs = deps.jobs.forSession(args.session_id);
      let state: StateResult;
      try {
        state = await deps.backend.getState(args, directContext(extra, deps));
      } catch (error) {
        // A job may be running for a session the backend has not written down yet.
        const sessionUnwritten =
          isComposerError(error) && error.code === "NOT_FOUND" && error.details?.missing !== "version";
        if (!(sessionUnwritten && jobs.length > 0)) throw error;
        state = {
          session_id: args.session_id,
          status: "empty",
          timeline_summary: "Timeline (0 tracks): empty",
          draft: { t: [] },
          versions: [],
          references: [],
          files: [],
          summary: "",
        };
      }
      if (jobs.length === 0) return toolResult(state);
      const latest = jobs[0];
      const lines = jobs.map((j) => {
        const what = j.tool === "export_track" ? "Export" : "Generation";
        if (j.status === "running")
          return `${what} running: ${Math.round(j.progress * 100)}%${j.message ? ` (${j.message})` : ""}.`;
        if (j.status === "failed") return `${what} failed: ${j.error ?? "unknown error"}`;
        return `${what} finished.`;
      });
      const merged: StateResult = {
        ...state,
        status:
          latest?.status === "running"
            ? "running"
            : latest?.status === "failed" && state.status === "empty"
              ? "failed"
              : state.status,
        jobs,
        summary: [lines.join(" "), state.summary].filter(Boolean).join("\n"),
      };
      return toolResult(merged);
    }),
  );
};
