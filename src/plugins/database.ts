import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { sqliteFilePath } from '../db/database-url.js'
import { PrismaClient } from '../generated/prisma/client.js'

declare module 'fastify' {
  interface FastifyInstance {
    prisma: PrismaClient
  }
}

export function createPrismaClient (databaseUrl: string): PrismaClient {
  const adapter = new PrismaBetterSqlite3({ url: `file:${sqliteFilePath(databaseUrl)}`, timeout: 5000 })
  return new PrismaClient({ adapter })
}

async function databasePlugin (app: FastifyInstance) {
  const prisma = createPrismaClient(app.config.databaseUrl)
  // WAL lets readers proceed while a write commits; foreign keys carry the cascades.
  // synchronous=NORMAL (as PocketBase runs it): in WAL mode the file cannot be
  // corrupted and an app crash loses nothing; only a power cut may lose the last
  // commits. FULL fsynced every commit on the event loop (better-sqlite3 is
  // synchronous), which stalled every other request during sign-ins.
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL')
  await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON')
  app.decorate('prisma', prisma)
  app.addHook('onClose', async () => { await prisma.$disconnect() })
}

export default fp(databasePlugin, { name: 'database', dependencies: ['config'] })
