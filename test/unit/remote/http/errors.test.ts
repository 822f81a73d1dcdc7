import { describe, expect, it } from "vitest";
import { classify, failureError } from "../../../../src/remote/http/errors.js";

describe("error table", () => {
  it.each([
    [200, 0, undefined],
    [200, undefined, undefined],
    [200, 1001, "auth"],
    [401, undefined, "auth"],
    [200, 1002, "session"],
    [200, 2001, "credits"],
    [402, 2001, "credits"],
    [200, 4001, "format"],
    [200, 4002, "size"],
    [413, undefined, "size"],
    [400, undefined, "client-id"],
    [402, undefined, "export-blocked"],
    [200, 402, "export-blocked"],
    [429, undefined, "rate"],
    [200, 429, "rate"],
    [503, undefined, "server"],
    [404, undefined, "not-found"],
    [418, undefined, "rejected"],
  ])("HTTP %s with body code %s → %s", (status, code, expected) => {
    expect(classify(status, code)).toBe(expected);
  });

  it("gives every failure a stable code and a hint, and scrubs tokens from the service's words", () => {
    const ctx = {
      status: 200,
      code: 1001,
      serviceMessage: "token nmv_usr_abcdef123456 expired (Bearer abc.def)",
      anonymous: true,
      bindId: "c-1",
      webUrl: "https://web.example",
      what: "x",
    };
    const e = failureError("auth", ctx);
    expect(e.code).toBe("AUTH_EXPIRED");
    expect(e.message).not.toContain("nmv_usr_abcdef123456");
    expect(e.message).not.toContain("abc.def");
    const codes = (
      ["session", "credits", "format", "size", "client-id", "export-blocked", "rate", "server"] as const
    ).map((f) => failureError(f, ctx).code);
    expect(codes).toEqual([
      "SESSION_EXPIRED",
      "NO_CREDITS",
      "UNSUPPORTED_FORMAT",
      "FILE_TOO_LARGE",
      "BACKEND_UNAVAILABLE",
      "EXPORT_BLOCKED",
      "RATE_LIMITED",
      "BACKEND_UNAVAILABLE",
    ]);
    expect(failureError("credits", ctx).hint).toContain("https://web.example/register?bind=c-1");
    const gui = failureError("export-blocked", {
      ...ctx,
      code: 402,
      serviceMessage: "Free plan. Click Upgrade to export.",
    });
    expect(gui.message).toContain("Free plan.");
    expect(gui.message).not.toContain("Click");
  });
});
