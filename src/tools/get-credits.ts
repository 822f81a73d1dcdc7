import { creditsInputShape, creditsOutputShape } from "../backend/schemas.js";
import { toolResult } from "../server/results.js";
import { directContext, guarded, type RegisterTool } from "../server/tool-runner.js";

export const GET_CREDITS = {
  name: "get_credits",
  title: "Credits",
  description:
    "How many generations are left: for the hosted backend, credits available, frozen and total; the local composer is unlimited and reports what it has made so far.",
  inputSchema: creditsInputShape,
  outputSchema: creditsOutputShape,
  annotations: {
    title: "Credits",
    readOnlyHint: true,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
} as const;

export const registerGetCredits: RegisterTool = (server, deps) => {
  const { name, inputSchema, outputSchema, annotations, title, description } = GET_CREDITS;
  server.registerTool(name, { title, description, inputSchema, outputSchema, annotations }, (_args, extra) =>
    guarded(async () => toolResult(await deps.backend.getCredits(directContext(extra, deps)))),
  );
};
