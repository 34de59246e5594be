// Reads the visible text back out of a pdf-lib PDF (Flate content streams, Helvetica text as
// hex or literal strings): enough to check what a call sheet says, without a PDF library.
import { unzlibSync } from 'fflate';
import { PDFDocument } from 'pdf-lib';

/** Text of every Tj operator, one string per operator, in content-stream order. */
export function pdfTextRuns(pdf: Uint8Array): string[] {
  const raw = Buffer.from(pdf).toString('latin1');
  const runs: string[] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    const dict = raw.slice(raw.lastIndexOf('<<', m.index), m.index);
    let body = pdf.subarray(start, end);
    if (/FlateDecode/.test(dict)) {
      try { body = unzlibSync(body); } catch { continue; }
    }
    const text = Buffer.from(body).toString('latin1');
    for (const t of text.matchAll(/<([0-9A-Fa-f]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
      runs.push(t[1] !== undefined ? Buffer.from(t[1], 'hex').toString('latin1') : t[2].replace(/\\(.)/g, '$1'));
    }
    re.lastIndex = end;
  }
  return runs;
}

/** Number of pages, as pdf-lib reads the file back. */
export async function pdfPageCount(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf)).getPageCount();
}
