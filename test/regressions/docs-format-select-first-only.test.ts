// In /docs an image's `format` could not be chosen: TypeBox writes a union of literals as an anyOf of one-value
// enums, and Swagger UI offers only the first branch of such an anyOf (found by test/browser/docs.test.ts).
import { readFile } from 'node:fs/promises'
import t from 'tap'
import { parse } from 'yaml'

const committed = await readFile(new URL('../../openapi.yaml', import.meta.url), 'utf8')

t.test('a set of values is one enum, not an anyOf of one-value enums (Swagger UI offers only the first branch)', async (t) => {
  const faults: string[] = []
  const walk = (node: unknown, at: string): void => {
    if (typeof node !== 'object' || node === null) return
    const { anyOf } = node as { anyOf?: Array<{ enum?: unknown[] }> }
    if (Array.isArray(anyOf) && anyOf.length > 0 && anyOf.every((branch) => branch.enum?.length === 1)) faults.push(at)
    for (const [key, value] of Object.entries(node)) walk(value, `${at}/${key}`)
  }
  const document = parse(committed)
  walk(document, '#')
  t.same(faults, [])
  const format = document.paths['/v1/images/placeholder/{width}x{height}.{format}'].get.parameters
    .find((parameter: { name: string }) => parameter.name === 'format')
  t.same(format.schema, { type: 'string', enum: ['webp', 'avif', 'png', 'jpeg'] })
})
