// The catalogue is the one place error codes are defined: the README's table and the
// code itself must agree with it.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { codes } from '../src/errors.js'

const root = new URL('../', import.meta.url).pathname

/** `| `a`, `b` | 413 | ... |` rows of the README's error-code table → code → status. */
async function readmeCodes (): Promise<Map<string, number>> {
  const readme = await readFile(join(root, 'README.md'), 'utf8')
  const section = readme.split('### Error codes')[1]?.split('\n## ')[0] ?? ''
  const table = new Map<string, number>()
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim())
    if (cells.length < 4 || !/^\d{3}$/.test(cells[2])) continue
    for (const [, code] of cells[1].matchAll(/`([a-z_]+)`/g)) table.set(code, Number(cells[2]))
  }
  return table
}

t.test('the README lists every catalogue code with its status, and nothing else', async (t) => {
  const table = await readmeCodes()
  const catalogue = new Map(Object.values(codes).map((entry) => [entry.code as string, entry.status as number]))
  t.same(Object.fromEntries([...table].sort()), Object.fromEntries([...catalogue].sort()))
})

t.test('one code has one status: no code is defined twice', async (t) => {
  const seen = Object.values(codes).map((entry) => entry.code)
  t.equal(new Set(seen).size, seen.length)
})

async function sourceFiles (dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.includes('/generated/'))
}

t.test('errors are made in the catalogue only: no `new ApiError` elsewhere', async (t) => {
  const offenders: string[] = []
  for (const file of await sourceFiles(join(root, 'src'))) {
    if (file.endsWith('/src/errors.ts')) continue
    if ((await readFile(file, 'utf8')).includes('new ApiError(')) offenders.push(file.slice(root.length))
  }
  t.same(offenders, [])
})
