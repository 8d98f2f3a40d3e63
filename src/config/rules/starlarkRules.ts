// The subset of Starlark that Codex's `.rules` files use: top-level `prefix_rule(key = value, …)`
// calls whose values are strings, lists of strings and lists of such lists. Anything else (other
// functions, variables, `load`, arithmetic) is an error naming the file and line, so a file that
// Codex would read differently is never half-understood. Hand-written because no npm package
// parses Starlark in JavaScript; the grammar needed here is a dozen lines of it.

export class RulesSyntaxError extends Error {}

/** A value in a rules file: a string or a (nested) list. */
export type StarlarkValue = string | StarlarkValue[];

export interface RuleCall {
  /** The function called (only `prefix_rule` is understood by the loader). */
  name: string;
  line: number;
  args: Map<string, { value: StarlarkValue; line: number }>;
}

type Token = { kind: 'name' | 'string' | 'punct'; text: string; line: number };

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '0': '\0' };

function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const fail = (message: string): never => {
    throw new RulesSyntaxError(`${file}:${line}: ${message}`);
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if ('()[],='.includes(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else if (c === '"' || c === "'") {
      const start = line;
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      i += quote.length;
      let value = '';
      for (;;) {
        if (i >= text.length) fail('a string is not closed');
        if (text.startsWith(quote, i)) break;
        const ch = text[i]!;
        if (ch === '\n') {
          if (!triple) fail('a string is not closed before the end of the line');
          line++;
        }
        if (ch === '\\') {
          const next = text[i + 1] ?? '';
          const escaped = ESCAPES[next];
          if (escaped === undefined) fail(`unsupported escape \\${next} in a string`);
          value += escaped;
          i += 2;
          continue;
        }
        value += ch;
        i++;
      }
      i += quote.length;
      tokens.push({ kind: 'string', text: value, line: start });
    } else if (/[A-Za-z_]/.test(c)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'name', text: match[0], line });
      i += match[0].length;
    } else fail(`unexpected character ${JSON.stringify(c)} (only prefix_rule(...) calls are understood)`);
  }
  return tokens;
}

/** Parses a rules file into its calls; throws RulesSyntaxError naming `file:line`. */
export function parseRuleCalls(text: string, file: string): RuleCall[] {
  const tokens = tokenize(text, file);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const lastLine = (): number => tokens[Math.min(pos, tokens.length - 1)]?.line ?? 1;
  const fail = (message: string, line = lastLine()): never => {
    throw new RulesSyntaxError(`${file}:${line}: ${message}`);
  };
  const expect = (text: string): Token => {
    const token = peek();
    if (token?.kind !== 'punct' || token.text !== text) fail(`expected "${text}"${token ? ` but found "${token.text}"` : ' before the end of the file'}`);
    pos++;
    return token!;
  };
  const value = (): StarlarkValue => {
    const token = peek() ?? fail('a value is missing before the end of the file');
    if (token.kind === 'string') {
      pos++;
      return token.text;
    }
    if (token.kind === 'punct' && token.text === '[') {
      pos++;
      const items: StarlarkValue[] = [];
      while (!(peek()?.kind === 'punct' && peek()?.text === ']')) {
        items.push(value());
        if (peek()?.text === ',') pos++;
        else break;
      }
      expect(']');
      return items;
    }
    if (token.kind === 'name' && (token.text === 'None' || token.text === 'True' || token.text === 'False')) {
      return fail(`${token.text} is not a value prefix_rule takes here`, token.line);
    }
    return fail(`expected a string or a list, found "${token.text}"`, token.line);
  };
  const calls: RuleCall[] = [];
  while (pos < tokens.length) {
    const name = tokens[pos]!;
    if (name.kind !== 'name') fail(`expected a call such as prefix_rule(...), found "${name.text}"`, name.line);
    pos++;
    expect('(');
    const args: RuleCall['args'] = new Map();
    while (!(peek()?.kind === 'punct' && peek()?.text === ')')) {
      const key = peek();
      if (key?.kind !== 'name') fail('expected a keyword argument (name = value)');
      pos++;
      expect('=');
      if (args.has(key!.text)) fail(`"${key!.text}" is given twice`, key!.line);
      args.set(key!.text, { value: value(), line: key!.line });
      if (peek()?.text === ',') pos++;
      else break;
    }
    expect(')');
    calls.push({ name: name.text, line: name.line, args });
  }
  return calls;
}
