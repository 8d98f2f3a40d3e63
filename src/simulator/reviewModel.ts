// The simulator's code reviewer: the model that answers a request whose `text.format` asks for a
// review in Codex's shape (`findings[]` and `overall_correctness`). It is deterministic: it finds the
// unified diff in the conversation, reads the files it reviews with the read tool on offer (one call
// per file, at most 8, in one response: a real reviewer reads around the change), then answers with
// one finding per planted bug among the added lines of those files, each with the file and its new
// line number, and an explanation with a sentence per file — so its work, and its time under a
// network profile, grows with the share of the diff it was given, as a real reviewer's does.
import { itemText, type WireItem } from './conversation.js';
import type { OutputPlan } from './scriptedModel.js';
import { exampleArguments, readOnlyTools } from './toolUsingModel.js';

interface BugRule {
  pattern: RegExp;
  priority: number;
  title: string;
  body: string;
  confidence: number;
}

/** The bugs this reviewer knows, as they look on an added line. */
const RULES: BugRule[] = [
  {
    pattern: /\beval\s*\(/,
    priority: 0,
    title: 'Code built from input is run with eval',
    body: 'eval runs whatever string reaches it; input that an attacker controls becomes code. Parse the value instead.',
    confidence: 0.9,
  },
  {
    pattern: /for\s*\(.*<=\s*[\w.]+\.length\b/,
    priority: 1,
    title: 'Off-by-one: the loop reads one element past the end',
    body: 'The condition uses `<= length`, so the last iteration reads index `length`, which is undefined. Use `<`.',
    confidence: 0.8,
  },
  {
    pattern: /\bconsole\.log\s*\(/,
    priority: 3,
    title: 'Debug logging left in',
    body: 'This console.log looks like a leftover from debugging; it prints on every call.',
    confidence: 0.5,
  },
];

interface AddedLine {
  file: string;
  line: number;
  text: string;
}

/** Whether a json_schema format asks for a review in Codex's shape. */
export function isReviewSchema(schema: Record<string, unknown>): boolean {
  const properties = schema.properties as Record<string, unknown> | undefined;
  return !!properties && 'findings' in properties && 'overall_correctness' in properties;
}

/** The added lines of every file of a unified diff, with their line numbers in the new file. */
export function addedLines(diff: string): AddedLine[] {
  const out: AddedLine[] = [];
  let file: string | null = null;
  let line = 0;
  for (const text of diff.split('\n')) {
    if (text.startsWith('+++ ')) {
      file = text.slice(4).replace(/^b\//, '').trim();
      if (file === '/dev/null') file = null;
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      line = Number(hunk[1]);
      continue;
    }
    if (file === null || text.startsWith('--- ') || text.startsWith('diff --git')) continue;
    if (text.startsWith('+')) out.push({ file, line: line++, text: text.slice(1) });
    else if (text.startsWith(' ')) line++;
  }
  return out;
}

const MAX_READS = 8;

/** The reviewer's sentence about one file it read. */
function fileNote(file: string, addedCount: number, findings: number): string {
  const verdict =
    findings === 0
      ? 'the new code keeps its loops in bounds, logs nothing and evaluates no strings, so there is nothing to flag'
      : `${findings} of its added lines need a change before this can merge`;
  return `In ${file} I read the whole file and the ${addedCount} added line(s) against the code around them: ${verdict}.`;
}

/** Every file a diff changes (its `+++` side). */
function diffFiles(diff: string): string[] {
  return [...new Set(addedLines(diff).map((l) => l.file))];
}

export function planReview(context: WireItem[], tools: unknown): OutputPlan {
  const userTexts = context.filter((i) => i.type === 'message' && i.role === 'user').map(itemText);
  const diff = userTexts.filter((t) => t.includes('diff --git')).join('\n');
  const latest = userTexts.at(-1) ?? '';
  // Asked about some of the files (a sub-agent's group): those; otherwise every file of the diff.
  const all = diffFiles(diff);
  const named = all.filter((f) => latest.includes(f));
  const files = latest.includes('diff --git') || named.length === 0 ? all : named;

  const turnStart = context.findLastIndex((i) => i.type === 'message' && i.role === 'user') + 1;
  const calledThisTurn = context.slice(turnStart).some((i) => i.type === 'function_call');
  const reader = readOnlyTools(tools).find((t) => /read/i.test(t.name));
  if (!calledThisTurn && reader && files.length > 0) {
    const calls = files.slice(0, MAX_READS).map((file) => {
      const args = exampleArguments(reader.parameters);
      for (const key of Object.keys(args)) if (/path|file/i.test(key)) args[key] = file;
      return { name: reader.name, arguments: JSON.stringify(args) };
    });
    return { stepIndex: 0, calls };
  }

  const added = addedLines(diff).filter((l) => files.includes(l.file));
  const findings = added.flatMap((l) => {
    const rule = RULES.find((r) => r.pattern.test(l.text));
    if (!rule) return [];
    return [
      {
        title: rule.title,
        body: rule.body,
        confidence_score: rule.confidence,
        priority: rule.priority,
        code_location: { absolute_file_path: l.file, line_range: { start: l.line, end: l.line } },
      },
    ];
  });
  const blocking = findings.some((f) => f.priority <= 1);
  const review = {
    findings,
    overall_correctness: blocking ? 'patch is incorrect' : 'patch is correct',
    overall_explanation: [
      findings.length === 0
        ? `Reviewed ${files.length} file(s); found nothing to flag.`
        : `Reviewed ${files.length} file(s); ${findings.length} finding(s), ${blocking ? 'at least one that breaks the change' : 'none blocking'}.`,
      ...files.map((file) =>
        fileNote(file, added.filter((l) => l.file === file).length, findings.filter((f) => f.code_location.absolute_file_path === file).length),
      ),
    ].join(' '),
    overall_confidence_score: 0.7,
  };
  return { stepIndex: 1, calls: [], message: JSON.stringify(review) };
}
