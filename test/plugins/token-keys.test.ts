import { generateKeyPairSync } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import type { Config } from '../../src/config.js'
import { loadTokenKeys } from '../../src/plugins/token-keys.js'
import { build, testConfig } from '../helpers/build.js'

function ed25519 () {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    x: String(publicKey.export({ format: 'jwk' }).x)
  }
}

function tempDir (t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'token-keys-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Writes files (name → text) into a new directory and returns its path. */
function directory (t: Test, files: Record<string, string>): string {
  const dir = tempDir(t)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

const config = (overrides: Partial<Config>) => testConfig('file:unused.db', overrides)
const load = (overrides: Partial<Config>) => loadTokenKeys(config(overrides))

t.test('without keys configured there is nothing to load (HS256)', async (t) => {
  t.equal(load({}), null)
})

t.test('the current key and the previous ones make the JWKS: public parts only, current first', async (t) => {
  const current = ed25519()
  const older = ed25519()
  const old = ed25519()
  const keyFile = join(directory(t, { 'key.pem': current.privatePem }), 'key.pem')
  const dir = directory(t, { 'old.pem': old.publicPem, '2026-01.older.pem': older.publicPem, 'README.txt': 'ignored' })
  const keys = load({ jwtPrivateKeyFile: keyFile, jwtKeyId: 'now', jwtPreviousPublicKeysDir: dir })
  t.ok(keys)
  t.same(keys?.jwks.keys, [
    { kty: 'OKP', crv: 'Ed25519', x: current.x, kid: 'now', alg: 'EdDSA', use: 'sig' },
    { kty: 'OKP', crv: 'Ed25519', x: older.x, kid: '2026-01.older', alg: 'EdDSA', use: 'sig' },
    { kty: 'OKP', crv: 'Ed25519', x: old.x, kid: 'old', alg: 'EdDSA', use: 'sig' }
  ])
  t.notMatch(JSON.stringify(keys?.jwks), /"d"/, 'no private part')
  t.same([...keys?.publicPems.keys() ?? []], ['now', '2026-01.older', 'old'])
  t.equal(keys?.publicPems.get('old'), old.publicPem)
})

t.test('a next key published ahead (its kid already in the directory) may stay there once it is current', async (t) => {
  const current = ed25519()
  const keyFile = join(directory(t, { 'key.pem': current.privatePem }), 'key.pem')
  const dir = directory(t, { 'next.pem': current.publicPem })
  const keys = load({ jwtPrivateKeyFile: keyFile, jwtKeyId: 'next', jwtPreviousPublicKeysDir: dir })
  t.equal(keys?.jwks.keys.length, 1)

  const other = directory(t, { 'next.pem': ed25519().publicPem })
  t.throws(() => load({ jwtPrivateKeyFile: keyFile, jwtKeyId: 'next', jwtPreviousPublicKeysDir: other }),
    { name: 'ConfigError', message: /JWT_PREVIOUS_PUBLIC_KEYS_DIR: next\.pem is not the public half of JWT_PRIVATE_KEY_FILE/ })
})

t.test('misconfigurations fail with a message naming the variable', async (t) => {
  const key = ed25519()
  const keys = directory(t, {
    'ed25519.pem': key.privatePem,
    'public.pem': key.publicPem,
    'rsa.pem': generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    'ed448.pem': generateKeyPairSync('ed448').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    'encrypted.pem': generateKeyPairSync('ed25519').privateKey.export({
      format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'secret'
    }).toString(),
    'garbage.pem': 'not a key'
  })
  const file = (name: string) => join(keys, name)
  const cases: Array<[string, Partial<Config>, RegExp]> = [
    ['a key file without a kid', { jwtPrivateKeyFile: file('ed25519.pem') }, /^JWT_KEY_ID is required when JWT_PRIVATE_KEY_FILE is set/],
    ['a kid without a key file', { jwtKeyId: 'k1' }, /^JWT_KEY_ID is set but JWT_PRIVATE_KEY_FILE is not/],
    ['previous keys without a key file', { jwtPreviousPublicKeysDir: keys },
      /^JWT_PREVIOUS_PUBLIC_KEYS_DIR is set but JWT_PRIVATE_KEY_FILE is not/],
    ['a missing key file', { jwtPrivateKeyFile: file('missing.pem'), jwtKeyId: 'k1' }, /^JWT_PRIVATE_KEY_FILE: cannot read .*missing\.pem \(ENOENT\)/],
    ['an RSA key', { jwtPrivateKeyFile: file('rsa.pem'), jwtKeyId: 'k1' }, /^JWT_PRIVATE_KEY_FILE \(.*\) holds a rsa key; it must be Ed25519/],
    ['an Ed448 key', { jwtPrivateKeyFile: file('ed448.pem'), jwtKeyId: 'k1' }, /^JWT_PRIVATE_KEY_FILE \(.*\) holds a ed448 key/],
    ['a public key', { jwtPrivateKeyFile: file('public.pem'), jwtKeyId: 'k1' }, /^JWT_PRIVATE_KEY_FILE \(.*\) is not an unencrypted PEM private key/],
    ['an encrypted key', { jwtPrivateKeyFile: file('encrypted.pem'), jwtKeyId: 'k1' }, /^JWT_PRIVATE_KEY_FILE \(.*\) is not an unencrypted PEM private key/],
    ['not a key', { jwtPrivateKeyFile: file('garbage.pem'), jwtKeyId: 'k1' }, /^JWT_PRIVATE_KEY_FILE \(.*\) is not an unencrypted PEM private key/]
  ]
  const withKey = { jwtPrivateKeyFile: file('ed25519.pem'), jwtKeyId: 'k1' }
  const previous: Array<[string, Record<string, string>, RegExp]> = [
    ['a private key among the previous ones', { 'old.pem': ed25519().privatePem }, /^JWT_PREVIOUS_PUBLIC_KEYS_DIR: .*old\.pem holds a private key/],
    ['an RSA public key', { 'old.pem': generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'pem', type: 'spki' }).toString() },
      /^JWT_PREVIOUS_PUBLIC_KEYS_DIR: .*old\.pem holds a rsa key; it must be Ed25519/],
    ['not a key', { 'old.pem': 'garbage' }, /^JWT_PREVIOUS_PUBLIC_KEYS_DIR: .*old\.pem is not a PEM public key/],
    ['a file name that is no kid', { 'old key.pem': ed25519().publicPem }, /^JWT_PREVIOUS_PUBLIC_KEYS_DIR: old key\.pem does not name a kid/],
    ['an empty kid', { '.pem': ed25519().publicPem }, /^JWT_PREVIOUS_PUBLIC_KEYS_DIR: \.pem does not name a kid/]
  ]
  for (const [label, files, message] of previous) {
    cases.push([label, { ...withKey, jwtPreviousPublicKeysDir: directory(t, files) }, message])
  }
  cases.push(['a missing directory', { ...withKey, jwtPreviousPublicKeysDir: join(keys, 'nope') },
    /^JWT_PREVIOUS_PUBLIC_KEYS_DIR: cannot read .*nope \(ENOENT\)/])
  for (const [label, overrides, message] of cases) {
    t.throws(() => load(overrides), { name: 'ConfigError', message }, label)
  }
})

t.test('an unreadable previous key names the variable', { skip: process.getuid?.() === 0 && 'root reads every file' }, async (t) => {
  const dir = directory(t, { 'old.pem': ed25519().publicPem })
  chmodSync(join(dir, 'old.pem'), 0o000)
  const keyFile = join(directory(t, { 'key.pem': ed25519().privatePem }), 'key.pem')
  t.throws(() => load({ jwtPrivateKeyFile: keyFile, jwtKeyId: 'k1', jwtPreviousPublicKeysDir: dir }),
    { name: 'ConfigError', message: /^JWT_PREVIOUS_PUBLIC_KEYS_DIR: cannot read .*old\.pem \(EACCES\)/ })
})

t.test('a directory named like a key is refused', async (t) => {
  const dir = tempDir(t)
  mkdirSync(join(dir, 'old.pem'))
  const keyFile = join(directory(t, { 'key.pem': ed25519().privatePem }), 'key.pem')
  t.throws(() => load({ jwtPrivateKeyFile: keyFile, jwtKeyId: 'k1', jwtPreviousPublicKeysDir: dir }),
    { name: 'ConfigError', message: /^JWT_PREVIOUS_PUBLIC_KEYS_DIR: cannot read .*old\.pem \(EISDIR\)/ })
})

t.test('a misconfigured key fails the start of the app', async (t) => {
  const keyFile = join(directory(t, { 'key.pem': ed25519().privatePem }), 'key.pem')
  await t.rejects(build(t, { config: { jwtPrivateKeyFile: keyFile } }),
    { name: 'ConfigError', message: /JWT_KEY_ID is required/ })
})
