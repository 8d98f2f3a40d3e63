// Reading workspace files as text: binary detection, line splitting and the `cat -n` style
// numbering read_file and edit_file show the model.
import { readFile, stat } from 'node:fs/promises';

/** How much of a file is sniffed for NUL bytes to call it binary (what git and ripgrep do). */
const SNIFF_BYTES = 8192;

export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/** `     7\tline`: the line number right-aligned in six columns, a tab, the line. */
export function numberedLine(lineNumber: number, text: string): string {
  return `${String(lineNumber).padStart(6)}\t${text}`;
}

/**
 * The file's lines without their terminators (`\n` or `\r\n`); a final terminator does not
 * start another line, so `"a\nb\n"` has two lines and `""` none.
 */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** The 1-based line on which character offset `index` of `text` lies. */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

export type TextFile =
  | { kind: 'text'; text: string; bytes: Buffer; size: number; crlf: boolean; validUtf8: boolean }
  | { kind: 'binary'; size: number }
  | { kind: 'directory' }
  /** A FIFO, socket or device: reading it could block forever. */
  | { kind: 'special' }
  | { kind: 'too_large'; size: number };

/** Reads `abs` as UTF-8 text, or says why it cannot be shown as text. */
export async function readTextFile(abs: string, maxBytes: number): Promise<TextFile> {
  const info = await stat(abs);
  if (info.isDirectory()) return { kind: 'directory' };
  if (!info.isFile()) return { kind: 'special' };
  if (info.size > maxBytes) return { kind: 'too_large', size: info.size };
  const bytes = await readFile(abs);
  if (looksBinary(bytes)) return { kind: 'binary', size: bytes.length };
  const text = bytes.toString('utf8');
  return {
    kind: 'text',
    text,
    bytes,
    size: bytes.length,
    crlf: text.includes('\r\n'),
    validUtf8: Buffer.from(text, 'utf8').equals(bytes),
  };
}

/** `1.2 MB`, `512 bytes`: sizes for messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? '' : 's'}`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
