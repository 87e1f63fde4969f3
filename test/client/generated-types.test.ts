// The SDK is typed by client/src/schema.d.ts, generated from openapi.yaml: when the API changes and
// `npm run client` was not run, this fails instead of the SDK quietly describing an older API.
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { renderClientTypes } from '../../src/scripts/client-types.js'

t.test('client/src/schema.d.ts is what openapi.yaml generates (run `npm run client` after `npm run openapi`)', async (t) => {
  const committed = await readFile(new URL('../../client/src/schema.d.ts', import.meta.url), 'utf8')
  t.ok(committed === await renderClientTypes(), 'the committed types are current')
})
