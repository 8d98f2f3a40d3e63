// What the mode models (plan mode, AGENTS.md) read from a request: the user's words, the calls
// this turn has made and what they returned, and how to call an offered tool on a given path.
import { itemText, type WireItem } from './conversation.js';
import { countResponses, currentTurn, exampleArguments, offeredTools } from './toolUsingModel.js';
import type { PlannedCall } from './scriptedModel.js';

export interface TurnView {
  /** The user messages of the whole context, oldest first. */
  userTexts: string[];
  /** Model responses so far in this turn (0: the turn's first response). */
  round: number;
  /** This turn's calls with their outputs, in order. */
  calls: Array<{ name: string; arguments: string; output: string }>;
}

export function turnView(context: WireItem[]): TurnView {
  const turn = currentTurn(context);
  const outputs = new Map(turn.filter((i) => i.type === 'function_call_output').map((o) => [String(o.call_id), itemText(o)]));
  return {
    userTexts: context.filter((i) => i.type === 'message' && i.role === 'user').map((i) => itemText(i)),
    round: countResponses(turn),
    calls: turn
      .filter((i) => i.type === 'function_call')
      .map((c) => ({ name: String(c.name), arguments: String(c.arguments ?? ''), output: outputs.get(String(c.call_id)) ?? '' })),
  };
}

/** Whether the request offers a function tool of this name. */
export function offers(tools: unknown, name: string): boolean {
  return offeredTools(tools).some((t) => t.name === name);
}

/** A call of an offered tool, its path-like argument set to `path` (null: the schema's example). */
export function callOn(tools: unknown, name: string, path: string | null): PlannedCall | null {
  const tool = offeredTools(tools).find((t) => t.name === name);
  if (!tool) return null;
  const args = exampleArguments(tool.parameters);
  if (path !== null) for (const key of Object.keys(args)) if (/^(path|file|filename)$/i.test(key)) args[key] = path;
  return { name, arguments: JSON.stringify(args) };
}

/** A tool output without read_file's line numbers (`  12\ttext` or `12: text`). */
export function plainLines(output: string): string[] {
  return output.split('\n').map((line) => line.replace(/^\s*\d+(\t|: |\| ?)/, ''));
}

const EXCERPT = 80;

export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT)}…` : flat;
}
