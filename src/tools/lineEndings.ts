// A text file as lines that keep their own terminators, so an edit can rewrite the lines it changes
// and leave every other byte alone: a file with mixed `\n` and `\r\n` stays mixed, a missing final
// line break stays missing, and a UTF-8 byte order mark stays at the front.

export type LineEnding = '' | '\n' | '\r\n';

export interface RawLine {
  /** The line without its terminator. */
  text: string;
  /** Its terminator; '' only for a last line without a line break. */
  eol: LineEnding;
}

export interface LinedText {
  /** The text started with U+FEFF (a UTF-8 BOM), which is not part of the first line. */
  bom: boolean;
  lines: RawLine[];
}

const BOM = '\uFEFF';

export function splitRawLines(text: string): LinedText {
  const bom = text.startsWith(BOM);
  const body = bom ? text.slice(1) : text;
  const lines: RawLine[] = [];
  let start = 0;
  while (start < body.length) {
    const nl = body.indexOf('\n', start);
    if (nl === -1) {
      lines.push({ text: body.slice(start), eol: '' });
      break;
    }
    const crlf = nl > start && body.charCodeAt(nl - 1) === 13;
    lines.push({ text: body.slice(start, crlf ? nl - 1 : nl), eol: crlf ? '\r\n' : '\n' });
    start = nl + 1;
  }
  return { bom, lines };
}

export function joinRawLines({ bom, lines }: LinedText): string {
  let out = bom ? BOM : '';
  for (const line of lines) out += line.text + line.eol;
  return out;
}

/** The terminator most lines use (`\n` when there is none, or a tie). */
export function commonLineEnding(lines: readonly RawLine[]): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (const line of lines) {
    if (line.eol === '\r\n') crlf++;
    else if (line.eol === '\n') lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}
