// What an SPA developer gets from the document: types generated with openapi-typescript (as `npm run client`
// makes them) and a program written against them with openapi-fetch, type-checked under --strict with no
// cast. It fails when the document stops describing an upload, a binary answer or a problem's code usefully.
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t, { type Test } from 'tap'
import { renderClientTypes } from '../src/scripts/client-types.js'

const run = promisify(execFile)
const root = new URL('..', import.meta.url).pathname

// As strict as TypeScript gets, for a browser: no Node types.
const strictProgram = {
  compilerOptions: {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    target: 'ES2022',
    lib: ['ES2022', 'DOM'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    types: []
  }
}

// Under the repository, so `openapi-fetch` resolves from its node_modules.
function scratchDir (t: Test): string {
  mkdirSync(join(root, 'test/.tmp'), { recursive: true })
  const dir = mkdtempSync(join(root, 'test/.tmp/openapi-types-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

const program = `
import createClient from 'openapi-fetch'
import type { components, paths } from './schema.js'

type Problem = components['schemas']['Problem']
type Scene = paths['/v1/images']['post']['requestBody']['content']['application/json']

const api = createClient<paths>({ baseUrl: 'http://localhost:3000' })

/** A switch over the catalogue's union: a code that does not exist would not compile. */
export function explain (problem: Problem): string {
  switch (problem.code) {
    case 'email_taken':
    case 'username_taken':
      return \`\${problem.errors?.[0]?.path ?? ''} is taken\`
    case 'weak_password':
      return (problem.errors ?? []).map((error) => error.message).join(', ')
    case 'rate_limited':
    case 'account_throttled':
      return 'Wait a moment and try again.'
    case 'invalid_credentials':
      return 'Wrong login or password.'
    default:
      return problem.detail
  }
}

export async function walk (file: Blob): Promise<Blob | string> {
  const password = 'correct horse battery staple'
  const signup = await api.POST('/v1/auth/signup', {
    body: { email: 'river@example.com', username: 'river', password, displayName: 'River' }
  })
  if (signup.error !== undefined) return explain(signup.error)

  const login = await api.POST('/v1/auth/login', { body: { login: 'river', password } })
  if (login.error !== undefined) return explain(login.error)
  const headers = { authorization: \`Bearer \${login.data.accessToken}\` }
  const expiresIn: number = login.data.expiresIn

  const me = await api.GET('/v1/me', { headers })
  if (me.error !== undefined) return explain(me.error)
  const greeting: string = \`Hello \${me.data.displayName ?? me.data.username} (\${expiresIn} s)\`

  const upload = await api.POST('/v1/files', {
    headers,
    body: { file: [file], visibility: 'private' },
    bodySerializer (body) {
      const form = new FormData()
      for (const part of body.file) form.append('file', part)
      if (body.visibility !== undefined) form.append('visibility', body.visibility)
      return form
    }
  })
  if (upload.error !== undefined) return explain(upload.error)
  const stored: string[] = upload.data.files.map((stored) => \`\${stored.filename}: \${stored.size} bytes\`)

  // A typed scene, the way an editor keeps one (written inline, openapi-fetch's inference widens its literals).
  const scene: Scene = {
    width: 220,
    height: 190,
    format: 'png',
    shapes: [
      { type: 'rect', x: 40, y: 40, width: 170, height: 140, fill: '#ffff33', stroke: 'red' },
      { type: 'polygon', points: [[0, 0], [10, 0], [5, 8]] },
      { type: 'text', x: 60, y: 120, text: greeting, fontWeight: 'bold' }
    ]
  }
  const image = await api.POST('/v1/images', { headers, body: scene, parseAs: 'blob' })
  if (image.error !== undefined) return explain(image.error)
  const png: Blob = image.data
  return stored.length > 0 ? png : greeting
}
`

// One compile for all: the program must pass, and each copy with one mistake must fail (so the types
// constrain, they do not just exist).
const mistakes = {
  'a code outside the catalogue': program.replace("case 'rate_limited':", "case 'rate_limit':"),
  'a string where the upload takes a Blob': program.replace('body: { file: [file]', "body: { file: ['photo.jpg']"),
  'a PNG read as a string': program.replace('const png: Blob = image.data', 'const png: string = image.data'),
  'a shape that does not exist': program.replace("{ type: 'rect', x: 40", "{ type: 'square', x: 40")
}

t.test('types generated from openapi.yaml type-check a client program under --strict, with no cast', async (t) => {
  t.notMatch(program, /\sas\s|[\w)\]]!/, 'the program has no cast and no non-null assertion')
  const dir = scratchDir(t)
  writeFileSync(join(dir, 'schema.d.ts'), await renderClientTypes())
  writeFileSync(join(dir, 'program.ts'), program)
  const files = Object.values(mistakes).map((text, index) => {
    t.not(text, program, `${Object.keys(mistakes)[index]}: the copy has its mistake`)
    writeFileSync(join(dir, `mistake-${index}.ts`), text)
    return `mistake-${index}.ts`
  })
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...strictProgram, files: ['program.ts', ...files] }))
  const output = await run(join(root, 'node_modules/.bin/tsc'), ['--project', dir], { cwd: dir })
    .then(() => '', (error: { stdout?: string }) => error.stdout ?? String(error))
  const errorsIn = (file: string) => output.split('\n').filter((line) => line.startsWith(`${file}(`))
  t.same(errorsIn('program.ts'), [], 'the program compiles')
  Object.keys(mistakes).forEach((mistake, index) => {
    t.ok(errorsIn(`mistake-${index}.ts`).length > 0, `${mistake}: tsc refuses it`)
  })
})
