import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClientIdStore, clientIdPath } from "../../../../src/remote/auth/client-id.js";

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "nemo-home-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe("client id", () => {
  it("creates a UUID once with private permissions and reuses it", () => {
    const id = new ClientIdStore(home, undefined).get();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const path = clientIdPath(home);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
    expect(new ClientIdStore(home, undefined).get()).toBe(id);
    expect(readFileSync(path, "utf8").trim()).toBe(id);
  });

  it("keeps an id written by another tool and prefers NEMO_CLIENT_ID", () => {
    mkdirSync(dirname(clientIdPath(home)), { recursive: true });
    writeFileSync(clientIdPath(home), "their-own-client-42\n");
    expect(new ClientIdStore(home, undefined).get()).toBe("their-own-client-42");
    expect(new ClientIdStore(home, "from-env-client").get()).toBe("from-env-client");
  });

  it("replaces an empty or unusable file", () => {
    mkdirSync(dirname(clientIdPath(home)), { recursive: true });
    writeFileSync(clientIdPath(home), "\n");
    const id = new ClientIdStore(home, undefined).get();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(readFileSync(clientIdPath(home), "utf8").trim()).toBe(id);
  });
});
