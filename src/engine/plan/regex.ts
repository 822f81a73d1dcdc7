/**
 * Patterns built from lexicon pieces are compiled once: a brief is read in well under a millisecond only if the
 * readers do not recompile their alternations on every call. Callers reset `lastIndex` (BriefText.scan does).
 */
const CACHE = new Map<string, RegExp>();

export function pattern(source: string, flags = ""): RegExp {
  const key = `${flags}/${source}`;
  let re = CACHE.get(key);
  if (!re) {
    re = new RegExp(source, flags);
    CACHE.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}
