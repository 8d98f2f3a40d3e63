// Opaque `encrypted_content` the simulator issues (reasoning and compaction items). The real
// service encrypts it; here it is a readable payload sealed with an HMAC under a secret drawn once
// per process, so content the server did not issue (or that was altered) is detected and
// rejected the way the real service rejects it (`invalid_encrypted_content`).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET = randomBytes(32);
/** Real encrypted content is a Fernet token, which starts with this. */
const PREFIX = 'gAAAAAB';

function mac(payload: string): Buffer {
  return createHmac('sha256', SECRET).update(payload).digest();
}

/** Seals a JSON-serialisable payload. */
export function seal(payload: unknown): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${PREFIX}${body}.${mac(body).toString('base64url')}`;
}

/** The payload of content this process sealed, or null for anything else. */
export function unseal(content: unknown): unknown {
  if (typeof content !== 'string' || !content.startsWith(PREFIX)) return null;
  const [body = '', tag = '', ...rest] = content.slice(PREFIX.length).split('.');
  if (rest.length > 0 || !body || !tag) return null;
  const expected = mac(body);
  const given = Buffer.from(tag, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
  } catch {
    return null;
  }
}

/** How the real service names content in its error message: the first and last four characters. */
export function abbreviate(content: string): string {
  return content.length <= 12 ? content : `${content.slice(0, 4)}...${content.slice(-4)}`;
}
