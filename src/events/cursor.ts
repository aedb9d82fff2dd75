// Keyset cursor for GET /emails and GET /emails/events (spec sending.md §1.2). Rows are read newest first by
// (created_at DESC, id DESC); the cursor is the last row's pair, so a page never skips or repeats a row that was
// inserted meanwhile (an OFFSET would). Opaque to callers: base64url of "createdAt.id".

export interface CursorPosition {
  createdAt: number;
  id: number;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.createdAt}.${position.id}`).toString('base64url');
}

/** null for anything we did not issue (wrong alphabet, shape or range): a 422, never a query. */
export function decodeCursor(cursor: string): CursorPosition | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  const match = /^([0-9]{1,16})\.([0-9]{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!match) return null;
  const createdAt = Number(match[1]);
  const id = Number(match[2]);
  return Number.isSafeInteger(createdAt) && Number.isSafeInteger(id) ? { createdAt, id } : null;
}
