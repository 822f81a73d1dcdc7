/**
 * The access token: NEMO_TOKEN as given, else an anonymous token from POST /api/auth/anonymous-token.
 * Held in memory only. Concurrent callers share one bootstrap; a renewal replaces only the token that failed,
 * so two requests refused at once cost one new token.
 */
export type FetchToken = (signal: AbortSignal, platform: string) => Promise<string>;

export class TokenKeeper {
  private token: string | undefined;
  private pending: Promise<string> | undefined;
  /** Tokens we fetched are anonymous; NEMO_TOKEN is taken to be a registered account's. */
  private fetched = false;

  constructor(
    fixed: string | undefined,
    private readonly fetchToken: FetchToken,
  ) {
    this.token = fixed;
  }

  get anonymous(): boolean {
    return this.fetched;
  }

  async current(signal: AbortSignal, platform: string): Promise<string> {
    if (this.token) return this.token;
    return this.bootstrap(signal, platform);
  }

  /** The service refused `stale`: fetch a new token unless someone already did. */
  async renew(stale: string, signal: AbortSignal, platform: string): Promise<string> {
    if (this.token && this.token !== stale) return this.token;
    this.token = undefined;
    return this.bootstrap(signal, platform);
  }

  private bootstrap(signal: AbortSignal, platform: string): Promise<string> {
    this.pending ??= this.fetchToken(signal, platform).then(
      (token) => {
        this.token = token;
        this.fetched = true;
        this.pending = undefined;
        return token;
      },
      (error: unknown) => {
        this.pending = undefined;
        throw error;
      },
    );
    return this.pending;
  }
}
