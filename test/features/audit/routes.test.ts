import t, { type Test } from 'tap'
import type { FastifyInstance } from 'fastify'
import { build, testClock } from '../../helpers/build.js'
import { bearer, signUp } from '../../helpers/users.js'

interface Item {
  id: string, at: string, type: string, userId: string | null, actor: { type: string, id: string | null }
}
interface Page { items: Item[], nextCursor: string | null }

/** Every item of a listing, page by page. */
async function allPages (t: Test, app: FastifyInstance, url: string, token: string, limit: number) {
  const items: Item[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const separator = url.includes('?') ? '&' : '?'
    const query: string = `${separator}limit=${limit}${cursor === null ? '' : `&cursor=${cursor}`}`
    const response = await app.inject({ method: 'GET', url: url + query, headers: bearer(token) })
    if (response.statusCode !== 200) throw new Error(`${response.statusCode} ${response.body}`)
    const page = response.json<Page>()
    t.ok(page.items.length <= limit)
    items.push(...page.items)
    cursor = page.nextCursor
    pages++
  } while (cursor !== null)
  return { items, pages }
}

const newestFirst = (items: Item[]) => items.every((item, i) => i === 0 || items[i - 1].at >= item.at)

t.test('GET /v1/me/audit: the caller\'s events only, newest first, page by page', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const me = await signUp(app)
  const other = await signUp(app)
  for (let i = 0; i < 12; i++) {
    // Pairs share a time: the id breaks the tie, so no page skips or repeats one.
    if (i % 2 === 0) clock.advance(1)
    await app.audit.record({ type: 'session_revoked', userId: me.user.id, detail: { n: i } })
    await app.audit.record({ type: 'session_revoked', userId: other.user.id })
  }
  const mine = await app.prisma.auditEvent.count({ where: { userId: me.user.id } })
  const { items, pages } = await allPages(t, app, '/v1/me/audit', me.accessToken, 5)
  t.equal(items.length, mine)
  t.equal(pages, Math.ceil(mine / 5))
  t.equal(new Set(items.map((item) => item.id)).size, items.length, 'no repeats')
  t.ok(items.every((item) => item.userId === me.user.id))
  t.ok(newestFirst(items))
  const revoked = items.filter((item) => item.type === 'session_revoked')
  const pairs = revoked.map((item) => Math.floor((item as Item & { detail: { n: number } }).detail.n / 2))
  t.same(pairs, [5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0], 'newest first; details come back as objects')
  t.same(revoked[0].actor, { type: 'user', id: me.user.id })

  const bad = await app.inject({ method: 'GET', url: '/v1/me/audit?cursor=nonsense', headers: bearer(me.accessToken) })
  t.equal(bad.statusCode, 400)
  const anonymous = await app.inject({ method: 'GET', url: '/v1/me/audit' })
  t.equal(anonymous.statusCode, 401)
})

t.test('GET /v1/admin/audit: every event, filtered by user, type and time; plain users get 403', async (t) => {
  const clock = testClock(new Date('2026-01-01T00:00:00Z'))
  const app = await build(t, { now: clock.now })
  const boss = await signUp(app)
  await app.prisma.user.update({ where: { id: boss.user.id }, data: { role: 'admin' } })
  const user = await signUp(app)
  clock.advance(3600)
  for (let i = 0; i < 6; i++) {
    clock.advance(60)
    await app.audit.record({ type: i % 2 === 0 ? 'password_changed' : 'logout', userId: user.user.id })
  }
  clock.advance(60)
  await app.audit.record({ type: 'login_failed', userId: null, detail: { loginHash: '0123456789ab' } })

  const refused = await app.inject({ method: 'GET', url: '/v1/admin/audit', headers: bearer(user.accessToken) })
  t.equal(refused.statusCode, 403)
  t.equal(refused.json().code, 'forbidden')

  const all = await allPages(t, app, '/v1/admin/audit', boss.accessToken, 3)
  t.equal(all.items.length, await app.prisma.auditEvent.count())
  t.ok(newestFirst(all.items))
  t.equal(all.items[0].userId, null, 'a login text that matches no account has no user')

  const byUser = await allPages(t, app, `/v1/admin/audit?userId=${user.user.id}`, boss.accessToken, 4)
  t.equal(byUser.items.length, await app.prisma.auditEvent.count({ where: { userId: user.user.id } }))
  t.ok(byUser.items.every((item) => item.userId === user.user.id))

  const byType = await allPages(t, app, `/v1/admin/audit?userId=${user.user.id}&type=password_changed`, boss.accessToken, 2)
  t.equal(byType.items.length, 3)
  t.equal(byType.pages, 2)
  t.ok(byType.items.every((item) => item.type === 'password_changed'))

  // Events at 01:01 .. 01:06: since is inclusive, until exclusive.
  const window = '&since=2026-01-01T01:02:00.000Z&until=2026-01-01T01:05:00.000Z'
  const byTime = await allPages(t, app, `/v1/admin/audit?userId=${user.user.id}${window}`, boss.accessToken, 10)
  t.same(byTime.items.map((item) => item.at),
    ['2026-01-01T01:04:00.000Z', '2026-01-01T01:03:00.000Z', '2026-01-01T01:02:00.000Z'])

  const unknownType = await app.inject({ method: 'GET', url: '/v1/admin/audit?type=nope', headers: bearer(boss.accessToken) })
  t.equal(unknownType.statusCode, 400)
  const badTime = await app.inject({ method: 'GET', url: '/v1/admin/audit?since=yesterday', headers: bearer(boss.accessToken) })
  t.equal(badTime.statusCode, 400)
})

t.test('API keys read neither audit route (403 insufficient_scope): where a user signs in from is theirs', async (t) => {
  const app = await build(t)
  const boss = await signUp(app)
  await app.prisma.user.update({ where: { id: boss.user.id }, data: { role: 'admin' } })
  const created = await app.inject({
    method: 'POST',
    url: '/v1/me/api-keys',
    headers: bearer(boss.accessToken),
    payload: { name: 'reader', scopes: ['profile:read'] }
  })
  t.equal(created.statusCode, 201)
  const secret: string = created.json().secret
  for (const url of ['/v1/me/audit', '/v1/admin/audit']) {
    const refused = await app.inject({ method: 'GET', url, headers: bearer(secret) })
    t.equal(refused.statusCode, 403, url)
    t.equal(refused.json().code, 'insufficient_scope', url)
    t.equal((await app.inject({ method: 'GET', url, headers: bearer(boss.accessToken) })).statusCode, 200, url)
  }
})
