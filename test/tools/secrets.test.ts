// The pieces behind issue 9.4: which variables commands lose, and the redactor.
import { afterEach, describe, expect, it } from 'vitest';

import { clearSecrets, redactSecrets, redactSecretsDeep, registerSecret } from '../../src/config/secretRedactor.js';
import { commandEnv, isSecretName } from '../../src/tools/commandEnvironment.js';

afterEach(() => clearSecrets());

describe('the command environment', () => {
  it('drops the key, wsagent settings and secret-looking names; keeps the rest and named ones', () => {
    const source = {
      OPENAI_API_KEY: 'sk-aaaaaaaaaaaa',
      OPENAI_BASE_URL: 'http://x',
      OPENAI_ORG_ID: 'org-1',
      WSAGENT_SANDBOX: 'read-only',
      GITHUB_TOKEN: 'ghp_1',
      npm_config__auth_token: 'x',
      AWS_SECRET_ACCESS_KEY: 's',
      DB_PASSWORD: 'p',
      ANTHROPIC_API_KEY: 'a',
      GOOGLE_KEY: 'g',
      AWS_PROFILE_TOKEN_FILE: 't',
      PATH: '/usr/bin',
      HOME: '/home/u',
      KEYBOARD: 'us',
      TOKENIZERS_PARALLELISM: 'false',
      FORCE_COLOR: '1',
    };
    expect(Object.keys(commandEnv({}, source)).sort()).toEqual([
      'GIT_PAGER',
      'GIT_TERMINAL_PROMPT',
      'HOME',
      'KEYBOARD',
      'NO_COLOR',
      'PAGER',
      'PATH',
      'TOKENIZERS_PARALLELISM',
    ]);
    const kept = commandEnv({ keep: ['GITHUB_TOKEN', 'AWS_*'], extra: { TMPDIR: '/tmp' } }, source);
    expect(kept).toMatchObject({ GITHUB_TOKEN: 'ghp_1', AWS_SECRET_ACCESS_KEY: 's', AWS_PROFILE_TOKEN_FILE: 't', TMPDIR: '/tmp' });
    expect(kept.DB_PASSWORD).toBeUndefined();
    expect(['SLACK_BOT_TOKEN', 'client_secret', 'MYSQL_PWD_PASSWORD', 'HF_TOKEN'].every(isSecretName)).toBe(true);
    expect(['PATH', 'TERM', 'KEYMAP', 'LANG'].some(isSecretName)).toBe(false);
  });

  it('registers the values of the secrets it drops, so they are redacted where they turn up', () => {
    commandEnv({}, { PATH: '/bin', STRIPE_SECRET_KEY: 'sk_live_abcdefgh', SHORT_TOKEN: 'abc' });
    expect(redactSecrets('key sk_live_abcdefgh and abc')).toBe('key [redacted] and abc');
  });
});

describe('the redactor', () => {
  it('replaces raw and JSON-escaped forms, and ignores values too short to be secrets', () => {
    registerSecret('pa"ss\\word-1234');
    registerSecret('short');
    const line = JSON.stringify({ output: 'the key is pa"ss\\word-1234', args: JSON.stringify({ command: 'echo pa"ss\\word-1234' }) });
    const redacted = redactSecrets(line);
    expect(redacted).not.toContain('word-1234');
    expect(JSON.parse(redacted)).toEqual({ output: 'the key is [redacted]', args: JSON.stringify({ command: 'echo [redacted]' }) });
    expect(redactSecrets('short')).toBe('short');
  });

  it('walks events, leaving untouched ones identical', () => {
    registerSecret('sk-event-secret');
    const clean = { type: 'usage', input: 1 };
    expect(redactSecretsDeep(clean)).toBe(clean);
    expect(redactSecretsDeep({ type: 'error', message: 'bad sk-event-secret', list: ['x sk-event-secret'] })).toEqual({
      type: 'error',
      message: 'bad [redacted]',
      list: ['x [redacted]'],
    });
  });
});
