// A review's findings in the shape Codex's review uses (its ReviewOutputEvent): findings with a
// title, a body, a confidence, a priority 0–3 (0 the most severe) and a code location, plus an
// overall verdict. The same schema is the `text.format` the model answers in (strict structured
// output) and the check of what came back: a server that ignores the format must not pass.
import { isAbsolute, resolve } from 'node:path';
import { Ajv } from 'ajv';

export interface ReviewFinding {
  title: string;
  body: string;
  confidence_score: number;
  priority: number;
  code_location: { absolute_file_path: string; line_range: { start: number; end: number } };
}

export type OverallCorrectness = 'patch is correct' | 'patch is incorrect';

export interface ReviewResult {
  findings: ReviewFinding[];
  overall_correctness: OverallCorrectness;
  overall_explanation: string;
  overall_confidence_score: number;
}

const strictObject = (properties: Record<string, unknown>) => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

/** The JSON Schema of a review: strict-valid (every property required, no additional ones). */
export const REVIEW_SCHEMA = strictObject({
  findings: {
    type: 'array',
    items: strictObject({
      title: { type: 'string', description: 'At most 80 characters, imperative.' },
      body: { type: 'string', description: 'Why this is a problem, in Markdown; the conditions under which it shows.' },
      confidence_score: { type: 'number', minimum: 0, maximum: 1 },
      priority: { type: 'integer', minimum: 0, maximum: 3, description: '0 drop everything, 1 urgent, 2 normal, 3 nice to have.' },
      code_location: strictObject({
        absolute_file_path: { type: 'string' },
        line_range: strictObject({ start: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } }),
      }),
    }),
  },
  overall_correctness: { type: 'string', enum: ['patch is correct', 'patch is incorrect'] },
  overall_explanation: { type: 'string' },
  overall_confidence_score: { type: 'number', minimum: 0, maximum: 1 },
});

/** What the review's requests send as `text.format`. */
export const REVIEW_TEXT_FORMAT = { type: 'json_schema', name: 'code_review', schema: REVIEW_SCHEMA, strict: true };

const validate = new Ajv({ allErrors: true, strict: false }).compile<ReviewResult>(REVIEW_SCHEMA);

export class ReviewFormatError extends Error {}

/** The model's answer as a review, its paths made absolute (against `root`); throws ReviewFormatError when it is not one. */
export function parseReview(answer: string, root: string): ReviewResult {
  let value: unknown;
  try {
    value = JSON.parse(answer);
  } catch {
    throw new ReviewFormatError(`the reviewer's answer is not JSON: ${JSON.stringify(answer.slice(0, 80))}`);
  }
  if (!validate(value)) {
    const why = (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`).join('; ');
    throw new ReviewFormatError(`the reviewer's answer is not a review: ${why}`);
  }
  for (const finding of value.findings) {
    const location = finding.code_location;
    if (!isAbsolute(location.absolute_file_path)) location.absolute_file_path = resolve(root, location.absolute_file_path);
  }
  return value;
}

/** Reviews of parts of one change as one: every finding, most severe first; incorrect if any part is. */
export function mergeReviews(parts: Array<{ label: string; review: ReviewResult }>): ReviewResult {
  if (parts.length === 1) return sortFindings(parts[0]!.review);
  const incorrect = parts.some((p) => p.review.overall_correctness === 'patch is incorrect');
  return sortFindings({
    findings: parts.flatMap((p) => p.review.findings),
    overall_correctness: incorrect ? 'patch is incorrect' : 'patch is correct',
    overall_explanation: parts.map((p) => `${p.label}: ${p.review.overall_explanation}`).join('\n'),
    overall_confidence_score: Math.min(...parts.map((p) => p.review.overall_confidence_score)),
  });
}

function sortFindings(review: ReviewResult): ReviewResult {
  const findings = [...review.findings].sort(
    (a, b) =>
      a.priority - b.priority ||
      a.code_location.absolute_file_path.localeCompare(b.code_location.absolute_file_path) ||
      a.code_location.line_range.start - b.code_location.line_range.start,
  );
  return { ...review, findings };
}

/** Whether a finding at `threshold` or more severe (a lower number) exists: `--fail-on P1`. */
export function hasFindingAtOrAbove(review: ReviewResult, threshold: number): boolean {
  return review.findings.some((f) => f.priority <= threshold);
}
