import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT, type JSONWebKeySet } from 'jose'
import t, { type Test } from 'tap'
import type { Config } from '../../../src/config.js'
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '../../../src/plugins/auth.js'
import { build } from '../../helpers/build.js'
import { assertProblem } from '../../helpers/platform.js'
import { bearer, signUp } from '../../helpers/users.js'

interface KeyPair { privatePem: string, publicPem: string }

function ed25519 (): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString()
  }
}

/** A temporary key directory: `key.pem` the signing key, `previous/` the public keys that still verify. */
function keyConfig (t: Test, kid: string, key: KeyPair, previous: Record<string, KeyPair> = {}): Partial<Config> {
  const dir = mkdtempSync(join(tmpdir(), 'jwks-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'key.pem'), key.privatePem, { mode: 0o600 })
  mkdirSync(join(dir, 'previous'))
  for (const [previousKid, pair] of Object.entries(previous)) writeFileSync(join(dir, 'previous', `${previousKid}.pem`), pair.publicPem)
  return { jwtPrivateKeyFile: join(dir, 'key.pem'), jwtKeyId: kid, jwtPreviousPublicKeysDir: join(dir, 'previous') }
}

async function jwks (app: FastifyInstance): Promise<JSONWebKeySet> {
  const response = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })
  if (response.statusCode !== 200) throw new Error(`jwks: ${response.statusCode} ${response.body}`)
  return response.json<JSONWebKeySet>()
}

const me = async (app: FastifyInstance, token: string) =>
  await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(token) })

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** The claims of a real token, to re-sign with another key or algorithm. */
function claimsOf (token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString())
}

t.test('an issued access token verifies with jose against the published keys', async (t) => {
  const key = ed25519()
  const app = await build(t, { config: keyConfig(t, 'key-1', key) })
  const { accessToken, user } = await signUp(app)

  t.same(decodeProtectedHeader(accessToken), { alg: 'EdDSA', typ: 'JWT', kid: 'key-1' })
  const response = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['cache-control'], 'public, max-age=300')
  t.match(response.headers['content-type'], /^application\/json/)
  const set = response.json<JSONWebKeySet>()
  t.same(set.keys.map(({ kty, crv, kid, alg, use }) => ({ kty, crv, kid, alg, use })),
    [{ kty: 'OKP', crv: 'Ed25519', kid: 'key-1', alg: 'EdDSA', use: 'sig' }])
  t.notMatch(response.body, /"d"/, 'no private part')

  const { payload, protectedHeader } = await jwtVerify(accessToken, createLocalJWKSet(set), {
    issuer: ACCESS_TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE, algorithms: ['EdDSA']
  })
  t.equal(payload.sub, user.id)
  t.equal(protectedHeader.kid, 'key-1')

  t.equal((await me(app, accessToken)).statusCode, 200, 'and the API accepts it')
  t.equal((await me(app, accessToken)).statusCode, 200, 'twice (the verified-token cache)')
})

t.test('rotation: tokens of the previous key keep working; a key in neither place does not', async (t) => {
  const keyA = ed25519()
  const keyB = ed25519()
  const stranger = ed25519()
  const appA = await build(t, { config: keyConfig(t, 'a', keyA) })
  const { accessToken: tokenA } = await signUp(appA)
  await appA.close()

  // The same database, now signing with B and verifying A's tokens until they expire.
  const appB = await build(t, { config: { databaseUrl: appA.config.databaseUrl, ...keyConfig(t, 'b', keyB, { a: keyA }) } })
  t.equal((await me(appB, tokenA)).statusCode, 200, 'a token of the previous key')
  const { accessToken: tokenB } = await signUp(appB)
  t.equal(decodeProtectedHeader(tokenB).kid, 'b', 'new tokens name the new key')
  t.equal((await me(appB, tokenB)).statusCode, 200)

  const set = await jwks(appB)
  t.same(set.keys.map((key) => key.kid), ['b', 'a'], 'both public keys are published, the current first')
  t.notMatch(JSON.stringify(set), /"d"/)
  for (const token of [tokenA, tokenB]) {
    await jwtVerify(token, createLocalJWKSet(set), { issuer: ACCESS_TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE })
  }

  const strangerKey = createPrivateKey(stranger.privatePem)
  for (const kid of ['c', 'a', 'b']) {
    const forged = await new SignJWT(claimsOf(tokenB)).setProtectedHeader({ alg: 'EdDSA', kid }).sign(strangerKey)
    assertProblem(t, await me(appB, forged), 401, 'invalid_token', `a stranger's key claiming kid ${kid}`)
  }
  const noKid = await new SignJWT(claimsOf(tokenB)).setProtectedHeader({ alg: 'EdDSA' }).sign(createPrivateKey(keyB.privatePem))
  assertProblem(t, await me(appB, noKid), 401, 'invalid_token', 'the right key but no kid')

  // Once A's public key is removed (its tokens expired), its tokens are refused.
  const appC = await build(t, { config: { databaseUrl: appA.config.databaseUrl, ...keyConfig(t, 'b', keyB) } })
  const response = await me(appC, tokenA)
  assertProblem(t, response, 401, 'invalid_token', 'a token of a removed key')
  t.match(response.headers['www-authenticate'], /error="invalid_token"/)
  t.equal((await me(appC, tokenB)).statusCode, 200)
})

t.test('a token claiming another algorithm is refused', async (t) => {
  const key = ed25519()
  const app = await build(t, { config: keyConfig(t, 'k', key) })
  const { accessToken } = await signUp(app)
  const claims = claimsOf(accessToken)
  const { x } = createPrivateKey(key.privatePem).export({ format: 'jwk' })
  const secrets: Record<string, Uint8Array> = {
    'the public key PEM': new TextEncoder().encode(key.publicPem),
    'the raw public key': Buffer.from(String(x), 'base64url')
  }
  for (const [label, secret] of Object.entries(secrets)) {
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: 'k' }).sign(secret)
    assertProblem(t, await me(app, forged), 401, 'invalid_token', `HS256 signed with ${label}`)
  }
  const unsigned = `${b64({ alg: 'none', kid: 'k' })}.${b64(claims)}.`
  assertProblem(t, await me(app, unsigned), 401, 'invalid_token', 'alg none')
  const [header, payload, signature] = accessToken.split('.')
  t.equal(header, b64({ alg: 'EdDSA', typ: 'JWT', kid: 'k' }), 'the real header, for comparison')
  const relabelled = `${b64({ alg: 'HS256', typ: 'JWT', kid: 'k' })}.${payload}.${signature}`
  assertProblem(t, await me(app, relabelled), 401, 'invalid_token', 'a real signature under another alg')
})

t.test('an HS256 token of the default configuration is refused once keys are configured', async (t) => {
  const hs = await build(t)
  const { accessToken } = await signUp(hs)
  t.equal(decodeProtectedHeader(accessToken).alg, 'HS256')
  await hs.close()
  const app = await build(t, { config: { databaseUrl: hs.config.databaseUrl, ...keyConfig(t, 'k', ed25519()) } })
  assertProblem(t, await me(app, accessToken), 401, 'invalid_token')
})

t.test('an expired EdDSA token is token_expired', async (t) => {
  const key = ed25519()
  const app = await build(t, { config: keyConfig(t, 'k', key) })
  const { accessToken } = await signUp(app)
  const past = Math.floor(Date.now() / 1000) - 3600
  const expired = await new SignJWT({ ...claimsOf(accessToken), iat: past, exp: past + 900 })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'k' }).sign(createPrivateKey(key.privatePem))
  assertProblem(t, await me(app, expired), 401, 'token_expired')
})

t.test('without keys configured the JWKS is 404 and tokens stay HS256 without a kid', async (t) => {
  const app = await build(t)
  const body = assertProblem(t, await app.inject({ method: 'GET', url: '/.well-known/jwks.json' }), 404, 'not_found')
  t.match(body.detail, /HS256/)
  const { accessToken } = await signUp(app)
  t.same(decodeProtectedHeader(accessToken), { alg: 'HS256', typ: 'JWT' })
  t.equal((await me(app, accessToken)).statusCode, 200)
})
