// Runs a composite GitHub Action's steps as a runner does, for tests: the `run:` steps with bash
// (`bash --noprofile --norc -eo pipefail FILE`, in the workspace), `${{ … }}` expressions in
// `env:` replaced from the inputs (defaults from action.yml for those not given), `github.*` and
// `steps.*.outputs`, a fresh GITHUB_OUTPUT file per step, and workflow commands read back from
// stdout (`::add-mask::` values are what the runner would blank in the log). `uses:` steps are
// the marketplace's (setup-node) and are skipped: Node is already on PATH. Steps run asynchronously:
// the simulator they talk to may live in the test's own process.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

interface ActionStep {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

export interface ActionDefinition {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRun {
  name: string;
  code: number | null;
  stdout: string;
  stderr: string;
  /** The GITHUB_OUTPUT file as the step left it. */
  outputFile: string;
}

export interface ActionRun {
  steps: StepRun[];
  /** The action's outputs (action.yml `outputs`), from its steps' outputs. */
  outputs: Record<string, string>;
  /** Values the steps asked the runner to mask. */
  masks: string[];
}

export function readAction(file: string): ActionDefinition {
  return parse(readFileSync(file, 'utf8')) as ActionDefinition;
}

/** `name=value` lines and `name<<DELIMITER … DELIMITER` blocks, as the runner reads GITHUB_OUTPUT. */
export function parseGithubOutput(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: no closing ${heredoc[2]} for ${heredoc[1]}`);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    else if (line.trim() !== '') throw new Error(`GITHUB_OUTPUT: cannot read line ${JSON.stringify(line)}`);
  }
  return out;
}

/** Only the expressions this action uses; anything else is an error, so a new one is not silently empty. */
function evaluate(
  text: string,
  context: { inputs: Record<string, string>; github: Record<string, string>; steps: Record<string, Record<string, string>> },
): string {
  return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_all, expression: string) => {
    const path = /^(inputs|github)(?:\.([\w-]+)|\['([\w-]+)'\])$/.exec(expression);
    if (path) return (path[1] === 'inputs' ? context.inputs : context.github)[path[2] ?? path[3]!] ?? '';
    const output = /^steps\.([\w-]+)\.outputs(?:\.([\w-]+)|\['([\w-]+)'\])$/.exec(expression);
    if (output) return context.steps[output[1]!]?.[output[2] ?? output[3]!] ?? '';
    throw new Error(`unsupported expression in action.yml: ${expression}`);
  });
}

export async function runAction(
  actionFile: string,
  options: {
    inputs: Record<string, string>;
    workspace: string;
    env?: NodeJS.ProcessEnv;
    runnerEnvironment?: string;
    /** Run only the step with this id (the others were run before, as by an earlier use in the job). */
    onlyStep?: string;
  },
): Promise<ActionRun> {
  const action = readAction(actionFile);
  for (const name of Object.keys(options.inputs)) if (!(name in action.inputs)) throw new Error(`action.yml has no input ${name}`);
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, options.inputs[name] ?? spec.default ?? '']));
  const runnerTemp = mkdtempSync(join(tmpdir(), 'wsagent-runner-temp-'));
  const github = { action_path: dirname(actionFile), workspace: options.workspace };
  const steps: Record<string, Record<string, string>> = {};
  const runs: StepRun[] = [];
  const masks: string[] = [];
  try {
    for (const [index, step] of action.runs.steps.entries()) {
      if (step.uses || !step.run || (options.onlyStep !== undefined && step.id !== options.onlyStep)) continue;
      if (step.shell !== 'bash') throw new Error(`step ${step.name}: only bash steps are run here`);
      const script = join(runnerTemp, `step-${index}.sh`);
      const outputFile = join(runnerTemp, `output-${index}`);
      writeFileSync(script, evaluate(step.run, { inputs, github, steps }));
      writeFileSync(outputFile, '');
      const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v), { inputs, github, steps })]));
      const child = await runBash(script, step['working-directory'] ?? options.workspace, {
        ...process.env,
        ...options.env,
        PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: outputFile,
        GITHUB_WORKSPACE: options.workspace,
        GITHUB_ACTION_PATH: github.action_path,
        RUNNER_OS: 'Linux',
        RUNNER_ENVIRONMENT: options.runnerEnvironment ?? 'self-hosted',
        RUNNER_TEMP: runnerTemp,
        ...stepEnv,
      });
      for (const line of child.stdout.split('\n')) if (line.startsWith('::add-mask::')) masks.push(line.slice('::add-mask::'.length));
      const output = readFileSync(outputFile, 'utf8');
      runs.push({ name: step.name ?? `step ${index}`, code: child.status, stdout: child.stdout, stderr: child.stderr, outputFile: output });
      if (step.id) steps[step.id] = parseGithubOutput(output);
      // A failed step ends the action, as on a runner.
      if (child.status !== 0) break;
    }
  } finally {
    rmSync(runnerTemp, { recursive: true, force: true });
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, spec]) => [name, evaluate(spec.value, { inputs, github, steps })]));
  return { steps: runs, outputs, masks };
}

function runBash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`step ${script} did not finish in 60 s\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}
