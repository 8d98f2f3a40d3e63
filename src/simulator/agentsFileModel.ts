// The simulator's model asked to write an AGENTS.md (a user message "Write an AGENTS.md …", as
// wsagent's /init sends): it lists the repository, reads its manifest (package.json, pyproject,
// Cargo.toml, go.mod or a Makefile; the README otherwise) and answers with the file in a markdown
// fence, built only from what it read: the manifest's commands, the top-level layout, the
// formatter or linter configuration it saw.
import type { WireItem } from './conversation.js';
import { callOn, plainLines, turnView } from './modelTurn.js';
import type { OutputPlan } from './scriptedModel.js';

const MANIFESTS = ['package.json', 'pyproject.toml', 'Cargo.toml', 'go.mod', 'Makefile', 'README.md'];

/** The latest user message asks for an AGENTS.md. */
export function asksForAgentsFile(context: WireItem[]): boolean {
  return /write an AGENTS\.md/i.test(turnView(context).userTexts.at(-1) ?? '');
}

/** npm scripts from a package.json's text. */
function npmScripts(text: string): Array<[string, string]> {
  try {
    const scripts = (JSON.parse(text) as { scripts?: Record<string, unknown> }).scripts ?? {};
    return Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === 'string');
  } catch {
    return [];
  }
}

function commandsFrom(manifest: string | null, text: string): string[] {
  if (manifest === 'package.json') {
    const scripts = npmScripts(text);
    return scripts.length > 0 ? scripts.map(([name, body]) => `- \`npm run ${name}\`: runs \`${body}\``) : ['- `npm install`, then `npm test`'];
  }
  if (manifest === 'Cargo.toml') return ['- `cargo build`', '- `cargo test` (one test: `cargo test NAME`)'];
  if (manifest === 'go.mod') return ['- `go build ./...`', '- `go test ./...` (one test: `go test -run NAME ./...`)'];
  if (manifest === 'pyproject.toml') return ['- `pip install -e .`', '- `pytest` (one test: `pytest -k NAME`)'];
  if (manifest === 'Makefile') {
    const targets = text.split('\n').flatMap((l) => /^([\w-]+):/.exec(l)?.[1] ?? []);
    return targets.map((t) => `- \`make ${t}\``);
  }
  return ['- No build manifest was found; see README.md.'];
}

export function agentsFileOutput(context: WireItem[], tools: unknown): OutputPlan {
  const view = turnView(context);
  const listed = view.calls.find((c) => c.name === 'list_files');
  if (!listed) {
    const call = callOn(tools, 'list_files', null);
    if (call) return { stepIndex: view.round, calls: [call] };
  }
  const entries = plainLines(listed?.output ?? '')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('['));
  const manifest = MANIFESTS.find((m) => entries.includes(m)) ?? null;
  const read = view.calls.find((c) => c.name === 'read_file');
  if (!read && manifest) {
    const call = callOn(tools, 'read_file', manifest);
    if (call) return { stepIndex: view.round, calls: [call] };
  }
  const text = plainLines(read?.output ?? '').join('\n');
  const folders = [...new Set(entries.filter((e) => e.includes('/')).map((e) => e.split('/')[0]!))];
  // The file being written is not part of the layout it describes.
  const topFiles = entries.filter((e) => !e.includes('/') && e !== 'AGENTS.md');
  const style = topFiles.filter((f) =>
    /^(biome\.json|\.eslintrc.*|eslint\.config\..*|\.prettierrc.*|tsconfig\.json|rustfmt\.toml|\.editorconfig|ruff\.toml)$/.test(f),
  );
  const file = [
    '# AGENTS.md',
    '',
    '## Build and test',
    '',
    ...commandsFrom(manifest, text),
    '',
    '## Layout',
    '',
    ...(folders.length > 0 ? folders.map((f) => `- \`${f}/\``) : ['- Everything lives at the top level.']),
    ...(topFiles.length > 0 ? [`- Top-level files: ${topFiles.map((f) => `\`${f}\``).join(', ')}`] : []),
    '',
    '## Conventions',
    '',
    ...(style.length > 0 ? style.map((f) => `- Follow the settings in \`${f}\`.`) : ['- Match the style of the surrounding code.']),
    '- Run the tests before committing.',
  ].join('\n');
  return { stepIndex: view.round, calls: [], message: `Here is the proposed AGENTS.md:\n\n\`\`\`markdown\n${file}\n\`\`\`` };
}
