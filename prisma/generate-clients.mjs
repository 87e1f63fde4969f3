// Run by `postinstall`: generates the Prisma clients for both databases from the one model definition.
// Prisma 7 refuses a driver adapter whose provider differs from the schema's, so PostgreSQL needs a client of its
// own; its schema (prisma/postgresql/schema.prisma, not committed) is schema.prisma with the provider and the
// output swapped, so the models are still written once. Plain JavaScript: it runs before anything is compiled.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const prismaDir = fileURLToPath(new URL('.', import.meta.url))
const source = readFileSync(`${prismaDir}schema.prisma`, 'utf8')

/** Replaces exactly one match, so a change to schema.prisma's header fails here rather than silently. */
function replaceOnce (text, pattern, replacement) {
  const matches = text.match(new RegExp(pattern, 'g')) ?? []
  if (matches.length !== 1) throw new Error(`schema.prisma: expected one match of ${pattern}, found ${matches.length}`)
  return text.replace(pattern, replacement)
}

let postgresql = replaceOnce(source, /provider = "sqlite"/, 'provider = "postgresql"')
postgresql = replaceOnce(postgresql, /output(\s+)= "\.\.\/src\/generated\/prisma"/,
  'output$1= "../../src/generated/prisma-postgresql"')
const header = '// GENERATED from ../schema.prisma by ../generate-clients.mjs (npm install runs it): edit that file instead.\n'
mkdirSync(`${prismaDir}postgresql`, { recursive: true })
writeFileSync(`${prismaDir}postgresql/schema.prisma`, header + postgresql)

// `prisma generate` never runs the schema engine; naming any existing file as its binary skips the download of
// one (it cannot be reached from every machine).
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? 'package.json' }
for (const schema of ['prisma/schema.prisma', 'prisma/postgresql/schema.prisma']) {
  execFileSync('npx', ['--no-install', 'prisma', 'generate', '--schema', schema], { stdio: 'inherit', env })
}
