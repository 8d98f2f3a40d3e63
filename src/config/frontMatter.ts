// Front matter: the YAML block between two `---` lines at the top of a Markdown file, as SKILL.md
// files and prompt files (Codex, Claude Code) carry it. Parsed with `yaml` (the YAML 1.2 parser
// with no dependencies); a file without the block is all body.
import { parse as parseYaml } from 'yaml';

export interface FrontMatterFile {
  /** The front matter's keys; {} when the file has none. */
  data: Record<string, unknown>;
  /** The Markdown after the front matter. */
  body: string;
}

export class FrontMatterError extends Error {
  override name = 'FrontMatterError';
}

const BLOCK = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** Splits and parses; throws a FrontMatterError saying what is wrong (never a YAML stack). */
export function parseFrontMatter(text: string): FrontMatterFile {
  const source = text.replace(/^\uFEFF/, '');
  if (!/^---[ \t]*\r?\n/.test(source)) return { data: {}, body: source };
  const match = BLOCK.exec(source);
  if (!match) throw new FrontMatterError('front matter starts with --- but has no closing --- line');
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (err) {
    // yaml counts lines from the block's start; the file has the opening --- above it.
    const line = (err as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    const first = ((err as Error).message ?? String(err)).split('\n')[0]!.replace(/ at line \d+, column \d+:?\s*$/, '');
    throw new FrontMatterError(`front matter is not valid YAML${line ? ` (line ${line + 1} of the file)` : ''}: ${first}`);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new FrontMatterError('front matter is not a YAML mapping of keys to values');
  return { data: data as Record<string, unknown>, body: source.slice(match[0].length) };
}

/** A string field of the front matter, trimmed; null when absent or empty; throws when not text. */
export function textField(data: Record<string, unknown>, key: string): string | null {
  const value = data[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') throw new FrontMatterError(`front matter field "${key}" must be text`);
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return trimmed === '' ? null : trimmed;
}
