// Styles that span a line break, closed and reopened per line. The markdown renderer wraps a
// paragraph after styling it, so an inline code span cut by the wrap starts its colour on one line
// and ends it on the next; the terminal frame is drawn line by line, so the second part lost its
// colour. Each line now ends with the styles still open closed, and the next starts by reopening them.

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[([0-9;]*)m/g;

/** Which attribute a parameter sets, and the code that turns it off again. */
function slotOf(code: number): { slot: string; off: boolean } | null {
  if ((code >= 30 && code <= 38) || (code >= 90 && code <= 97)) return { slot: 'fg', off: false };
  if (code === 39) return { slot: 'fg', off: true };
  if ((code >= 40 && code <= 48) || (code >= 100 && code <= 107)) return { slot: 'bg', off: false };
  if (code === 49) return { slot: 'bg', off: true };
  if (code === 1 || code === 2) return { slot: `w${code}`, off: false };
  if (code === 22) return { slot: 'w', off: true };
  if (code === 3 || code === 4 || code === 7 || code === 9) return { slot: `s${code}`, off: false };
  if (code === 23 || code === 24 || code === 27 || code === 29) return { slot: `s${code - 20}`, off: true };
  return null;
}

/** Applies one SGR sequence's parameters to the open styles (slot → the sequence that opened it). */
function apply(open: Map<string, string>, params: string): void {
  const codes = params === '' ? [0] : params.split(';').map(Number);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code === 0) {
      open.clear();
      continue;
    }
    // 38;5;N / 38;2;R;G;B (and 48): extended colours take the following parameters.
    if ((code === 38 || code === 48) && (codes[i + 1] === 5 || codes[i + 1] === 2)) {
      const take = codes[i + 1] === 5 ? 3 : 5;
      open.set(code === 38 ? 'fg' : 'bg', `\u001b[${codes.slice(i, i + take).join(';')}m`);
      i += take - 1;
      continue;
    }
    const slot = slotOf(code);
    if (!slot) continue;
    if (slot.off) {
      if (slot.slot === 'w') {
        open.delete('w1');
        open.delete('w2');
      } else open.delete(slot.slot);
    } else open.set(slot.slot, `\u001b[${code}m`);
  }
}

export function carryStylesAcrossLines(text: string): string {
  if (!text.includes('\n') || !text.includes('\u001b[')) return text;
  const open = new Map<string, string>();
  return text
    .split('\n')
    .map((line) => {
      const prefix = [...open.values()].join('');
      for (const match of line.matchAll(SGR)) apply(open, match[1]!);
      return prefix + line + (open.size > 0 ? '\u001b[0m' : '');
    })
    .join('\n');
}
