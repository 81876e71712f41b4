// Deterministic pagination: the cursor `PREFIX:N` names the index of the
// page's first item; only cursors the fixture hands out are valid.
import { has } from './defects.js';
import { mcpError } from './errors.js';

export function page(items, prefix, size, cursor) {
  if (has('short-lists')) return { items: items.slice(0, items.length - 1), nextCursor: null };
  let start = 0;
  if (cursor !== null && cursor !== undefined) {
    const m = /^([a-z]+):([1-9][0-9]{0,8})$/.exec(cursor);
    start = m && m[1] === prefix ? Number(m[2]) : -1;
    if (start <= 0 || start >= items.length || start % size !== 0) {
      throw mcpError('invalid-params', 'invalid cursor', { cursor });
    }
  }
  const end = start + size;
  return { items: items.slice(start, end), nextCursor: end < items.length ? prefix + ':' + end : null };
}

/** A list that is one page: no cursor is valid. */
export function singlePage(items, cursor) {
  if (cursor !== null && cursor !== undefined) throw mcpError('invalid-params', 'invalid cursor', { cursor });
  if (has('short-lists')) return items.slice(0, items.length - 1);
  return items;
}
