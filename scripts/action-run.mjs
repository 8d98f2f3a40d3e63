// The GitHub Action's run step (action.yml): `wsagent exec` with the action's inputs, which
// action.yml hands over as WSAGENT_ACTION_* environment variables (a composite action gets no
// INPUT_* variables, and an input put into `run:` text would be a script injection). It writes
// the outputs `final-message` (heredoc-delimited: it spans lines) and `exit-code` to
// $GITHUB_OUTPUT, and fails the step when wsagent failed unless fail-on-error is false.
//
// The API key: masked first (`::add-mask::`, so the runner blanks it in every log line), handed to
// wsagent as OPENAI_API_KEY in its environment only, never on a command line and never printed.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'shell-quote';

const PREFIX = 'WSAGENT_ACTION_';
const input = (name) => (process.env[`${PREFIX}${name}`] ?? '').trim();
const wsagent = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'wsagent.js');

/** A usage problem: one `::error::` line, the outputs say exit code 2, the step fails. */
function usage(message) {
  console.log(`::error::wsagent action: ${message}`);
  writeOutputs('', 2);
  process.exit(2);
}

function writeOutputs(finalMessage, exitCode) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  let delimiter = `wsagent_${randomUUID()}`;
  while (finalMessage.includes(delimiter)) delimiter = `wsagent_${randomUUID()}`;
  appendFileSync(file, `final-message<<${delimiter}\n${finalMessage}\n${delimiter}\nexit-code=${exitCode}\n`);
}

/** extra-args: a JSON array of strings, or words as a shell would split them (no operators, no expansion). */
function extraArgs(raw) {
  if (raw === '') return [];
  if (raw.startsWith('[')) {
    let parsed;
    try {
      parsed = JSON.parse(raw);
    } catch {
      usage('extra-args starts with [ but is not a JSON array of strings');
    }
    if (!Array.isArray(parsed) || parsed.some((a) => typeof a !== 'string')) usage('extra-args must be a JSON array of strings');
    return parsed;
  }
  return parse(raw, (name) => `$${name}`).map((word) => {
    if (typeof word === 'string') return word;
    if (word.op === 'glob') return word.pattern;
    return usage(`extra-args: "${word.op ?? word.comment}" is shell syntax; give plain arguments (or a JSON array)`);
  });
}

const key = input('API_KEY') || (process.env.OPENAI_API_KEY ?? '').trim();
if (key) console.log(`::add-mask::${key}`);

const prompt = input('PROMPT');
const promptFile = input('PROMPT_FILE');
const workdir = resolve(process.env.GITHUB_WORKSPACE ?? process.cwd(), input('WORKING_DIRECTORY') || '.');
if (!existsSync(workdir)) usage(`working-directory ${input('WORKING_DIRECTORY')} does not exist`);
if (prompt && promptFile) usage('give prompt or prompt-file, not both');
if (!prompt && !promptFile) usage('give prompt or prompt-file');
let promptText = prompt;
if (promptFile) {
  try {
    promptText = readFileSync(resolve(workdir, promptFile), 'utf8').trim();
  } catch (err) {
    usage(`cannot read prompt-file ${promptFile} (${err.code ?? err.message})`);
  }
  if (!promptText) usage(`prompt-file ${promptFile} is empty`);
}
if (!key) usage('no API key: set the api-key input (from a secret), or OPENAI_API_KEY in the environment');

const scratch = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'wsagent-action-'));
const lastMessage = join(scratch, 'final-message.txt');
const args = ['exec', '--approval', input('APPROVAL') || 'full-auto', '--sandbox', input('SANDBOX') || 'workspace-write', '--output-last-message', lastMessage];
if (input('MODEL')) args.push('--model', input('MODEL'));
if (input('BASE_URL')) args.push('--base-url', input('BASE_URL'));
const schema = process.env[`${PREFIX}OUTPUT_SCHEMA`] ?? '';
if (schema.trim() && input('OUTPUT_SCHEMA_FILE')) usage('give output-schema or output-schema-file, not both');
if (schema.trim()) {
  const file = join(scratch, 'output-schema.json');
  writeFileSync(file, schema);
  args.push('--output-schema', file);
} else if (input('OUTPUT_SCHEMA_FILE')) args.push('--output-schema', resolve(workdir, input('OUTPUT_SCHEMA_FILE')));
args.push(...extraArgs(input('EXTRA_ARGS')));
// After `--` the prompt is never taken for an option, whatever it starts with.
args.push('--', promptText);

// wsagent sees the key as OPENAI_API_KEY and none of the action's own variables.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith(PREFIX)));
env.OPENAI_API_KEY = key;
console.log(`wsagent action: wsagent ${args.slice(0, -1).join(' ')} <prompt, ${promptText.length} characters>`);
const run = spawnSync(process.execPath, [wsagent, ...args], { cwd: workdir, env, stdio: ['ignore', 'inherit', 'inherit'] });
const exitCode = run.status ?? (run.signal ? 128 + (constants.signals[run.signal] ?? 0) : 1);
const finalMessage = existsSync(lastMessage) ? readFileSync(lastMessage, 'utf8').replace(/\n+$/, '') : '';
rmSync(scratch, { recursive: true, force: true });
writeOutputs(finalMessage, exitCode);
if (exitCode !== 0 && input('FAIL_ON_ERROR') !== 'false') {
  console.log(`::error::wsagent exec exited with ${exitCode}`);
  process.exit(exitCode);
}
