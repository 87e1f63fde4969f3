import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyJWTOptions } from '@fastify/jwt'
import { ConfigError, type Config } from '../config.js'
import { deriveKey } from '../crypto.js'

/** A public Ed25519 key as published in the JWKS (RFC 8037): never a private part. */
export interface PublicJwk {
  kty: 'OKP'
  crv: 'Ed25519'
  x: string
  kid: string
  alg: 'EdDSA'
  use: 'sig'
}

export interface TokenKeys {
  kid: string
  /** PKCS#8 PEM of the signing key. */
  privatePem: string
  /** SPKI PEM of every key that verifies, by kid: the current one first, then the previous ones. */
  publicPems: ReadonlyMap<string, string>
  jwks: { keys: PublicJwk[] }
}

/** What @fastify/jwt needs for access tokens, apart from the claims. */
export interface AccessTokenKeyOptions {
  secret: FastifyJWTOptions['secret']
  sign: NonNullable<FastifyJWTOptions['sign']>
  verify: NonNullable<FastifyJWTOptions['verify']>
}

const KID = /^[A-Za-z0-9._-]{1,64}$/
const PUBLIC_KEY_HINT = 'make one with `openssl pkey -in key.pem -pubout -out <kid>.pem`'

function readKeyFile (variable: string, file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new ConfigError(`${variable}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
  }
}

function signingKey (file: string): KeyObject {
  let key: KeyObject
  try {
    key = createPrivateKey(readKeyFile('JWT_PRIVATE_KEY_FILE', file))
  } catch (error) {
    if (error instanceof ConfigError) throw error
    throw new ConfigError(`JWT_PRIVATE_KEY_FILE (${file}) is not an unencrypted PEM private key: ${(error as Error).message}`)
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(`JWT_PRIVATE_KEY_FILE (${file}) holds a ${key.asymmetricKeyType ?? 'unknown'} key; ` +
      'it must be Ed25519 (make one with `openssl genpkey -algorithm ed25519 -out key.pem`)')
  }
  return key
}

/** One `<kid>.pem` of the previous-keys directory: an Ed25519 public key, and never a private one. */
function previousKey (dir: string, name: string): KeyObject {
  const where = `JWT_PREVIOUS_PUBLIC_KEYS_DIR: ${join(dir, name)}`
  const pem = readKeyFile('JWT_PREVIOUS_PUBLIC_KEYS_DIR', join(dir, name))
  let isPrivate = true
  try { createPrivateKey(pem) } catch { isPrivate = false }
  // A private key here would be a leak waiting to happen (the directory holds what anyone may see).
  if (isPrivate) throw new ConfigError(`${where} holds a private key; put only public keys there (${PUBLIC_KEY_HINT})`)
  let key: KeyObject
  try {
    key = createPublicKey(pem)
  } catch (error) {
    throw new ConfigError(`${where} is not a PEM public key (${PUBLIC_KEY_HINT}): ${(error as Error).message}`)
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(`${where} holds a ${key.asymmetricKeyType ?? 'unknown'} key; it must be Ed25519`)
  }
  return key
}

function previousKeys (dir: string): Map<string, KeyObject> {
  let names: string[]
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.pem')).sort()
  } catch (error) {
    throw new ConfigError(`JWT_PREVIOUS_PUBLIC_KEYS_DIR: cannot read ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)})`)
  }
  const keys = new Map<string, KeyObject>()
  for (const name of names) {
    const kid = name.slice(0, -'.pem'.length)
    if (!KID.test(kid)) {
      throw new ConfigError(`JWT_PREVIOUS_PUBLIC_KEYS_DIR: ${name} does not name a kid ` +
        '(1 to 64 letters, digits, ".", "_" or "-", then ".pem")')
    }
    keys.set(kid, previousKey(dir, name))
  }
  return keys
}

function publicJwk (kid: string, key: KeyObject): PublicJwk {
  const { x } = key.export({ format: 'jwk' })
  // Built field by field, so nothing else the export might carry is published.
  return { kty: 'OKP', crv: 'Ed25519', x: String(x), kid, alg: 'EdDSA', use: 'sig' }
}

/**
 * Reads and checks the configured Ed25519 keys; null when none are configured (HS256).
 * A missing or bad piece fails the start with a ConfigError naming the variable.
 */
export function loadTokenKeys (config: Config): TokenKeys | null {
  const { jwtPrivateKeyFile: file, jwtKeyId: kid, jwtPreviousPublicKeysDir: dir } = config
  if (file === null) {
    if (kid !== null) {
      throw new ConfigError('JWT_KEY_ID is set but JWT_PRIVATE_KEY_FILE is not: set both to sign with Ed25519, ' +
        'or neither for HS256')
    }
    if (dir !== null) {
      throw new ConfigError('JWT_PREVIOUS_PUBLIC_KEYS_DIR is set but JWT_PRIVATE_KEY_FILE is not: previous keys ' +
        'verify only beside a current Ed25519 key')
    }
    return null
  }
  if (kid === null) {
    throw new ConfigError('JWT_KEY_ID is required when JWT_PRIVATE_KEY_FILE is set: it names the signing key ' +
      'in each token\'s header and in /.well-known/jwks.json')
  }
  const privateKey = signingKey(file)
  const current = createPublicKey(privateKey)
  const jwks = { keys: [publicJwk(kid, current)] }
  const publicPems = new Map([[kid, current.export({ format: 'pem', type: 'spki' }).toString()]])
  for (const [previousKid, key] of dir === null ? [] : previousKeys(dir)) {
    if (previousKid === kid) {
      // Pre-published as the next key, now current: the same key may stay; another one under its kid may not.
      if (key.equals(current)) continue
      throw new ConfigError(`JWT_PREVIOUS_PUBLIC_KEYS_DIR: ${kid}.pem is not the public half of JWT_PRIVATE_KEY_FILE, ` +
        `yet has its JWT_KEY_ID (${kid})`)
    }
    publicPems.set(previousKid, key.export({ format: 'pem', type: 'spki' }).toString())
    jwks.keys.push(publicJwk(previousKid, key))
  }
  return { kid, privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicPems, jwks }
}

// The auth plugin and the JWKS route read the same keys: loaded once per config.
const loaded = new WeakMap<Config, TokenKeys | null>()

export function tokenKeysOf (config: Config): TokenKeys | null {
  if (!loaded.has(config)) loaded.set(config, loadTokenKeys(config))
  return loaded.get(config) ?? null
}

/**
 * How access tokens are signed and verified: HS256 under the key derived from JWT_SECRET, or, with
 * keys configured, EdDSA with the token header's `kid` choosing the public key. Either way one
 * algorithm is pinned, so `alg: none` and HS256 signed with a public key as the secret are refused.
 */
export function accessTokenKeyOptions (config: Config): AccessTokenKeyOptions {
  const keys = tokenKeysOf(config)
  if (keys === null) {
    return { secret: deriveKey(config.jwtSecret, 'access-token'), sign: { algorithm: 'HS256' }, verify: { algorithms: ['HS256'] } }
  }
  const { kid, privatePem, publicPems } = keys
  async function publicKeyOf ({ header }: { header: { kid?: unknown } }): Promise<string> {
    const pem = typeof header.kid === 'string' ? publicPems.get(header.kid) : undefined
    if (pem === undefined) throw new Error('The token names no key this API verifies with.')
    return pem
  }
  return {
    // `public` is what @fastify/jwt asks for; verification uses `verify.key`, which sees the token's header.
    secret: { private: privatePem, public: publicPems.get(kid) as string },
    sign: { algorithm: 'EdDSA', kid },
    // @fastify/jwt types `verify.key` as a string, but hands it to fast-jwt, which takes a key-fetching
    // function too (both READMEs); one verifier, so the verified-token cache still spares the signature check.
    verify: { algorithms: ['EdDSA'], key: publicKeyOf as unknown as string }
  }
}
