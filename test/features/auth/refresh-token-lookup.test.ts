import t from 'tap'
import { sha256Hex } from '../../../src/crypto.js'
import { findRefreshTokenRow } from '../../../src/features/auth/refresh-token-lookup.js'
import { build } from '../../helpers/build.js'
import { signUp } from '../../helpers/users.js'

// The refresh path reads its row with raw SQL; these pin it to what Prisma's own findUnique returns.

const sessionTimes = { id: true, generation: true, expiresAt: true, lastRefreshedAt: true, revokedAt: true } as const

t.test('the raw lookup maps the row as the nested findUnique does (every column, Date and boolean types)', async (t) => {
  const app = await build(t)
  const plain = await signUp(app)
  const full = await signUp(app, { displayName: 'Full Name' })
  await app.prisma.user.update({
    where: { id: full.user.id },
    data: { bio: 'A bio', avatarId: 'avatar-1', emailVerified: true, role: 'admin' }
  })
  await app.prisma.session.updateMany({
    where: { userId: full.user.id },
    data: { revokedAt: new Date('2026-01-02T03:04:05.678Z'), generation: 3 }
  })
  for (const account of [plain, full]) {
    const tokenHash = sha256Hex(account.refreshToken)
    const expected = await app.prisma.refreshToken.findUnique({
      where: { tokenHash },
      select: { generation: true, session: { select: { ...sessionTimes, user: { omit: { passwordHash: true } } } } }
    })
    const row = await findRefreshTokenRow(app.prisma, tokenHash)
    t.strictSame(row, expected, account.user.username)
    t.type(row?.session.user.createdAt, Date)
    t.type(row?.session.user.emailVerified, 'boolean')
  }
})

t.test('an unknown token hash has no row', async (t) => {
  const app = await build(t)
  await signUp(app)
  t.equal(await findRefreshTokenRow(app.prisma, sha256Hex('not a token')), null)
})
