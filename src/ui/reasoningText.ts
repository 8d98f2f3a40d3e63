// The model's reasoning summary as the TUI shows it: plain dim text (the summary's markdown bold
// headings lose their asterisks), wrapped to the width, so a one-paragraph summary streams visibly
// row by row instead of being cut at the first row's edge. Pure.
import { cleanLine, splitLines } from './textLines.js';

/** The summary without markdown bold markers, each line cleaned of control characters. */
export function reasoningPlain(text: string): string {
  return splitLines(text.trim())
    .map((line) => cleanLine(line).replace(/\*\*(.+?)\*\*/g, '$1'))
    .join('\n');
}

/** Word-wraps plain text to `width` columns (code points); a word longer than a row is broken. */
export function wrapText(text: string, width: number): string[] {
  const columns = Math.max(1, width);
  const rows: string[] = [];
  for (const line of text.split('\n')) {
    let row = '';
    for (const word of line.split(' ').filter((w) => w !== '')) {
      const candidate = row === '' ? word : `${row} ${word}`;
      if ([...candidate].length <= columns) {
        row = candidate;
        continue;
      }
      if (row !== '') rows.push(row);
      let chars = [...word];
      while (chars.length > columns) {
        rows.push(chars.slice(0, columns).join(''));
        chars = chars.slice(columns);
      }
      row = chars.join('');
    }
    rows.push(row);
  }
  return rows;
}

/** The last `max` non-blank rows of the summary so far, wrapped to `width` (the live view is kept compact). */
export function reasoningTail(text: string, width: number, max: number): string[] {
  if (text.trim() === '') return [];
  return wrapText(reasoningPlain(text), width)
    .filter((row) => row.trim() !== '')
    .slice(-max);
}
