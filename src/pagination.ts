// The one cursor format of every list (files, admin users, audit events): the position of the
// last row shown, newest-first order by (time, id), as opaque base64url JSON.
import { errors } from './errors.js'

export interface CursorPosition {
  /** The row's time in epoch ms (createdAt, or an event's time). */
  t: number
  id: string
}

export const encodeCursor = (at: Date, id: string): string =>
  Buffer.from(JSON.stringify({ t: at.getTime(), id })).toString('base64url')

/** The position a cursor names, or a 400 for anything this API did not make. */
export function decodeCursor (cursor: string): CursorPosition {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorPosition>
    // A time a Date can hold (|t| ≤ 8.64e15 ms) and an id of ours: anything else would reach the query as garbage.
    if (typeof value.t === 'number' && Number.isSafeInteger(value.t) && Math.abs(value.t) <= 8.64e15 &&
      typeof value.id === 'string' && /^[0-9a-f-]{36}$/.test(value.id)) return { t: value.t, id: value.id }
  } catch {}
  throw errors.validation([{ path: '/cursor', message: 'is not a cursor from this API' }], 'The request querystring is not valid.')
}
