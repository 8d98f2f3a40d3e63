// Raw input that Ink hands over in one piece. Keystrokes can arrive coalesced in one read (fast
// typing, a slow link, a script): "fix it\r" is text and then Enter. Pastes are told apart by
// bracketed paste mode (the terminal wraps them in ESC[200~ … ESC[201~; Ink strips the ESC), so a
// pasted multi-line text is inserted, never submitted line by line.

export const ENABLE_BRACKETED_PASTE = '\u001b[?2004h';
export const DISABLE_BRACKETED_PASTE = '\u001b[?2004l';
/** What Ink's useInput reports for the paste brackets (the leading ESC is stripped). */
export const PASTE_START = '[200~';
export const PASTE_END = '[201~';

export type TypedPiece = { kind: 'text'; text: string } | { kind: 'enter' };

/** Text typed in one chunk, split at its carriage returns (each one an Enter press). */
export function splitOnEnter(input: string): TypedPiece[] {
  const pieces: TypedPiece[] = [];
  input.split(/\r\n?/).forEach((text, i) => {
    if (i > 0) pieces.push({ kind: 'enter' });
    if (text !== '') pieces.push({ kind: 'text', text });
  });
  return pieces;
}
