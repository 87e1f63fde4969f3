// The README's "A walk through with curl" runs as written, top to bottom, against what `npm start` serves on a
// fresh clone: a server with no environment of its own (development, a generated JWT secret, ./data/app.db, the dev
// outbox in ./data/outbox), run in the walk's own empty directory so that the walk's `data/outbox/` is the server's.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import t, { type Test } from 'tap'
import { readmeSection, shellBlocks } from './helpers/readme.js'
import { childEnv, startServer, tempDir } from './helpers/server-process.js'

const README_API = 'API=http://localhost:3000'
// The walk takes a few seconds (argon2 at every sign-in, a handful of renders); a hang must not reach tap's limit.
const WALK_TIMEOUT_MS = 40_000

// Runs before the README's blocks. The README's plain `curl -s` would carry on after an HTTP error; here every
// request fails the walk on one and reports `< status METHOD url` on stderr. A command the README marks
// `# 401 invalid_token` runs with EXPECT set and must answer exactly that status and code.
/* eslint-disable no-template-curly-in-string -- bash parameter expansions, not template slots */
const prelude = [
  'set -euo pipefail',
  'shopt -s inherit_errexit',
  'curl () {',
  '  if [ -z "${EXPECT-}" ]; then',
  "    command curl --show-error --fail-with-body --write-out '%{stderr}< %{http_code} %{method} %{url_effective}\\n' \"$@\" ||",
  '      { echo "curl failed with exit code $?: curl $*" >&2; return 1; }',
  '    return',
  '  fi',
  '  local out status body',
  "  out=$(command curl --show-error --write-out '\\n< %{http_code} %{method} %{url_effective}' \"$@\")",
  "  status=${out##*$'\\n'}; body=${out%$'\\n'*}",
  "  printf '%s\\n' \"$body\"; echo \"$status\" >&2",
  '  if [[ $status != "< ${EXPECT%% *} "* || $body != *"\\"code\\":\\"${EXPECT#* }\\""* ]]; then',
  '    echo "expected $EXPECT, got: $status $body" >&2; return 1',
  '  fi',
  '}',
  ''
].join('\n')
/* eslint-enable no-template-curly-in-string */

/** The section's blocks as one script aimed at `api`, with the commands it says answer an error marked. */
function walkScript (api: string): { script: string, expectedErrors: number } {
  const walk = shellBlocks(readmeSection('A walk through with curl')).join('\n')
  if (!walk.includes(`${README_API}\n`)) throw new Error(`the walk no longer starts with ${README_API}`)
  const marked = /^(curl .*?)\s+# (\d{3}) ([a-z_]+)$/gm
  const expectedErrors = [...walk.matchAll(marked)].length
  const script = walk.replace(README_API, `API=${api}`).replace(marked, "EXPECT='$2 $3' $1")
  return { script: prelude + script, expectedErrors }
}

interface Walk { code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }

async function runWalk (t: Test, script: string, cwd: string): Promise<Walk> {
  // Its own process group, so a timeout ends the curl or node it is waiting on too.
  const child = spawn('bash', ['-c', script], { cwd, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  const killGroup = () => { if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid ?? 0), 'SIGKILL') }
  t.teardown(killGroup)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => { stdout += String(chunk) })
  child.stderr.on('data', (chunk) => { stderr += String(chunk) })
  const timer = setTimeout(killGroup, WALK_TIMEOUT_MS)
  const [code, signal] = await once(child, 'close') as [number | null, NodeJS.Signals | null]
  clearTimeout(timer)
  return { code, signal, stdout, stderr }
}

/** `< 201 POST http://127.0.0.1:1234/v1/auth/signup` lines → the requests in order. */
function requestsOf (stderr: string) {
  return [...stderr.matchAll(/^< (\d{3}) ([A-Z]+) (\S+)$/gm)].map((match) => ({
    status: Number(match[1]), method: match[2], path: new URL(match[3]).pathname
  }))
}

async function imageOf (cwd: string, name: string) {
  const { format, width, height } = await sharp(readFileSync(join(cwd, name))).metadata()
  return { format, width, height }
}

t.test('the curl walk runs top to bottom, as written, on a fresh `npm start`', async (t) => {
  const cwd = tempDir(t, 'readme-walk-')
  const server = await startServer(t, {}, { cwd, timeoutMs: 30_000 })
  const { script, expectedErrors } = walkScript(server.url)
  t.equal(expectedErrors, 1, 'one command is marked to answer an error: the /v1/me after the logout')

  const walk = await runWalk(t, script, cwd)
  t.equal(walk.code, 0, 'every command succeeded', { signal: walk.signal, stderr: walk.stderr, stdout: walk.stdout })
  if (walk.code !== 0) return

  const requests = requestsOf(walk.stderr)
  const statuses = (method: string, path: string) =>
    requests.filter((request) => request.method === method && request.path === path).map((request) => request.status)
  t.same(statuses('POST', '/v1/auth/signup'), [201], 'signed up')
  t.same(statuses('POST', '/v1/auth/refresh'), [200], 'refreshed')
  const refreshed = requests.findIndex((request) => request.path === '/v1/auth/refresh')
  const nextWithToken = requests.slice(refreshed + 1).find((request) => request.path === '/v1/files')
  t.same(nextWithToken, { status: 201, method: 'POST', path: '/v1/files' }, 'the refreshed access token uploads')
  t.same(statuses('POST', '/v1/auth/verify-email'), [200, 200], 'the address and then the new one verified')
  t.same(statuses('POST', '/v1/auth/password/forgot'), [202])
  t.same(statuses('POST', '/v1/auth/password/reset'), [204], 'the password reset through the mailed link')
  t.same(statuses('POST', '/v1/auth/login'), [200, 200], 'signed in at the start, and with the reset password')
  t.same(statuses('POST', '/v1/images/files'), [201], 'the scene kept as a file')
  t.same(statuses('POST', '/v1/auth/logout'), [204])
  t.same(requests.at(-1), { status: 401, method: 'GET', path: '/v1/me' }, 'after the logout, the token is refused')

  const upload = JSON.parse(readFileSync(join(cwd, 'upload.json'), 'utf8')) as { files: Array<{ filename: string }> }
  t.same(upload.files.map((file) => file.filename), ['notes.txt', 'photo.jpg'], 'the upload made two files')
  t.same(await imageOf(cwd, 'photo.jpg'), { format: 'jpeg', width: 640, height: 480 })
  t.same(await imageOf(cwd, 'copy.jpg'), { format: 'jpeg', width: 640, height: 480 })
  t.same(await imageOf(cwd, 'thumb.webp'), { format: 'webp', width: 200, height: 150 })
  t.same(await imageOf(cwd, 'rect.png'), { format: 'png', width: 220, height: 190 })
  t.same(await imageOf(cwd, 'placeholder.png'), { format: 'png', width: 640, height: 360 })
  t.same(await imageOf(cwd, 'avatar.png'), { format: 'png', width: 128, height: 128 })

  // What the walk left on the account, seen through a sign-in of the test's own.
  const login = await fetch(`${server.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'alice', password: 'correct horse battery staple' })
  })
  t.equal(login.status, 200, 'the password is the one the reset set')
  const headers = { authorization: `Bearer ${(await login.json() as { accessToken: string }).accessToken}` }
  const me = await (await fetch(`${server.url}/v1/me`, { headers })).json() as Record<string, unknown>
  t.match(me, { email: 'alice@example.org', emailVerified: true, bio: 'Hello!' })
  const avatar = await fetch(`${server.url}${new URL(String(me.avatarUrl)).pathname}`)
  t.equal(avatar.status, 200, 'the uploaded avatar loads without a token')
  const files = await (await fetch(`${server.url}/v1/files`, { headers })).json() as { items: Array<{ filename: string }> }
  t.same(files.items.map((file) => file.filename).sort(), ['image.jpeg', 'notes.txt'], 'the photo was deleted')

  server.child.kill('SIGKILL')
  await once(server.child, 'exit')
})
