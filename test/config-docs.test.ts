// Every variable the server reads is documented in .env.example and in the README's configuration table.
import { readFile } from 'node:fs/promises'
import t from 'tap'

const root = new URL('../', import.meta.url)
const read = async (file: string) => await readFile(new URL(file, root), 'utf8')

t.test('.env.example and the README name every variable src/config.ts reads', async (t) => {
  const source = await read('src/config.ts')
  const names = new Set([...source.matchAll(/(?:read\('|env\.)([A-Z][A-Z0-9_]+)/g)].map((match) => match[1]))
  t.ok(names.size > 30, `found ${names.size} variables`)
  const example = await read('.env.example')
  const readme = (await read('README.md')).split('## Configuration')[1] ?? ''
  for (const name of names) {
    t.match(example, new RegExp(`^#? ?${name}=`, 'm'), `${name} in .env.example`)
    t.ok(readme.includes(`\`${name}\``), `${name} in the README's configuration table`)
  }
})
