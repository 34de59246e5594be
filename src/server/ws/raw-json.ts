/**
 * Finds the exact source text of a top-level property's value in a JSON object text.
 * Needed because the login digest covers `info` as the PBX serialised it; re-serialising a
 * parsed object can reorder integer-like keys or change number spelling (reference §1.4).
 * Returns undefined when the text is not an object or the key is absent. Bounded: one pass.
 */
export function rawTopLevelValue(text: string, key: string): string | undefined {
  let i = skipWs(text, 0);
  if (text[i] !== '{') return undefined;
  i++;
  for (;;) {
    i = skipWs(text, i);
    if (text[i] === '}') return undefined;
    if (text[i] !== '"') return undefined;
    const keyEnd = skipString(text, i);
    if (keyEnd < 0) return undefined;
    let name: string;
    try {
      name = JSON.parse(text.slice(i, keyEnd)) as string;
    } catch {
      return undefined;
    }
    i = skipWs(text, keyEnd);
    if (text[i] !== ':') return undefined;
    i = skipWs(text, i + 1);
    const valEnd = skipValue(text, i);
    if (valEnd < 0) return undefined;
    if (name === key) return text.slice(i, valEnd);
    i = skipWs(text, valEnd);
    if (text[i] === ',') { i++; continue; }
    return undefined;
  }
}

function skipWs(t: string, i: number): number {
  while (i < t.length && (t[i] === ' ' || t[i] === '\n' || t[i] === '\r' || t[i] === '\t')) i++;
  return i;
}

function skipString(t: string, i: number): number {
  i++;
  while (i < t.length) {
    const c = t[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  return -1;
}

/** End index of the value starting at i, or -1. Nesting is tracked iteratively (no recursion limit). */
function skipValue(t: string, i: number): number {
  if (i >= t.length) return -1;
  if (t[i] === '"') return skipString(t, i);
  if (t[i] !== '{' && t[i] !== '[') {
    let j = i;
    while (j < t.length && !',}] \n\r\t'.includes(t[j])) j++;
    return j > i ? j : -1;
  }
  let depth = 0;
  while (i < t.length) {
    const c = t[i];
    if (c === '"') {
      i = skipString(t, i);
      if (i < 0) return -1;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}
