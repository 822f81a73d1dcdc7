/**
 * The development briefs: ../shared/briefs/examples.json beside the checkout when it is there (CI and
 * developers), else the copy in test/fixtures (a clone on its own).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SHARED = fileURLToPath(new URL("../../../shared/briefs/examples.json", import.meta.url));
const COPY = fileURLToPath(new URL("../fixtures/examples.json", import.meta.url));

export const EXAMPLES_PATH = existsSync(SHARED) ? SHARED : COPY;

export function readExamples<T>(): T {
  return JSON.parse(readFileSync(EXAMPLES_PATH, "utf8")) as T;
}
