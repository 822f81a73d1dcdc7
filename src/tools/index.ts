import type { RegisterTool } from "../server/tool-runner.js";
import { EXPORT_TRACK, registerExportTrack } from "./export-track.js";
import { GENERATE_TRACK, registerGenerateTrack } from "./generate-track.js";
import { GET_CREDITS, registerGetCredits } from "./get-credits.js";
import { GET_STATE, registerGetState } from "./get-state.js";
import { registerUploadReference, UPLOAD_REFERENCE } from "./upload-reference.js";

/** The five tools, in the order a client lists them. */
export const TOOLS = [GENERATE_TRACK, UPLOAD_REFERENCE, GET_CREDITS, GET_STATE, EXPORT_TRACK] as const;

export const REGISTER_TOOLS: readonly RegisterTool[] = [
  registerGenerateTrack,
  registerUploadReference,
  registerGetCredits,
  registerGetState,
  registerExportTrack,
];
