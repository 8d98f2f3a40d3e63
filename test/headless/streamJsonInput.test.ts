// The stream-json input lines (Claude Code's shape): what is a user message, and what each bad
// line is told.
import { describe, expect, it } from 'vitest';
import { parseInputLine } from '../../src/headless/streamJsonInput.js';

describe('parseInputLine', () => {
  it('takes a string content or an array of text parts (joined by newlines)', () => {
    expect(parseInputLine('{"type":"user","message":{"role":"user","content":"hi"}}')).toEqual({ ok: true, text: 'hi' });
    expect(
      parseInputLine(
        JSON.stringify({
          type: 'user',
          message: {
            role: 'user',
            content: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
          },
        }),
      ),
    ).toEqual({ ok: true, text: 'a\nb' });
    expect(parseInputLine('{"type":"user","message":{"content":"no role is fine"}}')).toEqual({ ok: true, text: 'no role is fine' });
  });

  it('says what is wrong with anything else', () => {
    const bad = (line: string): string => {
      const parsed = parseInputLine(line);
      if (parsed.ok) throw new Error(`accepted ${line}`);
      return parsed.message;
    };
    expect(bad('not json')).toMatch(/^not JSON/);
    expect(bad('[1]')).toBe('not a JSON object');
    expect(bad('{"type":"assistant","message":{"content":"x"}}')).toBe('"type" must be "user" (got "assistant")');
    expect(bad('{"type":"user"}')).toMatch(/"message" must be an object/);
    expect(bad('{"type":"user","message":{"role":"system","content":"x"}}')).toMatch(/"message.role" must be "user"/);
    expect(bad('{"type":"user","message":{"content":[{"type":"image","source":{}}]}}')).toMatch(/array of \{"type":"text"/);
    expect(bad('{"type":"user","message":{"content":"  "}}')).toBe('"message.content" is empty');
  });
});
