/** Word lists are written as "a|b|c" so the tables stay one line per entry; this splits them. */
export function words(list: string): string[] {
  return list.split("|");
}
