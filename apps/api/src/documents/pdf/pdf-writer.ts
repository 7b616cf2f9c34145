import PDFDocument from 'pdfkit';

/** A4 in points, and the page layout shared by the documents. */
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 48, bottom: 84, left: 56, right: 56 };
export const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

export const COLORS = {
  ink: '#1b1f24',
  muted: '#5b6470',
  accent: '#1f3a5f',
  rule: '#c8ced6',
  band: '#eef2f7',
  covered: '#1e7b34',
  missing: '#b3261e',
  atRisk: '#a55400',
} as const;

/**
 * DejaVu (from the dejavu-fonts-ttf npm package), embedded and subset by pdfkit: the standard PDF fonts only have
 * WinAnsi characters, and a person's name must be printed exactly as recorded (Doğan, Łucja, Nguyễn, Иван).
 */
const fontFile = (name: string): string => require.resolve(`dejavu-fonts-ttf/ttf/${name}.ttf`);
const FONT = { regular: 'DejaVuSansCondensed', bold: 'DejaVuSansCondensed-Bold', italic: 'DejaVuSansCondensed-Oblique', mono: 'DejaVuSansMono' } as const;

export type Column = { header: string; width: number; align?: 'left' | 'right' | 'center' };

/**
 * A thin layer over pdfkit for the official documents: a header, sections of label/value rows, tables, notes, and a
 * footer on every page with the content hash, in an embedded Unicode font.
 */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(meta: { title: string; subject: string; author: string }) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      lang: 'fr-BE',
      displayTitle: true,
      info: { Title: (meta.title), Subject: (meta.subject), Author: (meta.author), Creator: 'Jalon', Producer: 'Jalon' },
    });
    this.done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    for (const name of Object.values(FONT)) this.doc.registerFont(name, fontFile(name));
    this.doc.font(FONT.regular).fontSize(10).fillColor(COLORS.ink);
  }

  private get left(): number {
    return MARGIN.left;
  }

  private get bottom(): number {
    return PAGE.height - MARGIN.bottom;
  }

  /** Starts a new page when fewer than `height` points are left. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) {
      this.doc.addPage();
      this.doc.y = MARGIN.top;
    }
  }

  /** The band at the top of the first page: issuer, title, reference lines. */
  header(opts: { overline: string; issuer: string; title: string; lines: readonly string[] }): void {
    const { doc } = this;
    doc.rect(0, 0, PAGE.width, 6).fill(COLORS.accent);
    doc.y = MARGIN.top;
    doc.font(FONT.bold).fontSize(8).fillColor(COLORS.muted);
    doc.text((opts.overline.toUpperCase()), this.left, doc.y, { width: CONTENT_WIDTH, characterSpacing: 0.6 });
    doc.moveDown(0.35);
    doc.font(FONT.bold).fontSize(10.5).fillColor(COLORS.ink).text((opts.issuer), this.left, doc.y, { width: CONTENT_WIDTH });
    doc.moveDown(0.6);
    this.rule();
    doc.moveDown(0.7);
    doc.font(FONT.bold).fontSize(21).fillColor(COLORS.accent).text((opts.title), this.left, doc.y, { width: CONTENT_WIDTH });
    doc.moveDown(0.25);
    doc.font(FONT.regular).fontSize(10.5).fillColor(COLORS.ink);
    for (const line of opts.lines) doc.text((line), this.left, doc.y, { width: CONTENT_WIDTH });
    doc.moveDown(0.9);
  }

  rule(color: string = COLORS.rule): void {
    const y = this.doc.y;
    this.doc.moveTo(this.left, y).lineTo(this.left + CONTENT_WIDTH, y).lineWidth(0.7).strokeColor(color).stroke();
  }

  paragraph(text: string, opts: { size?: number; color?: string; italic?: boolean; gap?: number } = {}): void {
    const { doc } = this;
    const size = opts.size ?? 10;
    doc.font(opts.italic ? FONT.italic : FONT.regular).fontSize(size);
    this.ensureSpace(doc.heightOfString((text), { width: CONTENT_WIDTH }) + 4);
    doc.fillColor(opts.color ?? COLORS.ink).text((text), this.left, doc.y, { width: CONTENT_WIDTH, lineGap: 1.5 });
    doc.moveDown(opts.gap ?? 0.6);
  }

  /** A section title with a rule under it; kept with at least `keep` points of what follows. */
  section(title: string, keep = 60): void {
    const { doc } = this;
    doc.moveDown(0.3);
    this.ensureSpace(24 + keep);
    doc.font(FONT.bold).fontSize(11.5).fillColor(COLORS.accent).text((title), this.left, doc.y, { width: CONTENT_WIDTH });
    doc.moveDown(0.15);
    this.rule();
    doc.moveDown(0.45);
  }

  /** One "label : value" row; the value wraps in its column. */
  field(label: string, value: string, opts: { labelWidth?: number; bold?: boolean } = {}): void {
    const { doc } = this;
    const labelWidth = opts.labelWidth ?? 170;
    const valueWidth = CONTENT_WIDTH - labelWidth;
    doc.fontSize(10);
    const labelHeight = doc.font(FONT.regular).heightOfString((label), { width: labelWidth - 10 });
    const valueHeight = doc.font(opts.bold ? FONT.bold : FONT.regular).heightOfString((value), { width: valueWidth });
    const height = Math.max(labelHeight, valueHeight);
    this.ensureSpace(height + 3);
    const y = doc.y;
    doc.font(FONT.regular).fillColor(COLORS.muted).text((label), this.left, y, { width: labelWidth - 10 });
    doc.font(opts.bold ? FONT.bold : FONT.regular).fillColor(COLORS.ink).text((value), this.left + labelWidth, y, { width: valueWidth });
    doc.y = y + height + 3;
  }

  /** A table with a shaded header row and thin separators. */
  table(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>, opts: { boldFirstColumn?: boolean } = {}): void {
    const { doc } = this;
    const padding = 5;
    const total = columns.reduce((sum, c) => sum + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * CONTENT_WIDTH);
    const drawRow = (cells: readonly string[], header: boolean): void => {
      doc.fontSize(header ? 9 : 10);
      const heights = cells.map((cell, i) =>
        doc.font(header || (opts.boldFirstColumn && i === 0) ? FONT.bold : FONT.regular).heightOfString((cell), { width: widths[i] - 2 * padding }),
      );
      const height = Math.max(...heights) + 2 * padding;
      this.ensureSpace(height + 2);
      const y = doc.y;
      if (header) doc.rect(this.left, y, CONTENT_WIDTH, height).fill(COLORS.band);
      let x = this.left;
      cells.forEach((cell, i) => {
        doc
          .font(header || (opts.boldFirstColumn && i === 0) ? FONT.bold : FONT.regular)
          .fillColor(header ? COLORS.accent : COLORS.ink)
          .text((cell), x + padding, y + padding, { width: widths[i] - 2 * padding, align: columns[i].align ?? 'left' });
        x += widths[i];
      });
      doc.y = y + height;
      this.rule();
    };
    drawRow(
      columns.map((c) => c.header),
      true,
    );
    for (const row of rows) drawRow(row, false);
    doc.moveDown(0.6);
  }

  /**
   * A block with a coloured bar on its left: a title and a status word on the first line, then lines of text.
   * Used for the conditions of the nationality dossier.
   */
  statusBlock(opts: { title: string; status: string; color: string; lines: ReadonlyArray<{ text: string; muted?: boolean }> }): void {
    const { doc } = this;
    const inner = CONTENT_WIDTH - 14;
    const statusWidth = 90;
    doc.fontSize(10.5);
    const titleHeight = doc.font(FONT.bold).heightOfString((opts.title), { width: inner - statusWidth });
    doc.fontSize(9.5);
    const lineHeights = opts.lines.map((l) => doc.font(FONT.regular).heightOfString((l.text), { width: inner }) + 2);
    const height = titleHeight + 4 + lineHeights.reduce((a, b) => a + b, 0) + 6;
    this.ensureSpace(height + 8);
    const top = doc.y;
    doc.rect(this.left, top, 3.5, height).fill(opts.color);
    doc.font(FONT.bold).fontSize(10.5).fillColor(COLORS.ink).text((opts.title), this.left + 14, top, { width: inner - statusWidth });
    doc
      .font(FONT.bold)
      .fontSize(9.5)
      .fillColor(opts.color)
      .text((opts.status.toUpperCase()), this.left + 14 + inner - statusWidth, top + 1, { width: statusWidth, align: 'right' });
    let y = top + titleHeight + 4;
    opts.lines.forEach((line, i) => {
      doc
        .font(FONT.regular)
        .fontSize(9.5)
        .fillColor(line.muted ? COLORS.muted : COLORS.ink)
        .text((line.text), this.left + 14, y, { width: inner });
      y += lineHeights[i];
    });
    doc.y = top + height + 8;
  }

  /** The closing of a document: a note on the left, a framed box on the right (the signature area), side by side. */
  closing(note: string, boxTitle: string, opts: { boxWidth?: number; boxHeight?: number } = {}): void {
    const { doc } = this;
    const boxWidth = opts.boxWidth ?? 200;
    const boxHeight = opts.boxHeight ?? 62;
    const noteWidth = CONTENT_WIDTH - boxWidth - 18;
    doc.moveDown(0.5);
    doc.font(FONT.regular).fontSize(9);
    const noteHeight = doc.heightOfString((note), { width: noteWidth, lineGap: 1.5 });
    this.ensureSpace(Math.max(noteHeight, boxHeight) + 6);
    const y = doc.y;
    doc.fillColor(COLORS.muted).text((note), this.left, y, { width: noteWidth, lineGap: 1.5 });
    const x = this.left + CONTENT_WIDTH - boxWidth;
    doc.rect(x, y, boxWidth, boxHeight).lineWidth(0.7).strokeColor(COLORS.rule).stroke();
    doc.font(FONT.regular).fontSize(8.5).fillColor(COLORS.muted).text((boxTitle), x + 8, y + 6, { width: boxWidth - 16 });
    doc.y = y + Math.max(noteHeight, boxHeight) + 6;
  }

  /** Writes the footer (content hash, verification path, page numbers) on every page and returns the PDF. */
  async finish(footer: { hash: string; verifyPath: string; label: string }): Promise<Buffer> {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const bottomMargin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0; // writing in the margin must not open a new page
      const y = PAGE.height - 66;
      doc.moveTo(this.left, y).lineTo(this.left + CONTENT_WIDTH, y).lineWidth(0.7).strokeColor(COLORS.rule).stroke();
      doc
        .font(FONT.regular)
        .fontSize(7.5)
        .fillColor(COLORS.muted)
        .text((`${footer.label} — empreinte SHA-256 du contenu :`), this.left, y + 7, { width: CONTENT_WIDTH - 70, lineBreak: false });
      doc.text(`Page ${i - range.start + 1}/${range.count}`, this.left + CONTENT_WIDTH - 70, y + 7, { width: 70, align: 'right', lineBreak: false });
      doc.font(FONT.mono).fontSize(8).fillColor(COLORS.ink).text(footer.hash, this.left, y + 18, { width: CONTENT_WIDTH, lineBreak: false });
      doc
        .font(FONT.regular)
        .fontSize(7)
        .fillColor(COLORS.muted)
        .text((`Vérification de l'authenticité : ${footer.verifyPath}`), this.left, y + 30, { width: CONTENT_WIDTH, lineBreak: false });
      doc.page.margins.bottom = bottomMargin;
    }
    doc.end();
    return this.done;
  }
}
