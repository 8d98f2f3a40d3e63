// A hook as a process: stdin, exit code, environment, timeout.
import { describe, expect, it } from 'vitest';
import { runHookProcess } from '../../../src/agent/hooks/hookProcess.js';

const options = (timeoutMs = 20_000) => ({ cwd: process.cwd(), timeoutMs, signal: new AbortController().signal });

describe('runHookProcess', () => {
  it('hands the JSON on stdin and reads stdout, stderr and the exit code', async () => {
    const result = await runHookProcess(
      `node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{console.log(JSON.parse(s).n*2);console.error('e');process.exit(3)})"`,
      { n: 21 },
      options(),
    );
    expect(result).toMatchObject({ exitCode: 3, timedOut: false, spawnError: null });
    expect(result.stdout.trim()).toBe('42');
    expect(result.stderr.trim()).toBe('e');
  });

  it('copes with a hook that never reads a large stdin', async () => {
    const result = await runHookProcess('exit 0', { output: 'x'.repeat(1_000_000) }, options());
    expect(result.exitCode).toBe(0);
  });

  it('runs without the API key or secret-looking variables', async () => {
    process.env.OPENAI_API_KEY = 'sk-hook-process-test';
    process.env.DEPLOY_TOKEN = 'tok-hook-process-test';
    try {
      const result = await runHookProcess('env', {}, { ...options(), extraEnv: { CLAUDE_PROJECT_DIR: '/the/project' } });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).not.toContain('sk-hook-process-test');
      expect(result.stdout).not.toContain('tok-hook-process-test');
      expect(result.stdout).toContain('CLAUDE_PROJECT_DIR=/the/project');
    } finally {
      delete process.env.OPENAI_API_KEY;
      delete process.env.DEPLOY_TOKEN;
    }
  });
});
