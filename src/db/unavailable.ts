import { isDriverAdapterError } from '@prisma/driver-adapter-utils'
import { Prisma } from '../generated/prisma/client.js'

/**
 * What the driver adapters report when the server cannot be reached or dropped the connection. SQLite's
 * adapter reports SQLITE_BUSY (still locked after its busy timeout) as a SocketTimeout: unavailable too.
 */
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections'])

/** PostgreSQL's class 08 (connection exception), and a server shutting down, crashed or not yet started. */
const isUnavailableSqlState = (code: string) => code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code)

/** Socket failures adapter-pg passes through as Node's own errors (it converts only a few codes itself). */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE'])

/**
 * pg's own connection failures (pg 8, pg-pool 3), which adapter-pg passes through unconverted. pg gives
 * them no code or class, so their exact messages are the only way to know them.
 */
const PG_CONNECTION_MESSAGES = new Set([
  'Connection terminated unexpectedly', // the server or the network closed the socket
  'Client has encountered a connection error and is not queryable',
  'Connection terminated due to connection timeout', // a new connection took longer than connectionTimeoutMillis
  'timeout exceeded when trying to connect' // no pooled connection came free within connectionTimeoutMillis
])

/** Prisma's P2028 also covers misuse of a transaction (a bug); only this message says no connection came. */
const TRANSACTION_START_TIMEOUT = 'Unable to start a transaction in the given time.'

function isUnavailableAdapterError (error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !isDriverAdapterError(error)) return false
  const cause = error.cause
  if (cause.kind === 'postgres') return isUnavailableSqlState(cause.code)
  return UNAVAILABLE_KINDS.has(cause.kind)
}

/**
 * Whether `error` says the database cannot be reached right now (down, restarting, the connection dropped,
 * no connection to be had in time), so that a retry later may succeed. A query the database rejects (a bug,
 * a constraint) is not: it fails again however long the client waits.
 */
export function isDatabaseUnavailable (error: unknown): boolean {
  if (!(error instanceof Error)) return false
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    // Model queries get a P1xxx code, raw ones P2010: the adapter's error beneath says which it was.
    const driverAdapterError = error.meta?.driverAdapterError
    if (driverAdapterError !== undefined) return isUnavailableAdapterError(driverAdapterError)
    return error.code === 'P2028' && error.message.endsWith(TRANSACTION_START_TIMEOUT)
  }
  if (isUnavailableAdapterError(error)) return true
  const { code, syscall } = error as NodeJS.ErrnoException
  if (typeof code === 'string' && typeof syscall === 'string') return SOCKET_CODES.has(code)
  return PG_CONNECTION_MESSAGES.has(error.message)
}
