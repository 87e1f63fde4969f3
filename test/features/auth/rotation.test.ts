import t from 'tap'
import { randomUUID } from 'node:crypto'
import { sha256Hex } from '../../../src/crypto.js'
import { createRefreshChain } from '../../../src/features/auth/refresh-chain.js'
import { build, testClock } from '../../helpers/build.js'
import { bearer, signUp } from '../../helpers/users.js'

// A rotation is two statements without a transaction: insert the child, then move the generation.

t.test('a rotation cut off after its insert is completed by the next refresh of the same token', async (t) => {
  const clock = testClock()
  const app = await build(t, { now: clock.now })
  const account = await signUp(app)
  const session = await app.prisma.session.findFirstOrThrow()
  const child = createRefreshChain(app.config.jwtSecret).child(account.refreshToken)
  // What the first statement leaves behind when the process dies before the second.
  await app.prisma.refreshToken.create({
    data: {
      id: randomUUID(),
      sessionId: session.id,
      tokenHash: sha256Hex(child),
      generation: 1,
      createdAt: clock.now()
    }
  })
  clock.advance(5)
  const response = await app.inject({
    method: 'POST',
    url: '/v1/auth/refresh',
    payload: { refreshToken: account.refreshToken }
  })
  t.equal(response.statusCode, 200)
  t.equal(response.json().refreshToken, child, 'the child the cut-off rotation stored')
  const after = await app.prisma.session.findUniqueOrThrow({ where: { id: session.id } })
  t.equal(after.generation, 1)
  t.equal(after.lastRefreshedAt.getTime(), clock.now().getTime(), 'the idle timer counts from the completed rotation')
  t.equal(await app.prisma.refreshToken.count(), 2, 'no second row for the child')
  const me = await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(response.json().accessToken) })
  t.equal(me.statusCode, 200)
})

t.test('a rotation of an ended session inserts no child', async (t) => {
  const app = await build(t)
  const account = await signUp(app)
  await app.inject({ method: 'POST', url: '/v1/auth/logout', payload: { refreshToken: account.refreshToken } })
  const response = await app.inject({
    method: 'POST',
    url: '/v1/auth/refresh',
    payload: { refreshToken: account.refreshToken }
  })
  t.equal(response.statusCode, 401)
  t.equal(await app.prisma.refreshToken.count(), 1)
})
