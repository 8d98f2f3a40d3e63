// Keeps the head and the tail of a stream of output and counts what falls in between, so a
// command that prints megabytes still gives the model its first lines (what ran) and its last
// ones (the summary, the error) within a fixed budget.

export class HeadTailBuffer {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private total = 0;

  constructor(
    private readonly headLimit = 8 * 1024,
    private readonly tailLimit = 8 * 1024,
  ) {}

  get totalBytes(): number {
    return this.total;
  }

  push(chunk: Buffer): void {
    this.total += chunk.length;
    let rest = chunk;
    if (this.headBytes < this.headLimit) {
      const take = Math.min(this.headLimit - this.headBytes, rest.length);
      this.head.push(rest.subarray(0, take));
      this.headBytes += take;
      rest = rest.subarray(take);
    }
    if (rest.length === 0) return;
    this.tail.push(rest);
    this.tailBytes += rest.length;
    // Drop whole chunks from the front while the rest still covers the tail budget.
    while (this.tail.length > 1 && this.tailBytes - (this.tail[0] as Buffer).length >= this.tailLimit) {
      this.tailBytes -= (this.tail.shift() as Buffer).length;
    }
  }

  /** The kept text, with `[… N bytes cut …]` where the middle was dropped. */
  text(): string {
    const head = Buffer.concat(this.head);
    const held = Buffer.concat(this.tail);
    // Nothing was dropped: the tail only sheds chunks once it holds more than its budget.
    if (this.total <= this.headLimit + this.tailLimit) return Buffer.concat([head, held]).toString('utf8');
    const tail = held.subarray(Math.max(0, held.length - this.tailLimit));
    // Cut at line boundaries when one is near, and never inside a UTF-8 character.
    let headEnd = head.length;
    const lastNewline = head.lastIndexOf(0x0a);
    if (lastNewline >= head.length - 1024 && lastNewline !== -1) headEnd = lastNewline + 1;
    else headEnd = utf8Boundary(head, headEnd);
    let tailStart = 0;
    const firstNewline = tail.indexOf(0x0a);
    if (firstNewline !== -1 && firstNewline < 1024) tailStart = firstNewline + 1;
    else while (tailStart < tail.length && ((tail[tailStart] as number) & 0xc0) === 0x80) tailStart++;
    const cut = this.total - headEnd - (tail.length - tailStart);
    const headText = head.subarray(0, headEnd).toString('utf8');
    const separator = `${headText.endsWith('\n') || headText === '' ? '' : '\n'}[… ${cut} bytes cut …]\n`;
    return headText + separator + tail.subarray(tailStart).toString('utf8');
  }
}

/** The largest offset ≤ `end` at which `bytes` can be cut without splitting a UTF-8 character. */
function utf8Boundary(bytes: Buffer, end: number): number {
  if (end <= 0) return 0;
  let lead = end - 1;
  while (lead > 0 && ((bytes[lead] as number) & 0xc0) === 0x80) lead--;
  const b = bytes[lead] as number;
  const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return lead + length <= end ? end : lead;
}

/** Strips ANSI colour and cursor escapes: the model reads plain text. */
export function stripAnsi(text: string): string {
  // CSI sequences, OSC sequences (terminated by BEL or ST), and single-character escapes.
  return text.replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g, '');
}
