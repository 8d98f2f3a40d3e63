// Input items that stand for something the server must already hold: an `item_reference`, a
// reasoning item (its hidden content travels only as `encrypted_content`), a compaction item, and a
// web_search_call given with its id (replayed under store:false it must go without, as Codex sends it).
// Under `store:false` nothing is persisted, so an item given by id only cannot be resolved; sealed
// content must be content this server issued. Errors are the real service's.
import { type ApiError, invalidEncryptedContent, invalidRequest, itemNotFound } from './apiErrors.js';
import { decodeCompaction } from './compactionBlob.js';
import type { WireItem } from './conversation.js';
import { abbreviate, unseal } from './encryptedContent.js';

export type ResolvedInput = { ok: true; items: WireItem[] } | { ok: false; error: ApiError };

/** Replaces references by the stored items they name, or says why the request cannot proceed. */
export function resolveInputItems(items: WireItem[], store: boolean, storedItem: (id: string) => WireItem | undefined): ResolvedInput {
  const resolved: WireItem[] = [];
  for (const [i, item] of items.entries()) {
    const id = typeof item.id === 'string' ? item.id : null;
    const sealed = item.encrypted_content;
    const byId = (): WireItem | ApiError => {
      if (!id) return invalidRequest(`Missing required parameter: 'input[${i}].id'.`, `input[${i}].id`, 'missing_required_parameter');
      const found = store ? storedItem(id) : undefined;
      return found ?? itemNotFound(id, !store);
    };
    let next: WireItem | ApiError = item;
    if (item.type === 'item_reference') next = byId();
    else if (item.type === 'reasoning') {
      if (typeof sealed === 'string') {
        if ((unseal(sealed) as { kind?: string } | null)?.kind !== 'reasoning') next = invalidEncryptedContent(abbreviate(sealed));
      } else next = byId();
    } else if (item.type === 'web_search_call' && id && !store) {
      // Like a reasoning item's: an id names a stored item, and nothing is stored under store:false.
      next = itemNotFound(id, true);
    } else if (item.type === 'compaction') {
      if (typeof sealed !== 'string')
        next = invalidRequest(`Missing required parameter: 'input[${i}].encrypted_content'.`, `input[${i}].encrypted_content`, 'missing_required_parameter');
      else if (!decodeCompaction(sealed)) next = invalidEncryptedContent(abbreviate(sealed));
    }
    if ('status' in next && 'error' in next && typeof next.status === 'number') return { ok: false, error: next as ApiError };
    resolved.push(next as WireItem);
  }
  return { ok: true, items: resolved };
}
