/**
 * The agent writes as if the person sat in front of an editor ("click Export", "打开素材面板"). There is no
 * editor here: sentences that tell someone to operate one are removed, what they describe is kept, and
 * each removed instruction becomes an action — done for them (state, credits) or offered as the tool
 * to call next (export, edits).
 *
 * | says (EN / ZH)                         | action     |
 * |----------------------------------------|------------|
 * | "Export button", click Export / 导出    | export     |
 * | "check account/billing" / 查看账户余额   | credits    |
 * | "preview in timeline" / 在时间线预览     | timeline   |
 * | "drag/drop" / 拖拽                      | edit       |
 * | "open [panel]" / 打开                   | state      |
 * | "click [button]" / 点击                 | execute    |
 */
export type GuiAction = "export" | "credits" | "timeline" | "edit" | "state" | "execute";

interface Rule {
  action: GuiAction;
  patterns: RegExp[];
}

/** First rule that matches a sentence decides its action; the order puts specific before generic. */
const RULES: Rule[] = [
  {
    action: "export",
    patterns: [
      /\bexport\s+(button|tab|panel|menu|icon|option)\b/i,
      /\b(click|tap|press|hit|select)\b[^.!?\n]{0,40}\bexport\b/i,
      /(点击|单击|按下|使用)?[^。！？\n]{0,10}导出/,
    ],
  },
  {
    action: "credits",
    patterns: [
      /\b(check|open|visit|go to|see)\b[^.!?\n]{0,30}\b(account|billing|credits?|subscription|(credit|account) balance)\b/i,
      /(查看|检查|前往|打开)[^。！？\n]{0,10}(账户|账号|余额|积分|账单|订阅)/,
    ],
  },
  {
    action: "timeline",
    patterns: [
      /\bpreview\b[^.!?\n]{0,40}\btimeline\b/i,
      /\btimeline\b[^.!?\n]{0,20}\bpreview\b/i,
      /(时间线|时间轴)[^。！？\n]{0,10}预览|预览[^。！？\n]{0,10}(时间线|时间轴)/,
    ],
  },
  {
    action: "edit",
    // "drop" alone is music ("the drop at 0:30"); only dropping something onto the editor is GUI talk.
    patterns: [
      /\bdrag(ging)?\b/i,
      /\bdrop(ping)?\b[^.!?\n]{0,30}\b(onto|into) (the )?(timeline|track|canvas|editor)\b/i,
      /拖拽|拖动|拖入|拖到|拖放/,
    ],
  },
  {
    action: "state",
    patterns: [
      /\bopen\b[^.!?\n]{0,30}\b(panel|tab|menu|window|sidebar|editor|library|timeline|view|settings)\b/i,
      /打开/,
    ],
  },
  {
    action: "execute",
    // A "click track" is a metronome, not a button.
    patterns: [
      /\bclick(ing)?\b(?!\s*tracks?\b)/i,
      /\b(tap|press)\b[^.!?\n]{0,30}\b(button|icon|tab)\b/i,
      /\bbutton\b/i,
      /点击|单击|按下|按钮/,
    ],
  },
];

/** Anything that reads as an instruction to operate an editor; used to check our own answers too. */
export const GUI_PHRASE =
  /\bclick(ing)?\b(?!\s*tracks?\b)|\b(drag|button|panel|sidebar)\b|\bpreview\b[^.!?\n]{0,40}\btimeline\b|\bopen the\b|点击|单击|打开|拖拽|拖动|按钮|面板|导出按钮/i;

export interface Translation {
  /** The agent's words without the GUI instructions. */
  text: string;
  /** Actions in the order they appeared, without repeats. */
  actions: GuiAction[];
  /** The sentences taken out (for logs, never for the person). */
  removed: string[];
}

function actionOf(sentence: string): GuiAction | undefined {
  return RULES.find((rule) => rule.patterns.some((p) => p.test(sentence)))?.action;
}

/** Sentences end at . ! ? and their full-width forms, keeping the mark with its sentence. */
function sentences(line: string): string[] {
  return (
    line
      .match(/[^.!?。！？]+(?:[.!?。！？]+|$)/g)
      ?.map((s) => s.trim())
      .filter(Boolean) ?? []
  );
}

export function translateGui(text: string): Translation {
  const actions: GuiAction[] = [];
  const removed: string[] = [];
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const kept: string[] = [];
    for (const sentence of sentences(line)) {
      const action = actionOf(sentence);
      if (action === undefined) kept.push(sentence);
      else {
        removed.push(sentence);
        if (!actions.includes(action)) actions.push(action);
      }
    }
    // A line that held only GUI talk goes entirely; blank lines of the original stay.
    if (kept.length > 0 || line.trim() === "") lines.push(kept.join(/[\u3000-\u9fff]/.test(line) ? "" : " "));
  }
  const cleaned = lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { text: cleaned, actions, removed };
}
