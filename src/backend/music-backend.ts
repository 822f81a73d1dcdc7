/**
 * The seam between the MCP surface and whoever makes the music. Both backends implement it; the tools
 * see nothing else. Methods throw `ComposerError`; the tools turn that into `isError` results.
 */
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
} from "./schemas.js";

export type BackendName = "local" | "nemovideo";

export interface Progress {
  /** 0..1 */
  progress: number;
  message?: string;
}

/** What a backend gets with every call. */
export interface CallContext {
  /** Aborted when the caller cancels; long jobs that outlive their call get their own signal. */
  signal: AbortSignal;
  /** Report progress; cheap to call often (the server throttles). */
  report(progress: Progress): void;
  /**
   * Tell the server which session a long job belongs to, as soon as it is known, so that a call that
   * returns `status: "running"` can name it and `get_state` can report the job.
   */
  bindSession(sessionId: string): void;
  /** `clientInfo.name` from the MCP initialize handshake, when there is one. */
  clientName?: string | undefined;
}

export interface MusicBackend {
  readonly name: BackendName;
  generateTrack(input: GenerateInput, ctx: CallContext): Promise<GenerateResult>;
  uploadReference(input: UploadInput, ctx: CallContext): Promise<UploadResult>;
  getCredits(ctx: CallContext): Promise<CreditsResult>;
  getState(input: StateInput, ctx: CallContext): Promise<StateResult>;
  exportTrack(input: ExportInput, ctx: CallContext): Promise<ExportResult>;
  /** Release timers, sockets and workers. */
  close?(): Promise<void>;
}

/** A context for calls made outside MCP (the CLI, tests). */
export function plainContext(overrides: Partial<CallContext> = {}): CallContext {
  return {
    signal: overrides.signal ?? new AbortController().signal,
    report: overrides.report ?? (() => {}),
    bindSession: overrides.bindSession ?? (() => {}),
    clientName: overrides.clientName,
  };
}
