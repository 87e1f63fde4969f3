import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { build } from '../../helpers/build.js'
import { bearer, signUp } from '../../helpers/users.js'

async function admin (app: FastifyInstance) {
  const account = await signUp(app)
  await app.prisma.user.update({ where: { id: account.user.id }, data: { role: 'admin' } })
  return account
}

const list = async (app: FastifyInstance, token: string, query = '') =>
  await app.inject({ method: 'GET', url: `/v1/admin/users${query}`, headers: bearer(token) })

const patch = async (app: FastifyInstance, token: string, id: string, payload: Record<string, unknown>) =>
  await app.inject({ method: 'PATCH', url: `/v1/admin/users/${id}`, headers: bearer(token), payload })

t.test('adminListUsers: newest first, the admin view of each user, searched and filtered', async (t) => {
  const app = await build(t)
  const boss = await admin(app)
  const alice = await signUp(app, { email: 'alice.smith@example.com', username: 'alice_s' })
  const bob = await signUp(app, { email: 'bob@alice.example', username: 'bobby' })
  const carol = await signUp(app, { email: 'carol@example.com', username: 'carol' })
  await app.prisma.user.update({ where: { id: carol.user.id }, data: { disabled: true } })

  const all = await list(app, boss.accessToken)
  t.equal(all.statusCode, 200)
  const body = all.json()
  t.same(body.items.map((item: { id: string }) => item.id), [carol.user.id, bob.user.id, alice.user.id, boss.user.id])
  t.equal(body.nextCursor, null)
  t.same(Object.keys(body.items[0]).sort(),
    ['avatarUrl', 'bio', 'createdAt', 'disabled', 'displayName', 'email', 'emailVerified', 'id', 'role', 'updatedAt',
      'username'])
  t.equal(body.items[0].disabled, true)
  t.notOk(all.body.includes('argon2'), 'no password hash')

  const ids = async (query: string) => {
    const response = await list(app, boss.accessToken, query)
    t.equal(response.statusCode, 200, query)
    return response.json().items.map((item: { id: string }) => item.id)
  }
  t.same(await ids('?q=alice'), [alice.user.id], 'an email prefix, not a substring (bob@alice.example)')
  t.same(await ids('?q=BOBB'), [bob.user.id], 'a username prefix, case-insensitive')
  t.same(await ids('?q=ALICE.S'), [alice.user.id])
  t.same(await ids('?q=%25'), [], '% is no wildcard')
  t.same(await ids('?q=_'), [], '_ is no wildcard')
  t.same(await ids('?q=a_ice'), [], '_ inside is no wildcard')
  t.same(await ids('?q=alice_'), [alice.user.id], '_ matches itself')
  t.same(await ids('?role=admin'), [boss.user.id])
  t.same(await ids('?role=user'), [carol.user.id, bob.user.id, alice.user.id])
  t.same(await ids('?disabled=true'), [carol.user.id])
  t.same(await ids('?disabled=false&role=user'), [bob.user.id, alice.user.id])
  t.same(await ids('?q=carol&disabled=false'), [])

  for (const query of ['?role=owner', '?disabled=maybe', '?limit=0', '?limit=101', '?cursor=nonsense', '?q=', '?x=1']) {
    const refused = await list(app, boss.accessToken, query)
    t.equal(refused.statusCode, 400, query)
    t.equal(refused.json().code, 'validation_failed', query)
  }
})

t.test('adminListUsers pages through every user once with the cursor, filters kept', async (t) => {
  const app = await build(t)
  const boss = await admin(app)
  for (let index = 0; index < 6; index++) await signUp(app)
  // Same creation time for some rows: the id breaks the tie.
  const at = new Date('2026-01-01T00:00:00Z')
  const tied = await app.prisma.user.findMany({ where: { role: 'user' }, take: 3, select: { id: true } })
  for (const { id } of tied) await app.prisma.user.update({ where: { id }, data: { createdAt: at } })

  const expected = (await app.prisma.user.findMany({
    where: { role: 'user' }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true }
  })).map((row) => row.id)
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const query: string = `?role=user&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`
    const response = await list(app, boss.accessToken, query)
    t.equal(response.statusCode, 200)
    const page = response.json()
    t.ok(page.items.length <= 2)
    seen.push(...page.items.map((item: { id: string }) => item.id))
    cursor = page.nextCursor
  } while (cursor !== null)
  t.same(seen, expected, 'every user once, in order')
})

t.test('adminGetUser and adminUpdateUser change each field and record who did it', async (t) => {
  const app = await build(t)
  const boss = await admin(app)
  const user = await signUp(app)
  const id = user.user.id

  const got = await app.inject({ method: 'GET', url: `/v1/admin/users/${id}`, headers: bearer(boss.accessToken) })
  t.equal(got.statusCode, 200)
  t.match(got.json(), { id, email: user.user.email, role: 'user', disabled: false, emailVerified: false })

  const steps: Array<[Record<string, unknown>, Record<string, unknown>, string]> = [
    [{ role: 'admin' }, { role: 'admin' }, 'role_changed'],
    [{ role: 'user' }, { role: 'user' }, 'role_changed'],
    [{ disabled: true }, { disabled: true }, 'account_disabled'],
    [{ disabled: false }, { disabled: false }, 'account_enabled'],
    [{ emailVerified: true }, { emailVerified: true }, 'admin_email_verified']
  ]
  for (const [payload, expected, type] of steps) {
    const response = await patch(app, boss.accessToken, id, payload)
    t.equal(response.statusCode, 200, JSON.stringify(payload))
    t.match(response.json(), { id, ...expected })
    const event = await app.prisma.auditEvent.findFirst({ where: { requestId: response.headers['x-request-id'] as string } })
    t.match(event, { type, userId: id, actorType: 'admin', actorId: boss.user.id }, type)
  }
  const roleEvents = await app.prisma.auditEvent.findMany({ where: { type: 'role_changed', userId: id }, orderBy: { at: 'asc' } })
  t.same(roleEvents.map((event) => JSON.parse(event.detail ?? '{}')), [{ from: 'user', to: 'admin' }, { from: 'admin', to: 'user' }])

  const unchanged = await patch(app, boss.accessToken, id, { role: 'user' })
  t.equal(unchanged.statusCode, 200)
  t.equal(await app.prisma.auditEvent.count({ where: { requestId: unchanged.headers['x-request-id'] as string } }), 0,
    'no event when nothing changed')

  const all = await patch(app, boss.accessToken, id, { role: 'admin', disabled: true, emailVerified: false })
  t.match(all.json(), { role: 'admin', disabled: true, emailVerified: false })
  t.same((await app.prisma.auditEvent.findMany({ where: { requestId: all.headers['x-request-id'] as string } }))
    .map((event) => event.type).sort(), ['account_disabled', 'admin_email_verified', 'role_changed'])

  for (const payload of [{}, { role: 'owner' }, { disabled: 'yes' }, { email: 'x@example.com' }]) {
    const refused = await patch(app, boss.accessToken, id, payload)
    t.equal(refused.statusCode, 400, JSON.stringify(payload))
  }
  const unknown = '00000000-0000-4000-8000-000000000000'
  for (const request of [
    { method: 'GET', url: `/v1/admin/users/${unknown}` },
    { method: 'PATCH', url: `/v1/admin/users/${unknown}`, payload: { disabled: true } },
    { method: 'DELETE', url: `/v1/admin/users/${unknown}` },
    { method: 'DELETE', url: `/v1/admin/users/${unknown}/sessions` }
  ] as const) {
    const response = await app.inject({ ...request, headers: bearer(boss.accessToken) })
    t.equal(response.statusCode, 404, `${request.method} unknown`)
    t.equal(response.json().code, 'not_found')
    const malformed = await app.inject({ ...request, url: request.url.replace(unknown, 'nope'), headers: bearer(boss.accessToken) })
    t.equal(malformed.statusCode, 400, `${request.method} malformed id`)
  }
})

t.test('the last active admin cannot be demoted, disabled or deleted (409 last_admin)', async (t) => {
  const app = await build(t)
  const boss = await admin(app)
  const id = boss.user.id
  const expectLastAdmin = (response: { statusCode: number, json: () => { code: string } }, what: string) => {
    t.equal(response.statusCode, 409, what)
    t.equal(response.json().code, 'last_admin', what)
  }
  const remove = async () =>
    await app.inject({ method: 'DELETE', url: `/v1/admin/users/${id}`, headers: bearer(boss.accessToken) })

  expectLastAdmin(await patch(app, boss.accessToken, id, { role: 'user' }), 'demote')
  expectLastAdmin(await patch(app, boss.accessToken, id, { disabled: true }), 'disable')
  expectLastAdmin(await patch(app, boss.accessToken, id, { role: 'user', emailVerified: true }), 'demote with more')
  expectLastAdmin(await remove(), 'delete')
  t.match(await app.prisma.user.findUnique({ where: { id } }), { role: 'admin', disabled: false, emailVerified: false },
    'nothing changed')

  // A disabled admin cannot act, so it does not count.
  const dormant = await signUp(app)
  await app.prisma.user.update({ where: { id: dormant.user.id }, data: { role: 'admin', disabled: true } })
  expectLastAdmin(await patch(app, boss.accessToken, id, { role: 'user' }), 'a disabled admin does not count')
  t.equal((await patch(app, boss.accessToken, dormant.user.id, { role: 'user' })).statusCode, 200,
    'a disabled admin can be demoted')
  t.equal((await patch(app, boss.accessToken, id, { emailVerified: true })).statusCode, 200, 'other changes are fine')

  const deputy = await admin(app)
  t.equal((await patch(app, boss.accessToken, id, { disabled: true })).statusCode, 200, 'with another admin')
  t.equal((await patch(app, deputy.accessToken, id, { disabled: false })).statusCode, 200)
  t.equal((await remove()).statusCode, 204, 'an admin can delete themselves while another remains')
  expectLastAdmin(await app.inject({
    method: 'DELETE', url: `/v1/admin/users/${deputy.user.id}`, headers: bearer(deputy.accessToken)
  }), 'now the deputy is the last')
})

t.test('two admins demoting each other at once leave one admin', async (t) => {
  const app = await build(t)
  for (let round = 0; round < 5; round++) {
    await app.prisma.user.updateMany({ where: { role: 'admin' }, data: { role: 'user' } })
    const first = await admin(app)
    const second = await admin(app)
    const [a, b] = await Promise.all([
      patch(app, first.accessToken, second.user.id, { role: 'user' }),
      patch(app, second.accessToken, first.user.id, { role: 'user' })
    ])
    t.same([a.statusCode, b.statusCode].sort(), [200, 409], `round ${round}`)
    t.equal(await app.prisma.user.count({ where: { role: 'admin' } }), 1)
  }
  // The same with a demotion against a deletion and a disabling.
  await app.prisma.user.updateMany({ where: { role: 'admin' }, data: { role: 'user' } })
  const first = await admin(app)
  const second = await admin(app)
  const [a, b] = await Promise.all([
    app.inject({ method: 'DELETE', url: `/v1/admin/users/${second.user.id}`, headers: bearer(first.accessToken) }),
    patch(app, second.accessToken, first.user.id, { disabled: true })
  ])
  // Either may win (on PostgreSQL the two run in parallel); the other must be refused.
  const statuses = [a.statusCode, b.statusCode]
  t.ok(statuses.includes(409) && (statuses.includes(204) || statuses.includes(200)), `answered ${statuses.join(', ')}`)
  t.equal(await app.prisma.user.count({ where: { role: 'admin', disabled: false } }), 1)
})
