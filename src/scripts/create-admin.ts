// `npm run create-admin -- --email <address> --username <name>`: creates a verified admin.
// The password is read from stdin (its first line), or prompted for without echo on a terminal,
// so it never sits in the shell's history or the process list. Nothing secret is printed.
import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { Type } from '@sinclair/typebox'
import { Ajv } from 'ajv'
import formats from 'ajv-formats'
import { assertUsernameAllowed, conflictFor, isUniqueViolation } from '../accounts.js'
import { ConfigError, loadConfig } from '../config.js'
import { migrateDatabaseAt } from '../db/migrate.js'
import { waitingMessage } from '../db/migration-files.js'
import { ApiError, errors } from '../errors.js'
import { checkPasswordPolicy, createPasswordHasher, normalizePassword } from '../features/auth/passwords.js'
import { createPrismaClient } from '../plugins/database.js'
import { EmailSchema, UsernameSchema } from '../schemas.js'

/** A refusal the operator can act on: printed, exit code 1. */
class Refusal extends Error {}

const refusalOf = (error: ApiError) =>
  new Refusal([error.message, ...(error.errors ?? []).map((field) => `  ${field.path.slice(1)} ${field.message}`)]
    .join('\n'))

/** One keystroke at a time, echoing nothing (raw mode), until Enter. */
async function promptHidden (prompt: string): Promise<string> {
  const stdin = process.stdin
  process.stderr.write(prompt)
  stdin.setRawMode(true)
  stdin.resume()
  stdin.setEncoding('utf8')
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = ''
      const onData = (chunk: string) => {
        for (const character of chunk) {
          if (character === '\r' || character === '\n' || character === '\u0004') {
            stdin.off('data', onData)
            resolve(typed)
            return
          }
          if (character === '\u0003') {
            stdin.off('data', onData)
            reject(new Refusal('Cancelled.'))
            return
          }
          typed = character === '\u007f' || character === '\b' ? [...typed].slice(0, -1).join('') : typed + character
        }
      }
      stdin.on('data', onData)
    })
  } finally {
    stdin.setRawMode(false)
    stdin.pause()
    process.stderr.write('\n')
  }
}

async function readPassword (): Promise<string> {
  if (process.stdin.isTTY) {
    const password = await promptHidden('Password: ')
    if (await promptHidden('Repeat the password: ') !== password) throw new Refusal('The passwords differ.')
    return password
  }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
  const first = await lines[Symbol.asyncIterator]().next()
  lines.close()
  if (first.done !== true) return first.value as string
  throw new Refusal('No password on stdin: pipe it in as one line, or run this in a terminal to be prompted.')
}

function readArguments () {
  let values: { email?: string, username?: string }
  try {
    ({ values } = parseArgs({ options: { email: { type: 'string' }, username: { type: 'string' } } }))
  } catch (error) {
    throw new Refusal((error as Error).message)
  }
  if (values.email === undefined || values.username === undefined) {
    throw new Refusal('Usage: npm run create-admin -- --email <address> --username <name> (the password on stdin)')
  }
  // Normalised as the sign-up route does.
  const identity = { email: values.email.trim().toLowerCase(), username: values.username.trim().toLowerCase() }
  const ajv = new Ajv({ allErrors: true })
  formats.default(ajv)
  const validate = ajv.compile(Type.Object({ email: EmailSchema, username: UsernameSchema }))
  if (!validate(identity)) {
    throw new Refusal((validate.errors ?? []).map((error) => `${error.instancePath.slice(1)} ${error.message ?? ''}`)
      .join('\n'))
  }
  try {
    assertUsernameAllowed(identity.username)
  } catch (error) {
    if (error instanceof ApiError) throw refusalOf(error)
    throw error
  }
  return identity
}

async function main (): Promise<void> {
  const { email, username } = readArguments()
  // The script signs nothing: a missing JWT_SECRET must not stop it (the server still requires one).
  const config = loadConfig({ ...process.env, JWT_SECRET: process.env.JWT_SECRET ?? 'x'.repeat(48) })
  const password = normalizePassword(await readPassword())
  const problems = checkPasswordPolicy(password, { email, username })
  if (problems.length > 0) throw refusalOf(errors.weakPassword(problems))

  await migrateDatabaseAt(config.databaseUrl, {
    onWait: (pending) => { console.error(waitingMessage(pending)) }
  })
  const prisma = createPrismaClient(config.databaseUrl)
  try {
    const conflict = await conflictFor(prisma, email, username)
    if (conflict !== null) throw refusalOf(conflict)
    const passwordHash = await createPasswordHasher(config, 1).hash(password)
    const id = randomUUID()
    try {
      await prisma.$transaction([
        prisma.user.create({ data: { id, email, username, passwordHash, emailVerified: true, role: 'admin' } }),
        prisma.auditEvent.create({
          data: {
            id: randomUUID(),
            at: new Date(),
            type: 'signup',
            userId: id,
            actorType: 'system',
            detail: JSON.stringify({ via: 'create-admin', role: 'admin' })
          }
        })
      ])
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      throw refusalOf(await conflictFor(prisma, email, username) ?? errors.emailTaken())
    }
    console.log(`Created the admin ${username} <${email}> (id ${id}), email verified.`)
  } finally {
    await prisma.$disconnect()
  }
}

try {
  await main()
} catch (error) {
  if (!(error instanceof Refusal) && !(error instanceof ConfigError)) throw error
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error.message)
  process.exitCode = 1
}
