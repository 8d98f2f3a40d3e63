// The models the simulator serves (`GET /v1/models`, and the only names `response.create` takes
// unless `--any-model`): real OpenAI names, so a client's model name is checked as the service
// checks it (an unknown one is `model_not_found`). `gpt-6-astra` is the GPT-6 family's model that
// takes `response.steer` (protocol.md §11).
export const DEFAULT_MODELS: readonly string[] = [
  'gpt-6-astra',
  'gpt-5.2',
  'gpt-5.2-codex',
  'gpt-5.1',
  'gpt-5.1-codex',
  'gpt-5',
  'gpt-5-codex',
  'gpt-5-mini',
  'gpt-5-nano',
  'gpt-5-chat-latest',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-4.1-nano',
  'gpt-4o',
  'gpt-4o-mini',
  'o3',
  'o3-mini',
  'o4-mini',
];
