/**
 * What the agent's GUI instructions turn into: reading state or credits is done on the spot; an export
 * or a further edit is offered as the tool call to make next (both take time, an edit costs credits).
 * The service keeps the music on its side, so a timeline with something on it always gets the export
 * offer: that is how the person gets a file.
 */
import type { CallContext } from "../../backend/music-backend.js";
import type { RemoteSession } from "../sessions.js";
import type { GuiAction } from "../translate/gui.js";
import type { NemoContext } from "./context.js";
import { readCredits } from "./credits.js";

export async function followUps(
  nc: NemoContext,
  ctx: CallContext,
  session: RemoteSession,
  actions: GuiAction[],
  platform: string,
  exportable: boolean,
): Promise<string[]> {
  const lines: string[] = [];
  const wanted: GuiAction[] = exportable && !actions.includes("export") ? [...actions, "export"] : actions;
  for (const action of wanted) {
    switch (action) {
      case "credits": {
        const credits = await readCredits(nc, ctx.signal, platform).catch(() => undefined);
        if (credits) lines.push(credits.summary);
        break;
      }
      case "export":
        lines.push(`To get the file, call export_track with session_id "${session.id}".`);
        break;
      case "edit":
        lines.push(
          `To change the arrangement, call generate_track with session_id "${session.id}" and the change in words.`,
        );
        break;
      // "state", "timeline" and "execute": the timeline line already shows the result.
      default:
        break;
    }
  }
  return lines;
}
