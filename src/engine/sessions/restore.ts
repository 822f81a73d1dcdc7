/**
 * "go back to version 2", "revert to v2", "restore version 2", "回到第2版", "回到第二个版本": the prompt names an
 * earlier version whose plan becomes the base of the new one. What is left of the prompt (if anything) is
 * applied to that plan as a follow-up edit.
 */

const CN_DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};

function chineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (text === "十") return 10;
  const tens = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/.exec(text);
  if (tens) return (tens[1] ? (CN_DIGITS[tens[1]] ?? 1) : 1) * 10 + (tens[2] ? (CN_DIGITS[tens[2]] ?? 0) : 0);
  if (text.length === 1) return CN_DIGITS[text];
  return undefined;
}

const PATTERNS: RegExp[] = [
  /\b(?:go(?:ing)?\s+back|back|revert(?:ing)?|return(?:ing)?|roll(?:ing)?\s+back|restore|use|switch(?:ing)?\s+back)\s+(?:to\s+)?(?:the\s+)?(?:version|ver\.?|v)\s*#?\s*(\d{1,4})(?:\s+again)?\b/i,
  /(?:回到|回退到|退回到?|恢复到?|还原到?|用回|改回|换回)\s*(?:第\s*)?([0-9一二两三四五六七八九十]{1,3})\s*(?:个)?\s*(?:版本?|稿)/,
  /(?:回到|回退到|退回到?|恢复到?|还原到?|用回|改回|换回)\s*(?:版本|v)\s*([0-9]{1,4})/i,
];

export interface RestoreRequest {
  version: number;
  /** The prompt without the restore phrase, trimmed of joining words and punctuation ("" when nothing else). */
  rest: string;
}

export function parseRestore(prompt: string): RestoreRequest | undefined {
  for (const pattern of PATTERNS) {
    const match = pattern.exec(prompt);
    const raw = match?.[1];
    if (!match || raw === undefined) continue;
    const version = chineseNumber(raw);
    if (version === undefined || version < 1) continue;
    const rest = `${prompt.slice(0, match.index)} ${prompt.slice(match.index + match[0].length)}`
      .replace(/^[\s,.;:!?，。；：！？、]*(?:and|then|but|please|并且|然后|再|并)?[\s,.;:!?，。；：！？、]*/i, "")
      .replace(/^(?:please|let'?s|can you|could you|请)\s*[\s,.;:!?，。；：！？、]*$/i, "")
      .replace(/[\s,.;:!?，。；：！？、]+$/u, "")
      .trim();
    return { version, rest: /^(?:please|let'?s|can you|could you|请|ok|okay)$/i.test(rest) ? "" : rest };
  }
  return undefined;
}
