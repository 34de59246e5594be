/** A parsed XML element: just what CDR XML needs (no namespaces, no DTD). */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
}

export class XmlError extends Error {}

const MAX_DEPTH = 64;
const MAX_ELEMENTS = 100_000;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-z]{2,4});/g, (all, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    }
    return ENTITIES[e] ?? all;
  });
}

/**
 * Parses an XML document (or a sequence of top-level elements) into elements; text content is
 * dropped because CDR XML carries everything in attributes. Throws XmlError on malformed input.
 */
export function parseXml(text: string): XmlElement[] {
  const roots: XmlElement[] = [];
  const stack: XmlElement[] = [];
  let count = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) throw new XmlError('unterminated comment');
      i = end + 3;
      continue;
    }
    if (text.startsWith('<?', i) || text.startsWith('<!', i)) {
      const end = text.indexOf('>', i);
      if (end < 0) throw new XmlError('unterminated declaration');
      i = end + 1;
      continue;
    }
    if (text[i + 1] === '/') {
      const end = text.indexOf('>', i);
      if (end < 0) throw new XmlError('unterminated end tag');
      const name = text.slice(i + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlError(`unexpected </${name}>`);
      i = end + 1;
      continue;
    }
    const nameMatch = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(i, i + 256));
    if (!nameMatch) throw new XmlError(`bad tag at offset ${i}`);
    const el: XmlElement = { name: nameMatch[1], attrs: {}, children: [] };
    if (++count > MAX_ELEMENTS) throw new XmlError('too many elements');
    i += nameMatch[0].length;
    const attrRe = /\s*([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')|\s*(\/?>)/y;
    let closed = false;
    for (;;) {
      attrRe.lastIndex = i;
      const m = attrRe.exec(text);
      if (!m) throw new XmlError(`bad attribute in <${el.name}> at offset ${i}`);
      i = attrRe.lastIndex;
      if (m[5]) {
        closed = m[5] === '/>';
        break;
      }
      el.attrs[m[1]] = decodeEntities(m[3] ?? m[4] ?? '');
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else roots.push(el);
    if (!closed) {
      if (stack.length >= MAX_DEPTH) throw new XmlError('nesting too deep');
      stack.push(el);
    }
  }
  if (stack.length > 0) throw new XmlError(`unclosed <${stack[stack.length - 1].name}>`);
  return roots;
}

/** All elements with that name, depth-first. */
export function findAll(roots: XmlElement[], name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const todo = [...roots].reverse();
  while (todo.length > 0) {
    const el = todo.pop()!;
    if (el.name === name) out.push(el);
    else for (let k = el.children.length - 1; k >= 0; k--) todo.push(el.children[k]);
  }
  return out;
}
