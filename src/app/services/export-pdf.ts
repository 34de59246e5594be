// The call sheet: one readable PDF per recording (pdf-lib, standard Helvetica) with call
// information, parties, times, stream quality, warnings, DTMF and the note; paginated, en/de.
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { DecodeInfo, DecodeWarning, DtmfEvent, StreamInfo } from '../../shared/decoder-types.js';
import type { RecordingDetail } from '../../shared/messages.js';
import type { Lang } from '../i18n/i18n.js';
import { de, en, type TextKey } from '../i18n/texts.js';
import { warningText } from '../i18n/warning-text.js';

/** What the sheet shows; `info` adds DTMF and decoder warnings once the call was decoded. */
export interface CallSheetInput {
  recording: RecordingDetail;
  info: DecodeInfo | null;
  lang: Lang;
  /** when the sheet was made, ms since epoch */
  created: number;
}

const TABLES: Record<Lang, Record<TextKey, string>> = { en, de };
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const SIZE = 10;
const LINE = 14;
const GREY = rgb(0.4, 0.4, 0.4);

/** Builds the sheet; resolves with the PDF bytes. */
export async function buildCallSheet(input: CallSheetInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica), bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const sheet = new Sheet(doc, regular, bold, input.lang);
  const r = input.recording;
  const tr = sheet.tr;
  doc.setTitle(`${tr('sheetTitle')} — ${party(r.remoteName, r.remoteNumber) ?? tr('unknownParty')}`);
  doc.setLanguage(input.lang);
  doc.setCreationDate(new Date(input.created));
  doc.setProducer('innovaphone Recordings');

  sheet.title(`${tr('sheetTitle')}: ${party(r.remoteName, r.remoteNumber) ?? tr('unknownParty')}`);
  if (!r.complete) sheet.paragraph(tr('sheetIncomplete'));

  sheet.heading(tr('sheetRecording'));
  const dir = tr(r.direction === 'in' ? 'dirIn' : r.direction === 'out' ? 'dirOut' : 'dirUnknown');
  sheet.pairs([
    [tr('started'), sheet.dateTime(r.startTime)],
    [tr('length'), duration(r.durationMs)],
    [tr('direction'), dir],
    [tr('owner'), [r.ownerName, r.ownerNumber, r.ownerSip].filter(Boolean).join(' · ') || '—'],
    [tr('sheetRemote'), [r.remoteName, r.remoteNumber].filter(Boolean).join(' · ') || tr('unknownParty')],
    [tr('sheetCodecs'), r.codecs.join(', ') || '—'],
    [tr('fileName'), r.fileName],
  ]);

  sheet.heading(tr('sheetParties'));
  if (!r.callInfo || r.callInfo.length === 0) sheet.paragraph(tr('noCallInfo'));
  for (const c of r.callInfo ?? []) {
    const who = [c.cn || c.h323 || c.e164, c.e164 && c.e164 !== c.cn ? `(${c.e164})` : ''].filter(Boolean).join(' ');
    sheet.subheading(`${who} · ${c.dir}${c.utc ? ` · ${sheet.dateTime(c.utc * 1000)}` : ''}${c.device ? ` · ${tr('sheetDevice')} ${c.device}` : ''}`);
    sheet.table([0.3, 0.55, 0.15], [tr('event'), tr('party'), tr('time')], c.events.map((e) => [
      e.msg,
      [e.dn, e.e164, e.h323].filter(Boolean).join(' · ') + (e.to ? ` → ${[e.to.dn, e.to.e164, e.to.h323].filter(Boolean).join(' · ')}` : ''),
      e.time === null ? '' : String(e.time),
    ]));
  }

  const streams: StreamInfo[] = r.streams.length ? r.streams : input.info?.streams ?? [];
  sheet.heading(tr('quality'));
  sheet.table([0.16, 0.1, 0.34, 0.1, 0.1, 0.1, 0.1],
    [tr('side'), tr('codec'), tr('addresses'), tr('packets'), tr('loss'), tr('jitter'), tr('maxGap')],
    streams.map((s) => [
      s.channel === 'left' ? tr('remoteLeft') : s.channel === 'right' ? tr('localRight') : '—',
      s.codec,
      `${s.src} → ${s.dst}`,
      String(s.packets),
      `${(s.expected > 0 ? (100 * Math.max(0, s.lost)) / s.expected : 0).toFixed(1)} %`,
      `${s.jitterMs.toFixed(1)} ms`,
      `${Math.round(s.maxGapMs)} ms`,
    ]));

  const warnings: DecodeWarning[] = input.info?.warnings ?? r.warnings;
  sheet.heading(tr('warningsTitle'));
  if (warnings.length === 0) sheet.paragraph(tr('sheetNoWarnings'));
  for (const w of warnings) sheet.paragraph(`${w.timeMs >= 0 ? `${clock(w.timeMs)}  ` : ''}${warningText(w)}`);

  const dtmf: DtmfEvent[] = input.info?.dtmf ?? [];
  sheet.heading(tr('sheetDtmf'));
  if (dtmf.length === 0) sheet.paragraph(tr('sheetNoDtmf'));
  else sheet.table([0.2, 0.3, 0.5], [tr('sheetDigit'), tr('time'), tr('side')],
    dtmf.map((d) => [d.digit, clock(d.timeMs), d.channel === 'left' ? tr('remoteLeft') : tr('localRight')]));

  sheet.heading(tr('sheetNote'));
  sheet.paragraph(r.note.trim() ? r.note : tr('sheetNoNote'));

  sheet.footers(tr('sheetCreated', sheet.dateTime(input.created)));
  for (const f of [regular, bold]) { await f.embed(); statedWidths(doc, f); }
  return doc.save();
}

/**
 * The standard fonts are not embedded: a viewer without Helvetica draws a substitute, and one
 * with wider glyphs (DejaVu Sans on Linux) would run lines past the margin. Stating Helvetica's
 * widths for every WinAnsi code makes viewers space glyphs as the layout measured them.
 */
function statedWidths(doc: PDFDocument, font: PDFFont): void {
  const dict = doc.context.lookup(font.ref, PDFDict);
  const charset = new Set(font.getCharacterSet());
  const winAnsi = new TextDecoder('windows-1252');
  const widths = PDFArray.withContext(doc.context);
  for (let code = 32; code <= 255; code++) {
    const ch = winAnsi.decode(Uint8Array.of(code));
    widths.push(PDFNumber.of(charset.has(ch.codePointAt(0)!) ? Math.round(font.widthOfTextAtSize(ch, 1000)) : 0));
  }
  dict.set(PDFName.of('FirstChar'), PDFNumber.of(32));
  dict.set(PDFName.of('LastChar'), PDFNumber.of(255));
  dict.set(PDFName.of('Widths'), widths);
}

function party(name: string | null, number: string | null): string | null {
  return name ?? number ?? null;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}

/** Position in the call, m:ss.t */
function clock(ms: number): string {
  const tenths = Math.floor(ms / 100);
  const m = Math.floor(tenths / 600), s = Math.floor((tenths % 600) / 10), t = tenths % 10;
  return `${m}:${String(s).padStart(2, '0')}.${t}`;
}

/** A cursor over A4 pages: adds a page whenever the next line would cross the bottom margin. */
class Sheet {
  private page: PDFPage;
  private y = 0;
  private readonly charset: Set<number>;
  readonly tr: (key: TextKey, ...args: (string | number)[]) => string;

  constructor(private readonly doc: PDFDocument, private readonly font: PDFFont, private readonly bold: PDFFont, private readonly lang: Lang) {
    this.charset = new Set(font.getCharacterSet());
    this.tr = (key, ...args) => TABLES[lang][key].replace(/\$(\d)/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
    this.page = this.newPage();
  }

  dateTime(ms: number): string {
    return new Date(ms).toLocaleString(this.lang === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
  }

  title(text: string): void { this.lines(text, this.bold, 16, 22); this.y -= 4; }
  heading(text: string): void { this.space(3 * LINE); this.y -= 8; this.lines(text, this.bold, 12, 18); }
  subheading(text: string): void { this.space(2 * LINE); this.y -= 4; this.lines(text, this.bold, SIZE, LINE); }
  paragraph(text: string): void {
    for (const para of text.split(/\r?\n/)) this.lines(para, this.font, SIZE, LINE);
  }

  pairs(rows: Array<[string, string]>): void {
    const keyWidth = 110;
    for (const [k, v] of rows) {
      const wrapped = this.wrap(v, this.font, SIZE, this.width - keyWidth);
      this.space(LINE);
      this.text(k, MARGIN, this.bold, SIZE, GREY);
      wrapped.forEach((line, i) => {
        if (i > 0) this.space(LINE);
        this.text(line, MARGIN + keyWidth, this.font, SIZE);
        this.y -= LINE;
      });
    }
  }

  /** Columns as fractions of the text width; cells wrap; the header repeats on each new page. */
  table(cols: number[], header: string[], rows: string[][]): void {
    const widths = cols.map((c) => c * this.width);
    const drawRow = (cells: string[], font: PDFFont, colour = rgb(0, 0, 0)) => {
      const wrapped = cells.map((c, i) => this.wrap(c, font, SIZE - 1, widths[i] - 4));
      // room below the last baseline for descenders before the rule
      const height = Math.max(1, ...wrapped.map((w) => w.length)) * (LINE - 2) + 4;
      const newPage = this.space(height + 2);
      if (newPage && font !== this.bold) drawRow(header, this.bold, GREY);
      let x = MARGIN;
      wrapped.forEach((lines, i) => {
        lines.forEach((l, k) => this.text(l, x, font, SIZE - 1, colour, this.y - k * (LINE - 2)));
        x += widths[i];
      });
      this.y -= height;
      this.page.drawLine({ start: { x: MARGIN, y: this.y + 1 }, end: { x: MARGIN + this.width, y: this.y + 1 }, thickness: 0.3, color: rgb(0.8, 0.8, 0.8) });
    };
    this.space(2 * LINE);
    drawRow(header, this.bold, GREY);
    for (const r of rows) drawRow(r, this.font);
  }

  /** "Page n of m" and the creation line at the bottom of every page. */
  footers(created: string): void {
    const pages = this.doc.getPages();
    pages.forEach((p, i) => {
      p.drawText(this.clean(this.tr('sheetPage', i + 1, pages.length)), { x: A4[0] - MARGIN - 80, y: MARGIN / 2, size: 8, font: this.font, color: GREY });
      p.drawText(this.clean(created), { x: MARGIN, y: MARGIN / 2, size: 8, font: this.font, color: GREY });
    });
  }

  private get width(): number { return A4[0] - 2 * MARGIN; }

  private newPage(): PDFPage {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
    return this.page;
  }

  /** Ensures `h` points are left on the page; true when a new page was started. */
  private space(h: number): boolean {
    if (this.y - h >= MARGIN) return false;
    this.newPage();
    return true;
  }

  private lines(text: string, font: PDFFont, size: number, lineHeight: number): void {
    for (const l of this.wrap(text, font, size, this.width)) {
      this.space(lineHeight);
      this.text(l, MARGIN, font, size);
      this.y -= lineHeight;
    }
  }

  private text(s: string, x: number, font: PDFFont, size: number, color = rgb(0, 0, 0), y = this.y): void {
    if (s) this.page.drawText(s, { x, y: y - size, size, font, color });
  }

  /** Characters Helvetica (WinAnsi) cannot show become "?": a note in any script never breaks the sheet. */
  private clean(s: string): string {
    let out = '';
    // Arrows are not in WinAnsi; the sheet uses them between addresses and parties.
    for (const ch of s.replace(/\t/g, '    ').replace(/→/g, '->')) {
      const cp = ch.codePointAt(0)!;
      out += cp >= 0x20 && this.charset.has(cp) ? ch : cp < 0x20 ? ' ' : '?';
    }
    return out;
  }

  /** Greedy word wrap by measured width; words longer than a line are cut. */
  private wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const clean = this.clean(text);
    const out: string[] = [];
    let line = '';
    const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
    for (const word of clean.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (fits(candidate)) { line = candidate; continue; }
      if (line) out.push(line);
      let rest = word;
      while (!fits(rest)) {
        let n = rest.length - 1;
        while (n > 1 && !fits(rest.slice(0, n))) n--;
        out.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      line = rest;
    }
    out.push(line);
    return out;
  }
}
