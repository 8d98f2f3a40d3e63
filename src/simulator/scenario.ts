// A scenario is the simulator's "model": a script of steps, one per model response.
// The step for a request is chosen from the conversation itself (how many model responses the
// full context already holds), never from per-connection counters, so a full-context replay after
// a reconnect lands on exactly the same step as an incremental continuation would have.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ScenarioCall {
  /** Function name, e.g. `read_file`. */
  name: string;
  /**
   * Arguments object, sent to the client as a JSON string in `arguments`; a string is sent as it
   * is (to script malformed arguments). Absent for a custom tool call (`input`).
   */
  arguments?: Record<string, unknown> | string;
  /**
   * Freeform input of a custom tool call (e.g. an apply_patch patch): sent as a
   * `custom_tool_call` when the request offers the tool as `type: "custom"`, and as a function
   * call with arguments `{"input": …}` when it offers a function tool of that name.
   */
  input?: string;
  /**
   * What a real tool would plausibly return. Not used by the server; scripted clients (the
   * walkthrough, SDK conformance tests) answer with it.
   */
  sample_output?: string;
}

export interface ScenarioStep {
  /**
   * What the input that led to this step (the tool outputs or user message after the previous
   * model response) must contain. On a mismatch the model answers with a message saying what it
   * expected instead of running the step.
   */
  expect?: { contains: string | string[] };
  /**
   * The user message that leads to this step, for scripted clients (the first step's comes from the
   * scenario's `prompt`). Not used by the server.
   */
  user?: string;
  /** Optional reasoning summary, emitted as a `reasoning` item before the step's output. */
  reasoning?: string;
  /** One or more function calls (emitted in order, in one response). */
  calls?: ScenarioCall[];
  /** A final assistant message (may accompany calls, placed after them). */
  message?: string;
  /** The model declines: an assistant message whose content is a `refusal` part (streamed as `response.refusal.*`). */
  refusal?: string;
  /**
   * Hosted web searches the model runs before its message, each a `web_search_call` item (only
   * when the request offers the `web_search` tool; the simulator searches nothing).
   */
  searches?: ScenarioSearch[];
  /** `url_citation` annotations on the message: each marks the first occurrence of `text` in it. */
  citations?: ScenarioCitation[];
}

export interface ScenarioSearch {
  query: string;
  /** The pages the search "found" (`action.sources`, sent when the request includes them). */
  sources?: string[];
}

export interface ScenarioCitation {
  url: string;
  title: string;
  /** The cited words of the message. */
  text: string;
}

/**
 * A sub-agent's script (a conversation forked onto its own lane, protocol.md §9). A forked
 * conversation is its parent's context plus its own input, so its steps cannot be chosen by
 * position alone: a branch is entered at the first input (the items after a model response) that
 * contains all of `when.contains` and no other branch's, and its steps count the model
 * responses from there.
 */
export interface ScenarioBranch {
  name: string;
  when: { contains: string | string[] };
  steps: ScenarioStep[];
  /** Said when the branch's conversation runs past its last step. */
  after_end?: string;
}

export interface Scenario {
  name: string;
  description: string;
  /** The prompt the scenario was written for; scripted clients send it first. */
  prompt?: string;
  /** Fixture repository the scenario works on, relative to the package root (informational). */
  repo?: string;
  steps: ScenarioStep[];
  /** Said when the conversation runs past the last step. */
  after_end?: string;
  /**
   * Whether the simulated model accepts custom (freeform) tools (default true). False answers a
   * request offering one with the 400 a server without them gives.
   */
  custom_tools?: boolean;
  /** Sub-agent scripts, chosen by the text of their task (see ScenarioBranch). */
  branches?: ScenarioBranch[];
}

export class ScenarioError extends Error {}

/** The package root: works from src/ (tests), dist/ (bundle) and bench/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'fixtures'))) return dir;
    dir = dirname(dir);
  }
  throw new ScenarioError('cannot locate the wsagent package root (fixtures/ not found)');
}

export function scenariosDir(): string {
  return join(packageRoot(), 'fixtures', 'scenarios');
}

export function listScenarios(): string[] {
  return readdirSync(scenariosDir())
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

/** Loads a scenario by built-in name (`coding`) or by path to a JSON file. */
export function loadScenario(nameOrPath: string): Scenario {
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.endsWith('.json');
  const file = looksLikePath ? resolve(nameOrPath) : join(scenariosDir(), `${nameOrPath}.json`);
  if (!existsSync(file)) {
    const known = looksLikePath ? '' : ` (built-in scenarios: ${listScenarios().join(', ')})`;
    throw new ScenarioError(`unknown scenario "${nameOrPath}"${known}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ScenarioError(`scenario ${file} is not valid JSON: ${(err as Error).message}`);
  }
  return validateScenario(raw, file);
}

export function validateScenario(raw: unknown, where = 'scenario'): Scenario {
  const fail = (msg: string): never => {
    throw new ScenarioError(`${where}: ${msg}`);
  };
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail('must be a JSON object');
  const s = raw as Record<string, unknown>;
  if (typeof s.name !== 'string' || !s.name) fail('"name" must be a non-empty string');
  if (!Array.isArray(s.steps) || s.steps.length === 0) fail('"steps" must be a non-empty array');
  const validateSteps = (steps: unknown[], prefix: string): void =>
    steps.forEach((step, i) => {
      if (!step || typeof step !== 'object') fail(`${prefix}step ${i} must be an object`);
      const st = step as Record<string, unknown>;
      const calls = st.calls;
      if (calls === undefined && typeof st.message !== 'string' && typeof st.refusal !== 'string')
        fail(`${prefix}step ${i} needs "calls", "message" or "refusal"`);
      if (calls !== undefined) {
        if (!Array.isArray(calls) || calls.length === 0) fail(`${prefix}step ${i}: "calls" must be a non-empty array`);
        (calls as unknown[]).forEach((c, j) => {
          const call = c as Record<string, unknown>;
          if (!call || typeof call.name !== 'string') fail(`${prefix}step ${i} call ${j}: "name" must be a string`);
          if (call.input !== undefined) {
            if (typeof call.input !== 'string') fail(`${prefix}step ${i} call ${j}: "input" must be a string`);
            if (call.arguments !== undefined) fail(`${prefix}step ${i} call ${j}: a call has "arguments" (function tool) or "input" (custom tool), not both`);
          } else if (typeof call.arguments !== 'string' && (!call.arguments || typeof call.arguments !== 'object')) {
            fail(`${prefix}step ${i} call ${j}: "arguments" must be an object (or a string sent verbatim)`);
          }
        });
      }
      if (st.searches !== undefined) {
        const ok = Array.isArray(st.searches) && st.searches.every((x) => typeof (x as ScenarioSearch)?.query === 'string');
        if (!ok) fail(`${prefix}step ${i}: "searches" must be an array of {query, sources?}`);
      }
      if (st.citations !== undefined) {
        const message = typeof st.message === 'string' ? st.message : '';
        if (!Array.isArray(st.citations)) fail(`${prefix}step ${i}: "citations" must be an array of {url, title, text}`);
        (st.citations as unknown[]).forEach((c, j) => {
          const cite = c as Partial<ScenarioCitation> | null;
          if (typeof cite?.url !== 'string' || typeof cite.title !== 'string' || typeof cite.text !== 'string' || cite.text === '') {
            fail(`${prefix}step ${i} citation ${j}: needs "url", "title" and a non-empty "text"`);
          }
          if (!message.includes(cite!.text!)) fail(`${prefix}step ${i} citation ${j}: the message does not contain ${JSON.stringify(cite!.text)}`);
        });
      }
      if (st.expect !== undefined) {
        const e = st.expect as Record<string, unknown>;
        const ok = typeof e?.contains === 'string' || (Array.isArray(e?.contains) && e.contains.every((x) => typeof x === 'string'));
        if (!ok) fail(`${prefix}step ${i}: "expect.contains" must be a string or an array of strings`);
      }
    });
  validateSteps(s.steps as unknown[], '');
  const containsOk = (e: unknown): boolean => {
    const c = (e as { contains?: unknown } | null)?.contains;
    return (typeof c === 'string' && c !== '') || (Array.isArray(c) && c.length > 0 && c.every((x) => typeof x === 'string' && x !== ''));
  };
  if (s.branches !== undefined) {
    if (!Array.isArray(s.branches)) fail('"branches" must be an array');
    (s.branches as unknown[]).forEach((raw, k) => {
      const br = raw as Record<string, unknown> | null;
      if (!br || typeof br.name !== 'string' || !br.name) fail(`branch ${k}: "name" must be a non-empty string`);
      if (!containsOk(br!.when)) fail(`branch ${k}: "when.contains" must be a non-empty string or array of strings`);
      if (!Array.isArray(br!.steps) || br!.steps.length === 0) fail(`branch ${k}: "steps" must be a non-empty array`);
      validateSteps(br!.steps as unknown[], `branch ${String(br!.name)} `);
    });
  }
  return {
    name: s.name as string,
    description: typeof s.description === 'string' ? s.description : '',
    prompt: typeof s.prompt === 'string' ? s.prompt : undefined,
    repo: typeof s.repo === 'string' ? s.repo : undefined,
    steps: s.steps as ScenarioStep[],
    after_end: typeof s.after_end === 'string' ? s.after_end : undefined,
    ...(s.custom_tools === false && { custom_tools: false }),
    ...(Array.isArray(s.branches) && { branches: s.branches as ScenarioBranch[] }),
  };
}

/** Number of function calls the whole scenario makes (used by the bench and docs). */
export function countToolCalls(scenario: Scenario): number {
  const calls = (steps: ScenarioStep[]): number => steps.reduce((n, s) => n + (s.calls?.length ?? 0), 0);
  return calls(scenario.steps) + (scenario.branches ?? []).reduce((n, b) => n + calls(b.steps), 0);
}
