// What deletion tests count: every row and blob an account can own, and an account that owns some of each.
import type { FastifyInstance } from 'fastify'
import { filePart, filesUnder, multipart, png, uploadOk } from './files.js'
import { bearer, signIn, signUp } from './users.js'

export const blobsOnDisk = (app: FastifyInstance) =>
  filesUnder(app.config.uploadDir).filter((path) => path.startsWith('blobs/'))

/** Rows of every table that can belong to a user. */
export async function rowCounts (app: FastifyInstance) {
  const { prisma } = app
  return {
    users: await prisma.user.count(),
    sessions: await prisma.session.count(),
    refreshTokens: await prisma.refreshToken.count(),
    linkTokens: await prisma.linkToken.count(),
    apiKeys: await prisma.apiKey.count(),
    files: await prisma.file.count(),
    variants: await prisma.fileVariant.count(),
    avatars: await prisma.avatar.count(),
    usage: await prisma.storageUsage.count()
  }
}

/** An account with a file, a rendered variant, an avatar and two sessions. */
export async function populatedAccount (app: FastifyInstance) {
  const account = await signUp(app)
  const headers = bearer(account.accessToken)
  const [picture] = await uploadOk(app, account.accessToken, [filePart(await png(), 'a.png', 'image/png')])
  const variant = await app.inject({ method: 'GET', url: `/v1/files/${picture.id}/content?w=8`, headers })
  if (variant.statusCode !== 200) throw new Error(`variant: ${variant.statusCode}`)
  const avatar = multipart([filePart(await png(64, 64), 'me.png', 'image/png')])
  const set = await app.inject({
    method: 'PUT', url: '/v1/me/avatar', headers: { ...avatar.headers, ...headers }, payload: avatar.payload
  })
  if (set.statusCode !== 200) throw new Error(`avatar: ${set.statusCode}`)
  await signIn(app, account.user.username, account.password)
  return account
}
