import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { MusicBackend } from "../../src/backend/music-backend.js";
import { createServer } from "../../src/server/create-server.js";

export type ToolResult = {
  isError?: boolean;
  content: { type: string; text?: string; data?: string; uri?: string }[];
  structuredContent?: Record<string, unknown>;
};

/** A server over an in-memory transport, with a connected SDK client. */
export async function connectInMemory(backend: MusicBackend) {
  const created = createServer(backend);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await created.server.connect(serverSide);
  const client = new Client({ name: "composer-test", version: "1.0.0" });
  await client.connect(clientSide);
  return {
    client,
    call: async (name: string, args: Record<string, unknown>) =>
      (await client.callTool({ name, arguments: args })) as ToolResult,
    close: async () => {
      await client.close();
      await created.cleanup();
    },
  };
}
