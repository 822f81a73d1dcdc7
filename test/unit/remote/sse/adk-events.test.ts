import { describe, expect, it } from "vitest";
import { interpret, TextAssembler } from "../../../../src/remote/sse/adk-events.js";

const web = "https://web.example";
const ev = (event: Record<string, unknown>) => ({ data: JSON.stringify(event) });

describe("ADK events", () => {
  it("treats every heartbeat form as a heartbeat", () => {
    expect(interpret({ data: "" }, web).kind).toBe("heartbeat");
    expect(interpret({ data: "   " }, web).kind).toBe("heartbeat");
    expect(interpret({ event: "heartbeat", data: "{}" }, web).kind).toBe("heartbeat");
    expect(interpret({ data: '{"type":"heartbeat"}' }, web).kind).toBe("heartbeat");
    expect(interpret({ data: "not json" }, web).kind).toBe("heartbeat");
  });

  it("keeps function calls and responses internal and skips thoughts", () => {
    const call = interpret(
      ev({ content: { parts: [{ functionCall: { name: "gen" } }, { text: "secret", thought: true }] } }),
      web,
    );
    expect(call).toEqual({ kind: "event", partialText: "", finalText: "", toolActivity: true });
    const resp = interpret(ev({ content: { parts: [{ function_response: { name: "gen" } }] } }), web);
    expect(resp.kind === "event" && resp.toolActivity).toBe(true);
  });

  it("maps agent errors and table codes inside the stream", () => {
    const adk = interpret(ev({ errorCode: "MODEL_ERROR", errorMessage: "overloaded" }), web);
    expect(adk.kind === "error" && adk.error.code).toBe("BACKEND_UNAVAILABLE");
    const credits = interpret(ev({ code: 2001, msg: "no credits" }), web);
    expect(credits.kind === "error" && credits.error.code).toBe("NO_CREDITS");
  });

  it("assembles partial chunks, and lets the final event replace them", () => {
    const a = new TextAssembler();
    for (const e of [
      { partial: true, content: { parts: [{ text: "Hel" }] } },
      { partial: true, content: { parts: [{ text: "lo" }] } },
      { content: { parts: [{ text: "Hello there." }] } },
      { partial: true, content: { parts: [{ text: "And " }] } },
      { partial: true, content: { parts: [{ text: "more" }] } },
    ]) {
      const item = interpret(ev(e), web);
      if (item.kind === "event") a.add(item);
    }
    expect(a.text()).toBe("Hello there.\n\nAnd more");
  });
});
