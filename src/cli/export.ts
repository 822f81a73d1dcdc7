/** `composer-mcp export <session_id> [options]`: export_track with the local engine. */
import { exportInputSchema } from "../backend/schemas.js";
import { toComposerError } from "../errors.js";
import { fail, HELP } from "./main.js";
import { checked, formatsOption, numberOption, parseCommand, withBackend } from "./shared.js";

export async function runExport(args: string[]): Promise<number> {
  let input: ReturnType<typeof exportInputSchema.parse>;
  let values: ReturnType<typeof parse>["values"];
  try {
    const parsed = parse(args);
    values = parsed.values;
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    if (parsed.positionals.length !== 1) {
      return fail("export needs one session id, e.g. composer-mcp export s_1a2b3c --format mp3,flac.");
    }
    input = checked(exportInputSchema, {
      session_id: parsed.positionals[0],
      version: numberOption("version", values.version),
      formats: formatsOption(values.format),
      stems: values.stems || undefined,
      lufs: numberOption("lufs", values.lufs),
      sample_rate: numberOption("rate", values.rate),
      bit_depth: numberOption("bits", values.bits),
      reference_id: values.reference,
      bgm_volume: numberOption("bgm-volume", values["bgm-volume"]),
    });
  } catch (error) {
    return fail(toComposerError(error).message);
  }
  // (an export renders again only for stems, or where the stored pre-master mix was pruned)
  const options = {
    out: values.out,
    json: values.json ?? false,
    quiet: values.quiet ?? false,
    renders: input.stems === true ? {} : (false as const),
  };
  return withBackend(options, (backend, ctx) => backend.exportTrack(input, ctx));
}

function parse(args: string[]) {
  return parseCommand(args, {
    out: { type: "string" },
    version: { type: "string" },
    format: { type: "string" },
    stems: { type: "boolean" },
    lufs: { type: "string" },
    rate: { type: "string" },
    bits: { type: "string" },
    reference: { type: "string" },
    "bgm-volume": { type: "string" },
    json: { type: "boolean" },
    quiet: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
}
