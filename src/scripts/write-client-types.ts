// `npm run client`: regenerates the SDK's types (client/src/schema.d.ts) from openapi.yaml.
import { writeFile } from 'node:fs/promises'
import { renderClientTypes } from './client-types.js'

const target = new URL('../../client/src/schema.d.ts', import.meta.url)
await writeFile(target, await renderClientTypes())
console.log(`wrote ${target.pathname}`)
