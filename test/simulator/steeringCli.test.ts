// `wsagent sim` and steering as a user runs it: the steering flags (steerable models, boundary,
// successor's previous_response_id, pending limit), a steer fault, the steer lines of the JSONL
// request log, and bad steering flags refused with one line and exit code 2.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.js';
import { RawSocket } from '../helpers/rawSocket.js';
import { eventsOfResponse, type Json, LONG_ANSWER, nthOf, steer, textOf, until } from './steerHelpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('wsagent sim and steering', () => {
  it('--steerable-models, --steer-boundary token, --steer-successor-previous null, --fault steer_fail@2 and the log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsagent-steer-'));
    dirs.push(dir);
    const scenario = join(dir, 'talk.json');
    const answer = { message: 'Heard: {{latest_user_message}} (seen {{latest_user_message_count}} time)' };
    writeFileSync(scenario, JSON.stringify({ name: 'talk', steps: [{ message: LONG_ANSWER }, answer, { message: LONG_ANSWER }] }));
    const log = join(dir, 'requests.jsonl');
    const args = ['sim', '--scenario', scenario, '--profile', 'local,tokens_per_second=100', '--log', log];
    const flags = ['--steerable-models', 'gpt-4.1', '--steer-boundary', 'token', '--steer-successor-previous', 'null', '--fault', 'steer_fail@2'];
    const { child, match, output } = await startCli([...args, ...flags], /WebSocket URL: (ws:\/\/\S+)/);
    try {
      const s = await RawSocket.connect(match[1]!);
      s.sendRaw(JSON.stringify({ type: 'response.create', model: 'gpt-4.1', store: false, input: 'Talk.' }));
      const parentId = (await nthOf(s, 'response.created')).response.id as string;
      await nthOf(s, 'response.output_text.delta', 2);
      steer(s, parentId, 'Stop there.');
      // token: the message is closed at once; null: the successor shows no previous_response_id.
      const parent = (await nthOf(s, 'response.incomplete')).response as Json;
      expect(parent.output[0].status).toBe('incomplete');
      const successor = (await nthOf(s, 'response.completed')).response as Json;
      expect(successor.previous_response_id).toBeNull();
      expect(textOf(successor)).toBe('Heard: Stop there. (seen 1 time)');
      // The second steer meets steer_fail@2.
      s.sendRaw(JSON.stringify({ type: 'response.create', model: 'gpt-4.1', store: false, previous_response_id: successor.id, input: 'More.' }));
      const third = (await nthOf(s, 'response.created', 3)).response.id as string;
      await until(() => eventsOfResponse(s, third).find((e) => e.type === 'response.output_text.delta'), 'the third response writes');
      steer(s, third, 'Second.');
      expect((await nthOf(s, 'response.steer.failed')).error.code).toBe('successor_creation_failed');
      s.close();
      const lines = await until(() => {
        const all = readFileSync(log, 'utf8').trim().split('\n');
        return all.length >= 7 && all.map((l) => JSON.parse(l) as Json);
      }, 'the log lines');
      expect(lines.map((l) => [l.kind, l.status, l.steer?.via ?? l.fault ?? null])).toEqual([
        ['steer', 'accepted', null],
        ['response', 'incomplete', null],
        ['steer_committed', 'committed', 'successor'],
        ['successor', 'completed', null],
        ['steer', 'accepted', 'steer_fail'],
        ['response', 'incomplete', null],
        ['steer_failed', 'failed', 'steer_fail'],
      ]);
      expect(lines[0]).toMatchObject({
        seq: 1,
        previousResponseId: parentId,
        steer: { fields: ['type', 'previous_response_id', 'input'], texts: ['Stop there.'] },
      });
      expect(lines[3]).toMatchObject({ successorOf: parentId, responseId: successor.id, userTexts: ['Stop there.'] });
      // Successors and steers are not requests.
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      expect(output()).toContain('simulator stopped after 2 requests and 2 steers');
    } finally {
      child.kill('SIGINT');
    }
  });

  it('rejects bad steering flags with one clear line and exit code 2', async () => {
    for (const [args, message] of [
      [['sim', '--steer-boundary', 'sideways'], /--steer-boundary must be item or token/],
      [['sim', '--steer-successor-previous', 'grandparent'], /--steer-successor-previous must be parent or null/],
      [['sim', '--steer-max-pending', '0'], /--steer-max-pending needs a whole number ≥ 1/],
      [['sim', '--fault', 'steer_explode'], /unknown fault "steer_explode" \(known: .*steer_drop, steer_fail\)/],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
