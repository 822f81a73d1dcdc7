import { uploadInputShape, uploadOutputShape } from "../backend/schemas.js";
import { ComposerError } from "../errors.js";
import { toolResult } from "../server/results.js";
import { directContext, guarded, type RegisterTool } from "../server/tool-runner.js";

export const UPLOAD_REFERENCE = {
  name: "upload_reference",
  title: "Upload a reference",
  description:
    "Attach a video, audio track or image the music should fit: a local `path` or an http(s) `url`. Video: the music is composed to its length with changes on its cuts, and export_track can return an mp4 with the music under it. Audio: the new piece takes its tempo, key, energy and loudness. Image: its mood colours the music. Supported: mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac.",
  inputSchema: uploadInputShape,
  outputSchema: uploadOutputShape,
  annotations: {
    title: "Upload a reference",
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: false,
    openWorldHint: true,
  },
} as const;

export const registerUploadReference: RegisterTool = (server, deps) => {
  const { name, inputSchema, outputSchema, annotations, title, description } = UPLOAD_REFERENCE;
  server.registerTool(name, { title, description, inputSchema, outputSchema, annotations }, (args, extra) =>
    guarded(async () => {
      if ((args.path === undefined) === (args.url === undefined)) {
        throw new ComposerError("INVALID_ARGUMENT", "Give exactly one of `path` or `url`.", {
          hint: "Pass `path` with an absolute path to a local file, or `url` with an http(s) address.",
        });
      }
      return toolResult(await deps.backend.uploadReference(args, directContext(extra, deps)));
    }),
  );
};
