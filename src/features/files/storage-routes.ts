import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'

export const StorageSchema = Type.Object({
  usedBytes: Type.Integer({ minimum: 0, description: 'Charged to your files and their kept variants, each at least 4096 bytes.' }),
  quotaBytes: Type.Integer({ minimum: 1, description: 'UPLOAD_QUOTA_BYTES.' }),
  files: Type.Integer({ minimum: 0, description: 'How many files you keep (variants and the avatar not counted).' }),
  maxFiles: Type.Integer({ minimum: 1, description: 'UPLOAD_MAX_FILES_PER_USER.' })
}, { additionalProperties: false })
export type Storage = Static<typeof StorageSchema>

/** GET /v1/me/storage: the caller's usage against their limits. */
export default async function storageRoutes (fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
  const { service } = app.files

  app.get('', {
    config: { scope: 'files:read' },
    schema: {
      operationId: 'getMyStorage',
      summary: 'Your storage use: bytes charged and files kept, against your limits',
      description: 'What uploads count against: the stored bytes of your files and their variants, and the number ' +
        'of files, beside the quota and file limit that apply to you (413 `quota_exceeded` once an upload would pass them).',
      tags: ['files'],
      response: { 200: StorageSchema }
    }
  }, async function getMyStorage (request): Promise<Storage> {
    return await service.usage(request.user.userId)
  })
}
