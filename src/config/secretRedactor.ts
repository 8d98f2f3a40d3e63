// One process-wide list of secret values (the API key, the values of secret-looking environment
// variables) and the one function that blanks them out of text wsagent writes or sends: tool
// outputs, session lines, events, error messages. Process-wide because the secrets are: the key a
// server echoes in an error body must be caught wherever that message ends up.

export const REDACTED = '[redacted]';

/** Values shorter than this are not registered: blanking `on` or `1234` everywhere would garble text. */
export const MIN_SECRET_LENGTH = 8;

/** Every form a secret may take in text, longest first (so a longer form is replaced whole). */
let forms: string[] = [];
const secrets = new Set<string>();

/** The value, and the value as it appears inside a JSON string (once and twice escaped). */
function formsOf(value: string): string[] {
  const once = JSON.stringify(value).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  return [...new Set([value, once, twice])];
}

export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== 'string') return;
  const trimmed = value.trim();
  if (trimmed.length < MIN_SECRET_LENGTH || secrets.has(trimmed)) return;
  secrets.add(trimmed);
  forms = [...new Set([...forms, ...formsOf(trimmed)])].sort((a, b) => b.length - a.length);
}

/** Replaces every registered secret in `text` by `[redacted]`. */
export function redactSecrets(text: string): string {
  if (forms.length === 0 || typeof text !== 'string') return text;
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

/** The same for every string inside a JSON-like value (events); returns the value itself when nothing matched. */
export function redactSecretsDeep<T>(value: T): T {
  if (forms.length === 0) return value;
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) {
    const mapped = value.map((v) => redactSecretsDeep(v));
    return mapped.some((v, i) => v !== value[i]) ? (mapped as T) : value;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = redactSecretsDeep(v);
      if (r !== v) changed = true;
      out[k] = r;
    }
    return changed ? (out as T) : value;
  }
  return value;
}

/** Forgets every secret (tests). */
export function clearSecrets(): void {
  secrets.clear();
  forms = [];
}
