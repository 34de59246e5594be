// The lists admins type by hand (licence list, access lists): sip names or numbers separated by
// commas, semicolons or line breaks. Parsed here so the form can point at the one bad entry before
// anything is sent, with the same limits the service enforces (≤ 128 characters per entry).
export type NameListResult = { ok: true; names: string[] } | { ok: false; bad: string };

const ENTRY = /^[^\s,;]{1,128}$/;

export function parseNameList(text: string, maxItems: number): NameListResult {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const line of text.split(/[\n,;]+/)) {
    const name = line.trim();
    if (name === '') continue;
    if (!ENTRY.test(name)) return { ok: false, bad: name.length > 40 ? `${name.slice(0, 40)}…` : name };
    if (seen.has(name)) continue;
    seen.add(name);
    names.push(name);
    if (names.length > maxItems) return { ok: false, bad: name };
  }
  return { ok: true, names };
}

/** The text the form shows for a stored list: one entry per line. */
export function formatNameList(names: readonly string[]): string {
  return names.join('\n');
}
