// Only the avatar's id is stored; avatarUrl is built from PUBLIC_URL each time a
// user is shown, so moving the API to a new host leaves no old host behind.
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { buildApp } from '../../../src/app.js'
import type { User } from '../../../src/schemas.js'
import { build, testConfig } from '../../helpers/build.js'
import { filePart, multipart, png } from '../../helpers/files.js'
import { bearer, signUp } from '../../helpers/users.js'

const OLD_URL = 'https://old-host.example'
const NEW_URL = 'https://api.new-host.example:8443'

async function putAvatar (app: FastifyInstance, token: string): Promise<User> {
  const body = multipart([filePart(await png(40, 30), 'me.png', 'image/png')])
  const response = await app.inject({
    method: 'PUT', url: '/v1/me/avatar', headers: { ...body.headers, ...bearer(token) }, payload: body.payload
  })
  if (response.statusCode !== 200) throw new Error(`avatar upload failed: ${response.statusCode} ${response.body}`)
  return response.json<User>()
}

/** A second app on the first one's database file and uploads, answering under another PUBLIC_URL. */
async function moved (t: Test, app: FastifyInstance, publicUrl: string): Promise<FastifyInstance> {
  const config = testConfig(app.config.databaseUrl, { publicUrl, uploadDir: app.config.uploadDir })
  const other = await buildApp({ config })
  t.teardown(async () => { await other.close() })
  await other.ready()
  return other
}

/** The stored row as the database has it (not through the app's serialisation). */
async function userRow (app: FastifyInstance, id: string): Promise<Record<string, unknown>> {
  const [row] = await app.prisma.$queryRaw<Array<Record<string, unknown>>>`SELECT * FROM "User" WHERE "id" = ${id}`
  return row
}

const getMe = async (app: FastifyInstance, token: string) =>
  (await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(token) })).json<User>()
const getProfile = async (app: FastifyInstance, username: string) =>
  (await app.inject({ method: 'GET', url: `/v1/users/${username}` })).json<{ avatarUrl: string }>()

t.test('the user row stores the avatar\'s id only, with no host in any column', async (t) => {
  const app = await build(t, { config: { publicUrl: OLD_URL } })
  const { accessToken, user } = await signUp(app)
  const updated = await putAvatar(app, accessToken)
  const avatarId = new URL(updated.avatarUrl as string).pathname.split('/').pop() as string
  t.equal(updated.avatarUrl, `${OLD_URL}/v1/avatars/${avatarId}`)

  const row = await userRow(app, user.id)
  t.equal(row.avatarId, avatarId, 'the id, as the URL names it')
  t.notOk('avatarUrl' in row, 'no URL column')
  for (const [column, value] of Object.entries(row)) {
    t.notOk(String(value).includes('old-host'), `${column} holds no host`)
    t.notOk(String(value).includes('http'), `${column} holds no URL`)
  }
})

t.test('the same database under another PUBLIC_URL answers avatarUrl with the new host', async (t) => {
  const app = await build(t, { config: { publicUrl: OLD_URL } })
  const { accessToken, user } = await signUp(app)
  const { avatarUrl } = await putAvatar(app, accessToken)
  const path = new URL(avatarUrl as string).pathname

  const other = await moved(t, app, NEW_URL)
  const me = await getMe(other, accessToken)
  t.equal(me.avatarUrl, `${NEW_URL}${path}`, '/v1/me')
  t.equal((await getProfile(other, user.username)).avatarUrl, `${NEW_URL}${path}`, '/v1/users/{username}')
  t.equal((await getProfile(app, user.username)).avatarUrl, `${OLD_URL}${path}`, 'the first app still answers its own host')

  const loaded = await other.inject({ method: 'GET', url: new URL(me.avatarUrl as string).pathname })
  t.equal(loaded.statusCode, 200, 'the new URL loads from the new app')
  t.equal(loaded.headers['content-type'], 'image/webp')
})

t.test('a user without an avatar gets the generated one under PUBLIC_URL, on every route and host', async (t) => {
  const app = await build(t, { config: { publicUrl: OLD_URL } })
  const { accessToken, user } = await signUp(app)
  t.equal(user.avatarUrl, `${OLD_URL}/v1/images/avatar/${user.id}.png`, 'at sign-up')
  t.equal((await getMe(app, accessToken)).avatarUrl, `${OLD_URL}/v1/images/avatar/${user.id}.png`, '/v1/me')
  t.equal((await getProfile(app, user.username)).avatarUrl, `${OLD_URL}/v1/images/avatar/${user.id}.png`,
    '/v1/users/{username}')
  t.equal((await userRow(app, user.id)).avatarId, null)

  const other = await moved(t, app, NEW_URL)
  t.equal((await getMe(other, accessToken)).avatarUrl, `${NEW_URL}/v1/images/avatar/${user.id}.png`, '/v1/me, moved')
  t.equal((await getProfile(other, user.username)).avatarUrl, `${NEW_URL}/v1/images/avatar/${user.id}.png`,
    '/v1/users/{username}, moved')
})

t.test('deleting the avatar clears the id: the generated avatar again', async (t) => {
  const app = await build(t, { config: { publicUrl: OLD_URL } })
  const { accessToken, user } = await signUp(app)
  await putAvatar(app, accessToken)
  const deleted = await app.inject({ method: 'DELETE', url: '/v1/me/avatar', headers: bearer(accessToken) })
  t.ok(deleted.statusCode < 300, `deleted (${deleted.statusCode})`)
  t.equal((await userRow(app, user.id)).avatarId, null)
  t.equal((await getProfile(app, user.username)).avatarUrl, `${OLD_URL}/v1/images/avatar/${user.id}.png`)
})
