// A real S3-protocol server for the tests: s3rver, in a child process of its own because its
// continuation tokens use a cipher that needs Node's legacy OpenSSL provider (a flag of the process).
// It needs nothing outside the repository (a devDependency), so S3 tests always run, CI or not.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import type { Test } from 'tap'
import type { Config } from '../../src/config.js'
import { childEnv, root } from './server-process.js'

/** s3rver takes these as its one account's key and secret. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }

export interface S3rver {
  endpoint: string
  bucket: string
  region: string
  credentials: typeof S3RVER_CREDENTIALS
  /** Where s3rver keeps the bucket on disk (to look at what the API cannot show, like multipart parts). */
  directory: string
  /** The app config that puts blobs in this bucket. */
  config: Partial<Config>
}

// Port 0: the OS picks a free port and the child prints the one it got.
const CHILD_SCRIPT = `
const S3rver = require('s3rver')
const [directory, bucket] = process.argv.slice(1)
new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] })
  .run()
  .then((address) => { process.stdout.write(JSON.stringify({ port: address.port }) + '\\n') })
  .catch((error) => { console.error(error); process.exit(1) })
`

/** Starts s3rver with one bucket; it is stopped and its files removed when `t` ends. */
export async function startS3rver (t: Test, bucket = 'test-bucket'): Promise<S3rver> {
  const directory = mkdtempSync(join(tmpdir(), 's3rver-'))
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '-e', CHILD_SCRIPT, directory, bucket], {
    cwd: root,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await once(child, 'exit')
    }
    rmSync(directory, { recursive: true, force: true })
  })
  let output = ''
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s3rver did not start: ${output}`)), 20_000)
    child.stdout.on('data', (chunk: Buffer) => {
      output += String(chunk)
      const line = /^(\{.*\})\n/m.exec(output)
      if (line !== null) { clearTimeout(timer); resolve((JSON.parse(line[1]) as { port: number }).port) }
    })
    child.stderr.on('data', (chunk: Buffer) => { output += String(chunk) })
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`s3rver exited with ${code}: ${output}`)) })
  })
  const endpoint = `http://127.0.0.1:${port}`
  const region = 'us-east-1'
  return {
    endpoint,
    bucket,
    region,
    credentials: S3RVER_CREDENTIALS,
    directory,
    config: {
      storageDriver: 's3',
      s3Endpoint: endpoint,
      s3Bucket: bucket,
      s3Region: region,
      s3AccessKeyId: S3RVER_CREDENTIALS.accessKeyId,
      s3SecretAccessKey: S3RVER_CREDENTIALS.secretAccessKey,
      s3ForcePathStyle: true
    }
  }
}

/** A client of the server, for tests to look into buckets behind the app's back; destroyed when `t` ends. */
export function s3Client (t: Test, server: S3rver): S3Client {
  const client = new S3Client({
    endpoint: server.endpoint, region: server.region, forcePathStyle: true, credentials: server.credentials
  })
  t.teardown(() => { client.destroy() })
  return client
}

/** A new empty bucket on the server: a test's own. Returns the server with its name (and app config) in. */
export async function freshBucket (client: S3Client, server: S3rver): Promise<S3rver> {
  const bucket = `test-${randomBytes(6).toString('hex')}`
  await client.send(new CreateBucketCommand({ Bucket: bucket }))
  return { ...server, bucket, config: { ...server.config, s3Bucket: bucket } }
}

/** Every object key in the bucket, sorted. */
export async function objectKeys (client: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = []
  let token: string | undefined
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }))
    for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key)
    token = page.NextContinuationToken
  } while (token !== undefined)
  return keys.sort()
}
