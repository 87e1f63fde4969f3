// The upload form, read at the route edge: parts named `file` and an optional
// `visibility` field, in any order. Each file part streams straight into the
// service; one refused part refuses the request, and the blobs of the parts
// already stored are removed before the error goes out.
import type { MultipartFile } from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import { errors } from '../../errors.js'
import { multipartError, partsOf } from '../../media/multipart.js'
import type { Visibility } from '../../schemas.js'
import type { FileService, StoredFile } from './service.js'

export async function receiveUpload (request: FastifyRequest, service: FileService, config: Config, userId: string) {
  const files: StoredFile[] = []
  let visibility: Visibility | undefined
  let left = await service.admit(userId)
  let current: MultipartFile | undefined
  try {
    for await (const part of partsOf(request, {
      files: config.uploadMaxFiles, fields: 4, fileBytes: config.uploadMaxBytes
    })) {
      if (part.type === 'field') {
        if (part.fieldname !== 'visibility' || visibility !== undefined) {
          const message = part.fieldname === 'visibility' ? 'is given twice' : 'is not an allowed field'
          throw errors.validation([{ path: `/${part.fieldname}`, message }])
        }
        if (part.value !== 'private' && part.value !== 'public') {
          throw errors.validation([{ path: '/visibility', message: 'must be private or public' }])
        }
        visibility = part.value
        continue
      }
      current = part
      if (part.fieldname !== 'file') {
        throw errors.validation([{ path: `/${part.fieldname}`, message: 'is not an allowed field; send files as `file`' }])
      }
      const stored = await service.store(
        userId,
        { body: part.file, filename: part.filename, declaredType: part.mimetype },
        left
      )
      files.push(stored)
      left -= stored.size
      current = undefined
    }
    if (files.length === 0) throw errors.missingFile()
    return { files, visibility: visibility ?? 'private' as const }
  } catch (error) {
    current?.file.destroy()
    await service.discard(files)
    throw multipartError(error)
  }
}
