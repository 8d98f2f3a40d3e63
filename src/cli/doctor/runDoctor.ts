// `wsagent doctor`: every check, in the order a session needs them (Node, directories, settings and
// key, the base URL from DNS to the socket's features, then the optional parts: sandbox, programs,
// MCP servers). Nothing here prints the key: it goes only into the requests' headers, and every
// line is redacted anyway.
import { configFilePath } from '../../config/configDir.js';
import { redactSecrets, registerSecret } from '../../config/secretRedactor.js';
import type { GlobalOptions } from '../globalOptions.js';
import { resolveRun, type ResolvedRun } from '../resolveRun.js';
import { checkApiKey } from './apiKeyCheck.js';
import { checkDirectories } from './directoryChecks.js';
import { checkDns } from './dnsCheck.js';
import { type DoctorCheck, fail } from './doctorCheck.js';
import { doctorExitCode, doctorJson, doctorTable } from './doctorReport.js';
import { endpointTarget } from './endpointTarget.js';
import { checkHttp } from './httpCheck.js';
import { checkMcpServers } from './mcpChecks.js';
import { checkNode } from './nodeCheck.js';
import { checkGit, checkRipgrep } from './programChecks.js';
import { checkSandbox } from './sandboxChecks.js';
import { checkSocket } from './socketChecks.js';
import { checkTls } from './tlsCheck.js';

export async function runDoctor(opts: GlobalOptions, out: NodeJS.WritableStream = process.stdout, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const local = [checkNode(), ...checkDirectories(env)];
  let run: ResolvedRun | null = null;
  try {
    run = resolveRun(opts, env);
  } catch (err) {
    local.push(fail('settings', (err as Error).message, 'fix the setting it names (`wsagent config list` shows them all)'));
  }
  if (run?.settings.apiKey) registerSecret(run.settings.apiKey);
  // The sandbox and program checks spawn synchronously: done first, they cannot stretch the
  // round trips measured below. MCP servers start meanwhile (their handshakes are mostly waiting).
  const programs = [...checkSandbox(env), checkRipgrep(env), checkGit(env)];
  const starting = run ? checkMcpServers(run.configDir, run.cwd) : Promise.resolve([]);
  const network = run ? await baseUrlChecks(run, env) : [];
  const mcp = await starting;
  const checks = [...local, ...network, ...programs, ...mcp].map((c) => ({ ...c, detail: redactSecrets(c.detail), fix: c.fix && redactSecrets(c.fix) }));
  out.write(opts.json ? doctorJson(checks) : doctorTable(checks));
  return doctorExitCode(checks);
}

async function baseUrlChecks(run: ResolvedRun, env: NodeJS.ProcessEnv): Promise<DoctorCheck[]> {
  const { settings } = run;
  const key = checkApiKey(settings, run.sources ?? {}, configFilePath(env));
  const target = endpointTarget(settings.baseUrl, run.sources?.baseUrl, settings.provider);
  const dns = await checkDns(target);
  if (dns.status === 'fail') return [key, dns];
  const tls = await checkTls(target);
  if (tls.status === 'fail') return [key, dns, tls];
  // Without a key the server is still worth asking: it says whether it is there at all.
  const apiKey = settings.apiKey ?? '';
  const http = await checkHttp(target, settings, apiKey);
  // Without a key the socket would only be refused, which the key row already says.
  if (!http.reachable || apiKey === '') return [key, dns, tls, http.check];
  return [key, dns, tls, http.check, ...(await checkSocket(target, settings, apiKey))];
}
