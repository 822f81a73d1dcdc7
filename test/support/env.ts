import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TempEnv {
  root: string;
  env: NodeJS.ProcessEnv;
  cleanup(): void;
}

/** A temp HOME, output dir and data dir, so tests never touch the real ones. */
export function tempEnv(extra: NodeJS.ProcessEnv = {}): TempEnv {
  const root = mkdtempSync(join(tmpdir(), "composer-test-"));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: join(root, "home"),
    COMPOSER_OUTPUT_DIR: join(root, "out"),
    COMPOSER_DATA_DIR: join(root, "data"),
    COMPOSER_LOG_LEVEL: "warn",
    ...extra,
  };
  return { root, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
