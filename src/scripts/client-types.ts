// The TypeScript types of openapi.yaml, as the client SDK and the type test use them (openapi-typescript).
import { readFile } from 'node:fs/promises'
import openapiTS, { astToString } from 'openapi-typescript'
import ts from 'typescript'

const document = new URL('../../openapi.yaml', import.meta.url)
const BLOB = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier('Blob'))

/**
 * Uploaded parts and binary answers (`format: binary`) are Blobs in a browser, not strings: with this,
 * a generated client takes a File or Blob for a `file` field and reads an image answer as a Blob, no cast.
 */
export async function renderClientTypes (): Promise<string> {
  const ast = await openapiTS(await readFile(document, 'utf8'), {
    transform: (schema) => schema.format === 'binary' ? BLOB : undefined
  })
  return '// Generated from openapi.yaml by `npm run client`; do not edit.\n' + astToString(ast)
}
