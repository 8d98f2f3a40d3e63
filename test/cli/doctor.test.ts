// Issue 25.4: `wsagent doctor` against a live simulator (every row ✓ but what this machine lacks),
// against a dead base URL (✗ with its fix, exit 1), without bubblewrap (the sandbox rows are
// warnings, exit 0), and as JSON. The simulator's request log shows what the probes sent: only
// generate:false warm-ups and a steer that is refused, nothing generated. The key appears nowhere.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_NODE, checkNode } from '../../src/cli/doctor/nodeCheck.js';
import { runDoctor } from '../../src/cli/doctor/runDoctor.js';
import type { GlobalOptions } from '../../src/cli/globalOptions.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { closedPort } from '../helpers/closedPort.js';
import { sandboxAvailable } from '../helpers/sandboxAvailable.js';
import { STDIO_SERVER } from '../tools/mcp/mcpHarness.js';

const KEY = 'sk-doctor-SECRET-4f1c9a7e2b';
const ROWS_BEFORE_OPTIONAL = ['node', 'config directory', 'API key', 'base URL: DNS', 'base URL: TLS', 'base URL: HTTP'];
const SOCKET_ROWS = ['base URL: WebSocket', 'base URL: warm-up', 'base URL: lanes', 'base URL: steering'];
const SANDBOX_ROWS = ['sandbox: bwrap', 'sandbox: user namespaces', 'sandbox: /proc'];

let sim: Simulator;
let classicSim: Simulator;
const dirs: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  sim = await createSimulator({ scenario: null });
  classicSim = await createSimulator({ scenario: null, lanes: false });
});
afterAll(async () => {
  await sim.close();
  await classicSim.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A config directory whose settings start the MCP fixture server over stdio. */
function configWithMcp(servers: Record<string, unknown>): string {
  const dir = tempDir('wsagent-doctor-config-');
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ mcpServers: servers }));
  return dir;
}

/** The table's rows: mark, name, detail (fix lines folded into their row). */
function rows(table: string): Map<string, { mark: string; detail: string; fix: string | null }> {
  const out = new Map<string, { mark: string; detail: string; fix: string | null }>();
  let last: { mark: string; detail: string; fix: string | null } | null = null;
  for (const line of table.split('\n')) {
    const row = /^([✓!✗]) (.+?)\s{2,}(.*)$/.exec(line);
    if (row) {
      last = { mark: row[1]!, detail: row[3]!, fix: null };
      out.set(row[2]!.trim(), last);
    } else if (last && /^\s+fix: /.test(line)) last.fix = line.trim().slice('fix: '.length);
  }
  return out;
}

async function doctorInProcess(opts: GlobalOptions, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  let output = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      output += chunk.toString();
      done();
    },
  });
  const code = await runDoctor({ cwd: tempDir('wsagent-doctor-cwd-'), ...opts }, sink, { ...process.env, ...env });
  return { code, output };
}

describe('wsagent doctor (25.4)', () => {
  it('against the simulator: every row ✓ (ripgrep and the sandbox may be ! where this machine lacks them), exit 0, only warm-ups on the wire', async () => {
    const before = sim.log.entries.length;
    const configDir = configWithMcp({ demo: { command: process.execPath, args: [STDIO_SERVER] } });
    const run = await runCli(['doctor', '--base-url', sim.baseUrl], { env: { WSAGENT_CONFIG_DIR: configDir, OPENAI_API_KEY: KEY } });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const table = rows(run.stdout);
    for (const name of [...ROWS_BEFORE_OPTIONAL, ...SOCKET_ROWS, 'git', 'MCP: demo']) expect(table.get(name)?.mark, `${name}: ${run.stdout}`).toBe('✓');
    if (sandboxAvailable) for (const name of SANDBOX_ROWS) expect(table.get(name)?.mark, name).toBe('✓');
    else {
      // Without bwrap: no sandbox and no /proc check; the kernel's namespace switch is still read.
      expect(table.get('sandbox: bwrap')?.mark).toBe('!');
      expect(table.get('sandbox: /proc')?.mark).toBe('!');
      expect(['✓', '!']).toContain(table.get('sandbox: user namespaces')?.mark);
    }
    expect(['✓', '!']).toContain(table.get('ripgrep')?.mark);
    expect(table.get('API key')?.detail).toBe('set (hidden), from the environment variable OPENAI_API_KEY');
    expect(table.get('base URL: warm-up')?.detail).toMatch(/^generate:false with gpt-5\.2: round trip \d+ ms$/);
    expect(table.get('base URL: lanes')?.detail).toMatch(/^served/);
    expect(table.get('base URL: steering')?.detail).toMatch(/^served, but gpt-5\.2 cannot be steered/);
    expect(table.get('MCP: demo')?.detail).toMatch(/^started in \d+ ms \(demo-server 1\.0\.0\): \d+ tools$/);
    expect(run.stdout).toMatch(/^wsagent can run/m);
    // What went over the wire: two warm-ups on one socket (the second on a named lane) and a refused steer; nothing generated.
    const sent = sim.log.entries.slice(before);
    const responses = sent.filter((e) => e.kind === 'response');
    expect(responses.map((e) => [e.transport, e.generate, e.streamId])).toEqual([
      ['ws', false, null],
      ['ws', false, 'wsagent-doctor'],
    ]);
    expect(new Set(responses.map((e) => e.connectionId)).size).toBe(1);
    expect(sent.filter((e) => e.kind === 'steer').map((e) => [e.status, e.errorCode])).toEqual([['refused', 'steering_not_supported']]);
    expect(sent.some((e) => e.kind === 'successor')).toBe(false);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it('against a dead base URL: ✗ on the HTTP row with its fix, no socket rows, exit 1', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const run = await runCli(['doctor', '--base-url', url], { env: { WSAGENT_CONFIG_DIR: tempDir('wsagent-doctor-config-'), OPENAI_API_KEY: KEY } });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const table = rows(run.stdout);
    expect(table.get('base URL: HTTP')).toEqual({
      mark: '✗',
      detail: `GET ${url}/models: connection refused (${new URL(url).host})`,
      fix: 'start the server or correct the base URL (set by --base-url)',
    });
    for (const name of SOCKET_ROWS) expect(table.has(name)).toBe(false);
    expect(run.stdout).toMatch(/^1 problem stops wsagent from running/m);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it('without bubblewrap (WSAGENT_BWRAP=/nonexistent): the sandbox rows are warnings with the fix, exit 0', async () => {
    const run = await runCli(['doctor', '--base-url', sim.baseUrl], {
      env: { WSAGENT_CONFIG_DIR: tempDir('wsagent-doctor-config-'), OPENAI_API_KEY: KEY, WSAGENT_BWRAP: '/nonexistent' },
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const table = rows(run.stdout);
    expect(table.get('sandbox: bwrap')).toMatchObject({ mark: '!', detail: '/nonexistent (WSAGENT_BWRAP) does not exist' });
    expect(table.get('sandbox: bwrap')?.fix).toMatch(/^unset WSAGENT_BWRAP, or install bubblewrap \(Debian\/Ubuntu: apt install bubblewrap\)/);
    expect(table.get('sandbox: /proc')).toMatchObject({ mark: '!', detail: 'not checked: no bwrap' });
    for (const name of [...ROWS_BEFORE_OPTIONAL, ...SOCKET_ROWS]) expect(table.get(name)?.mark, name).toBe('✓');
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });

  it('--json: an array of {name, status, detail, fix}; a steerable model on the simulator is "served"', async () => {
    const { code, output } = await doctorInProcess(
      { json: true, baseUrl: sim.baseUrl, model: 'gpt-6-astra' },
      { WSAGENT_CONFIG_DIR: tempDir('wsagent-doctor-config-'), OPENAI_API_KEY: KEY },
    );
    expect(code).toBe(0);
    const checks = JSON.parse(output) as Array<Record<string, unknown>>;
    expect(Array.isArray(checks)).toBe(true);
    for (const check of checks) {
      expect(Object.keys(check)).toEqual(['name', 'status', 'detail', 'fix']);
      expect(['ok', 'fail', 'warn']).toContain(check.status);
      expect(typeof check.detail).toBe('string');
      expect(check.fix === null || typeof check.fix === 'string').toBe(true);
    }
    expect(checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([...ROWS_BEFORE_OPTIONAL, ...SOCKET_ROWS, ...SANDBOX_ROWS, 'ripgrep', 'git', 'MCP servers']),
    );
    expect(checks.find((c) => c.name === 'base URL: steering')).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/^served \(response\.steer understood\)/),
    });
    expect(output).not.toContain(KEY);
  });

  it('a key from the config file is named as such and never shown; transport http leaves the socket out', async () => {
    const configDir = tempDir('wsagent-doctor-config-');
    writeFileSync(join(configDir, 'config.json'), JSON.stringify({ apiKey: KEY, transport: 'http' }));
    const { code, output } = await doctorInProcess({ baseUrl: sim.baseUrl }, { WSAGENT_CONFIG_DIR: configDir, OPENAI_API_KEY: '' });
    expect(code).toBe(0);
    expect(rows(output).get('API key')?.detail).toBe(`set (hidden), from the config file ${join(configDir, 'config.json')}`);
    expect(rows(output).get('base URL: WebSocket')?.detail).toBe('not used: the transport setting is http (every request resends its context)');
    expect(rows(output).has('base URL: warm-up')).toBe(false);
    expect(output).not.toContain(KEY);
  });

  it('a server without lanes: the lanes row says sub-agents get sockets of their own', async () => {
    const { code, output } = await doctorInProcess(
      { baseUrl: classicSim.baseUrl },
      { WSAGENT_CONFIG_DIR: tempDir('wsagent-doctor-config-'), OPENAI_API_KEY: KEY },
    );
    expect(code).toBe(0);
    expect(rows(output).get('base URL: lanes')).toEqual({
      mark: '✓',
      detail: 'not served (stream_id refused): each sub-agent gets a socket of its own',
      fix: null,
    });
  });

  it('what wsagent cannot run without fails (exit 1): no key, an unusable config directory, a model the server does not serve', async () => {
    const noKey = await doctorInProcess({ baseUrl: sim.baseUrl }, { WSAGENT_CONFIG_DIR: tempDir('wsagent-doctor-config-'), OPENAI_API_KEY: '' });
    expect(noKey.code).toBe(1);
    expect(rows(noKey.output).get('API key')).toMatchObject({ mark: '✗', detail: 'not set' });
    // The server is still asked whether it is there; the socket is not opened without a key.
    expect(rows(noKey.output).get('base URL: HTTP')?.mark).toBe('✓');
    expect(rows(noKey.output).has('base URL: WebSocket')).toBe(false);

    const file = join(tempDir('wsagent-doctor-file-'), 'not-a-dir');
    writeFileSync(file, '');
    const badDir = await doctorInProcess({ baseUrl: sim.baseUrl }, { WSAGENT_CONFIG_DIR: file, OPENAI_API_KEY: KEY });
    expect(badDir.code).toBe(1);
    expect(rows(badDir.output).get('config directory')).toMatchObject({ mark: '✗', detail: `${file}: it is not a directory` });

    const model = await doctorInProcess(
      { baseUrl: sim.baseUrl, model: 'gpt-nonexistent' },
      { WSAGENT_CONFIG_DIR: tempDir('wsagent-doctor-config-'), OPENAI_API_KEY: KEY },
    );
    expect(model.code).toBe(1);
    expect(rows(model.output).get('base URL: HTTP')?.mark).toBe('!');
    expect(rows(model.output).get('base URL: warm-up')).toMatchObject({ mark: '✗', detail: expect.stringMatching(/^model_not_found: /) });
  });

  it('a host that does not resolve: ✗ DNS with the fix, nothing further asked', async () => {
    const { code, output } = await doctorInProcess(
      { baseUrl: 'https://wsagent-doctor.invalid/v1' },
      { WSAGENT_CONFIG_DIR: tempDir('wsagent-doctor-config-'), OPENAI_API_KEY: KEY },
    );
    expect(code).toBe(1);
    expect(rows(output).get('base URL: DNS')).toMatchObject({
      mark: '✗',
      fix: 'check the host name in the base URL (set by --base-url) and your network or VPN',
    });
    expect(rows(output).has('base URL: TLS')).toBe(false);
  });

  it('an MCP server that cannot start is a warning naming why; Node older than package.json engines fails', async () => {
    const configDir = configWithMcp({ broken: { command: join(tempDir('wsagent-doctor-bin-'), 'no-such-server') } });
    const { code, output } = await doctorInProcess({ baseUrl: sim.baseUrl }, { WSAGENT_CONFIG_DIR: configDir, OPENAI_API_KEY: KEY });
    expect(code).toBe(0);
    expect(rows(output).get('MCP: broken')).toMatchObject({ mark: '!', detail: expect.stringMatching(/^could not start: command not found/) });

    const engines = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).engines.node;
    expect(engines).toBe(`>=${MIN_NODE}`);
    expect(checkNode('20.4.9')).toMatchObject({ status: 'fail', required: true });
    expect(checkNode(MIN_NODE).status).toBe('ok');
  });
});

/** A certificate for 127.0.0.1, made by openssl, valid for 30 days; null without openssl. */
function selfSignedCertificate(): { key: string; cert: string; certFile: string } | null {
  const dir = tempDir('wsagent-doctor-tls-');
  const [keyFile, certFile] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '30',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) return null;
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

const certificate = selfSignedCertificate();

describe.skipIf(certificate === null)(`doctor over TLS${certificate === null ? ' (skipped: no openssl to make a certificate)' : ''}`, () => {
  let proxy: TlsServer;
  let httpsUrl: string;
  beforeAll(async () => {
    // TLS in front of the simulator: https and wss reach it unchanged.
    const port = Number(new URL(sim.baseUrl).port);
    proxy = createTlsServer({ key: certificate!.key, cert: certificate!.cert }, (socket) => {
      const upstream = connect(port, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    httpsUrl = `https://127.0.0.1:${(proxy.address() as { port: number }).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => proxy.close(() => resolve())));

  it('a certificate this machine does not trust: ✗ TLS with the fix, exit 1; trusted (NODE_EXTRA_CA_CERTS): ✓ TLS and the socket over wss', async () => {
    const untrusted = await doctorInProcess({ baseUrl: httpsUrl }, { WSAGENT_CONFIG_DIR: tempDir('wsagent-doctor-config-'), OPENAI_API_KEY: KEY });
    expect(untrusted.code).toBe(1);
    expect(rows(untrusted.output).get('base URL: TLS')).toEqual({
      mark: '✗',
      detail: `127.0.0.1:${new URL(httpsUrl).port}: certificate not accepted (DEPTH_ZERO_SELF_SIGNED_CERT)`,
      fix: 'a proxy that re-signs traffic needs its CA: NODE_EXTRA_CA_CERTS=/path/to/ca.pem; otherwise check the host name',
    });

    const trusted = await runCli(['doctor', '--base-url', httpsUrl], {
      env: { WSAGENT_CONFIG_DIR: tempDir('wsagent-doctor-config-'), OPENAI_API_KEY: KEY, NODE_EXTRA_CA_CERTS: certificate!.certFile },
    });
    expect(trusted.code, trusted.stdout + trusted.stderr).toBe(0);
    const table = rows(trusted.stdout);
    expect(table.get('base URL: TLS')?.detail).toMatch(/^TLSv1\.3, certificate valid for 127\.0\.0\.1 until \d{4}-\d\d-\d\d$/);
    expect(table.get('base URL: WebSocket')?.detail).toMatch(new RegExp(`^wss://127\\.0\\.0\\.1:${new URL(httpsUrl).port}/v1/responses upgraded in \\d+ ms$`));
    expect(table.get('base URL: warm-up')?.mark).toBe('✓');
    expect(trusted.stdout + trusted.stderr).not.toContain(KEY);
  });
});

describe('doctor against a server from before steering', () => {
  it('response.steer answered with invalid_event_type: the steering row says typed words go with the next request', async () => {
    const old = await createSimulator({ scenario: null, steering: false, unknownEvents: 'error' });
    try {
      const { code, output } = await doctorInProcess({ baseUrl: old.baseUrl }, { WSAGENT_CONFIG_DIR: tempDir('wsagent-doctor-config-'), OPENAI_API_KEY: KEY });
      expect(code).toBe(0);
      expect(rows(output).get('base URL: steering')).toEqual({
        mark: '✓',
        detail: 'not served (response.steer answered with invalid_event_type): words typed during a turn go with the next request',
        fix: null,
      });
      expect(old.log.entries.filter((e) => e.kind === 'steer')).toEqual([]);
    } finally {
      await old.close();
    }
  });
});
