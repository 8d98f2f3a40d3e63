// Turning tool output and diffs into lines a terminal can show: control sequences removed, carriage
// returns (progress bars) resolved, tabs expanded, and only a bounded number of lines kept, with a
// count of what was left out. Pure.
import { stripVTControlCharacters } from 'node:util';

const MAX_LINE_CHARS = 400;

/** One displayable line: no escape sequences, no tabs, the last `\r` overwrite wins. */
export function cleanLine(line: string): string {
  let text = stripVTControlCharacters(line);
  const cr = text.lastIndexOf('\r');
  if (cr !== -1) text = cr === text.length - 1 ? text.slice(0, -1) : text.slice(cr + 1);
  text = text.replace(/\t/g, '    ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS - 1)}…` : text;
}

export function splitLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface BoundedLines {
  lines: string[];
  /** Lines left out (before the tail, or after the head). */
  omitted: number;
}

/** The last `max` lines of a text. */
export function tailLines(text: string, max: number): BoundedLines {
  if (text === '') return { lines: [], omitted: 0 };
  const all = splitLines(text);
  const kept = all.slice(-max);
  return { lines: kept.map(cleanLine), omitted: all.length - kept.length };
}

/** The first `max` lines of a text. */
export function headLines(text: string, max: number): BoundedLines {
  if (text === '') return { lines: [], omitted: 0 };
  const all = splitLines(text);
  const kept = all.slice(0, max);
  return { lines: kept.map(cleanLine), omitted: all.length - kept.length };
}

/** A live output tail fed chunk by chunk; memory stays bounded however long the output. */
export interface OutputTail {
  /** Complete lines, the last `max` of them. */
  lines: string[];
  /** The unfinished last line. */
  partial: string;
  /** Complete lines dropped from the front. */
  omitted: number;
}

export const EMPTY_TAIL: OutputTail = { lines: [], partial: '', omitted: 0 };

export function appendOutput(tail: OutputTail, chunk: string, max: number): OutputTail {
  if (chunk === '') return tail;
  const pieces = (tail.partial + chunk).replace(/\r\n/g, '\n').split('\n');
  const partial = (pieces.pop() ?? '').slice(-MAX_LINE_CHARS * 4);
  const lines = pieces.length > 0 ? [...tail.lines, ...pieces.slice(-max).map(cleanLine)] : tail.lines;
  const dropped = Math.max(0, lines.length - max);
  const droppedBeforeSlice = Math.max(0, pieces.length - max);
  return {
    lines: dropped > 0 ? lines.slice(dropped) : lines,
    partial,
    omitted: tail.omitted + dropped + droppedBeforeSlice,
  };
}

/** What a live tail shows: its last `max` lines, the partial one included. */
export function visibleTail(tail: OutputTail, max: number): BoundedLines {
  const all = tail.partial === '' ? tail.lines : [...tail.lines, cleanLine(tail.partial)];
  const kept = all.slice(-max);
  return { lines: kept, omitted: tail.omitted + (all.length - kept.length) };
}
