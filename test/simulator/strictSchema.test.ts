// The simulator refuses a structured-output schema the real service refuses under `strict: true`,
// in the service's words, and its reviewer answers a review request with findings on the planted bug.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_TEXT_FORMAT } from '../../src/agent/review/reviewFormat.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator({ scenario: null });
});
afterAll(() => sim.close());

async function create(text: unknown, input = 'hello'): Promise<{ status: number; body: Record<string, any> }> {
  const res = await fetch(`${sim.baseUrl}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
    body: JSON.stringify({ model: 'gpt-4.1', input, store: false, text }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const object = {
  type: 'object',
  properties: { verdict: { type: 'string' }, note: { type: 'string' } },
  required: ['verdict', 'note'],
  additionalProperties: false,
};

describe('strict json_schema text.format', () => {
  it('refuses what strict mode refuses: open objects, properties left out of required, a missing name, a non-object root', async () => {
    const cases: Array<[unknown, string, string]> = [
      [
        { format: { type: 'json_schema', name: 'r', strict: true, schema: { ...object, additionalProperties: undefined } } },
        'text.format.schema',
        "Invalid schema for response_format 'r': In context=(), 'additionalProperties' is required to be supplied and to be false.",
      ],
      [
        {
          format: {
            type: 'json_schema',
            name: 'r',
            strict: true,
            schema: {
              ...object,
              properties: {
                ...object.properties,
                items: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false } },
              },
              required: [...object.required, 'items'],
            },
          },
        },
        'text.format.schema',
        "In context=('properties', 'items', 'items'), 'required' is required to be supplied and to be an array including every key in properties.",
      ],
      [{ format: { type: 'json_schema', name: 'r', strict: true, schema: { ...object, required: ['verdict'] } } }, 'text.format.schema', "Missing 'note'."],
      [{ format: { type: 'json_schema', name: 'r', strict: true, schema: { type: 'array', items: object } } }, 'text.format.schema', '\'type: "object"\''],
      [{ format: { type: 'json_schema', strict: true, schema: object } }, 'text.format.name', "Missing required parameter: 'text.format.name'."],
    ];
    for (const [text, param, message] of cases) {
      const { status, body } = await create(text);
      expect(status, message).toBe(400);
      expect(body.error.param).toBe(param);
      expect(body.error.message).toContain(message);
    }
    // Not strict: the same open schema is taken (the model only tries to follow it).
    const loose = await create({
      format: { type: 'json_schema', name: 'r', strict: false, schema: { type: 'object', properties: { a: { type: 'string' } } } },
    });
    expect(loose.status).toBe(200);
  });

  it("wsagent's review format is strict-valid, and the reviewer finds the planted bug on its new line number", async () => {
    const diff = [
      'diff --git a/a.js b/a.js',
      '--- a/a.js',
      '+++ b/a.js',
      '@@ -10,2 +10,3 @@',
      ' function f(xs) {',
      '+  for (let i = 0; i <= xs.length; i++) use(xs[i]);',
      ' }',
    ].join('\n');
    const { status, body } = await create({ format: REVIEW_TEXT_FORMAT }, `Review this.\n${diff}`);
    expect(status).toBe(200);
    const message = body.output.find((o: { type: string }) => o.type === 'message');
    const review = JSON.parse(message.content[0].text);
    expect(review.findings).toEqual([
      expect.objectContaining({ priority: 1, code_location: { absolute_file_path: 'a.js', line_range: { start: 11, end: 11 } } }),
    ]);
    expect(review.overall_correctness).toBe('patch is incorrect');
  });
});
