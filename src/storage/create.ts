// The one place that picks where blobs live (STORAGE_DRIVER).
import type { Config } from '../config.js'
import { createLocalDiskStorage } from './local-disk.js'
import { createS3Storage } from './s3.js'
import type { BlobStorage } from './types.js'

export interface BlobStore {
  storage: BlobStorage
  /** Releases the driver's connections when the app closes. */
  close: () => void
}

type StorageConfig = Pick<Config, 'storageDriver' | 'uploadDir' | 's3Endpoint' | 's3Bucket' | 's3Region' |
's3AccessKeyId' | 's3SecretAccessKey' | 's3ForcePathStyle'>

export function createBlobStorage (config: StorageConfig): BlobStore {
  if (config.storageDriver === 'local') return { storage: createLocalDiskStorage(config.uploadDir), close: () => {} }
  if (config.s3Bucket === null) throw new Error('STORAGE_DRIVER=s3 needs S3_BUCKET') // loadConfig refuses it first
  const storage = createS3Storage({
    bucket: config.s3Bucket,
    region: config.s3Region,
    endpoint: config.s3Endpoint,
    forcePathStyle: config.s3ForcePathStyle,
    credentials: config.s3AccessKeyId === null || config.s3SecretAccessKey === null
      ? null
      : { accessKeyId: config.s3AccessKeyId, secretAccessKey: config.s3SecretAccessKey }
  })
  return { storage, close: storage.close }
}
