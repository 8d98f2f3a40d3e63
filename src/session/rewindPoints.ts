// The places a rewind can go back to: the prompts the user typed on the conversation's current
// path (not steers, `!cmd` outputs or a Stop hook's words), each with its position in the ledger
// (the conversation goes on from just before it) and the turn it started (whose undo record holds
// the files as they were before it).
import type { ConversationLedger } from './ConversationLedger.js';
import type { ConversationItem } from './items.js';

export interface RewindPoint {
  /** Ledger position of the prompt: a rewind keeps the items before it. */
  position: number;
  /** The agent turn the prompt started. */
  turn: number;
  /** The prompt's text as typed (without what a hook added to it). */
  prompt: string;
}

/** This conversation's prompts, newest first. */
export function rewindPoints(ledger: ConversationLedger): RewindPoint[] {
  const points: RewindPoint[] = [];
  ledger.items.forEach((entry, position) => {
    if (entry.origin !== 'user' || entry.turn === undefined || entry.steerId !== undefined) return;
    points.push({ position, turn: entry.turn, prompt: entry.typed ?? messageText(entry.item) });
  });
  return points.reverse();
}

/** The text parts of a user message, joined (images and files left out). */
function messageText(item: ConversationItem): string {
  const content = (item as { content?: unknown }).content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { type?: unknown; text?: unknown }) => (part.type === 'input_text' && typeof part.text === 'string' ? part.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}
