/** The hosted NemoVideo music agent behind the MusicBackend seam. */

import type { CallContext, MusicBackend } from "../backend/music-backend.js";
import type {
  CreditsResult,
  ExportInput,
  ExportResult,
  GenerateInput,
  GenerateResult,
  StateInput,
  StateResult,
  UploadInput,
  UploadResult,
} from "../backend/schemas.js";
import type { Config } from "../config.js";
import { ComposerError } from "../errors.js";

function notYet(): never {
  throw new ComposerError("NOT_AVAILABLE_YET", "The NemoVideo backend is not built into this version yet.", {
    hint: "Unset COMPOSER_BACKEND to use the offline composer.",
  });
}

export class NemoVideoBackend implements MusicBackend {
  readonly name = "nemovideo" as const;
  constructor(
    readonly config: Config,
    readonly env: NodeJS.ProcessEnv,
  ) {}
  async generateTrack(_input: GenerateInput, _ctx: CallContext): Promise<GenerateResult> {
    notYet();
  }
  async uploadReference(_input: UploadInput, _ctx: CallContext): Promise<UploadResult> {
    notYet();
  }
  async getCredits(_ctx: CallContext): Promise<CreditsResult> {
    notYet();
  }
  async getState(_input: StateInput, _ctx: CallContext): Promise<StateResult> {
    notYet();
  }
  async exportTrack(_input: ExportInput, _ctx: CallContext): Promise<ExportResult> {
    notYet();
  }
}
