// The skills directories are read-only roots of the workspace guard: read_file reads under them,
// nothing writes there, and a symlink inside one cannot reach the files beside it (the config
// file with the API key lives one level up).
import { realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileTool } from '../../src/tools/readFile.js';
import { WorkspaceGuard } from '../../src/tools/WorkspaceGuard.js';
import { writeFileTool } from '../../src/tools/writeFile.js';
import { context, run, tempDir, writeFiles } from './helpers.js';

describe('read-only roots (skills outside the workspace)', () => {
  it('read_file reads under them by absolute path; write_file and anything beside them are refused', async () => {
    const config = realpathSync(tempDir('wsagent-ro-config-'));
    writeFiles(config, { 'config.json': '{"apiKey":"sk-secret"}', 'skills/style/SKILL.md': 'SKILL BODY\n' });
    symlinkSync(join(config, 'config.json'), join(config, 'skills', 'style', 'leak.md'));
    const root = tempDir('wsagent-ro-ws-');
    writeFiles(root, { 'a.txt': 'a' });
    const ctx = context(new WorkspaceGuard(root, [join(config, 'skills')]));
    const read = (path: string) => run(readFileTool, { path, start_line: null, end_line: null }, ctx);

    expect(await read(join(config, 'skills/style/SKILL.md'))).toEqual({ ok: true, output: '     1\tSKILL BODY' });
    const beside = await read(join(config, 'config.json'));
    expect(beside.ok).toBe(false);
    expect(beside.output).toContain('outside the workspace');
    const viaLink = await read(join(config, 'skills/style/leak.md'));
    expect(viaLink.ok).toBe(false);
    expect(viaLink.output).not.toContain('sk-secret');
    const write = await run(writeFileTool, { path: join(config, 'skills/style/SKILL.md'), content: 'x' }, ctx);
    expect(write.ok).toBe(false);
    expect(write.output).toContain('outside the workspace');
  });
});
