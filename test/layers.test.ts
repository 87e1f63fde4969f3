import { ESLint } from 'eslint'
import t from 'tap'

const root = new URL('../', import.meta.url).pathname
const eslint = new ESLint({ cwd: root })

/** The `no-restricted-imports` messages ESLint gives `source` as if it were the file at `path`. */
async function restricted (path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${root}${path}` })
  return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message)
}

t.test('a feature may not import another feature', async (t) => {
  t.match(await restricted('src/features/avatars/example.ts', "export { toFileObject } from '../files/service.js'\n"),
    [/never another feature/])
  t.same(await restricted('src/features/avatars/example.ts', "export { AVATAR_SIZES } from './service.js'\n"), [], 'its own modules')
  t.same(await restricted('src/features/avatars/example.ts', "export { blobKeys } from '../../media/keys.js'\n"), [], 'media/')
  t.same(await restricted('src/features/avatars/example.ts', "export { toUser } from '../../accounts.js'\n"), [], 'shared modules')
})

t.test('media/, plugins/ and the shared modules may not import a feature', async (t) => {
  for (const path of ['src/media/example.ts', 'src/mail/example.ts', 'src/plugins/example.ts', 'src/accounts.ts']) {
    const source = path.startsWith('src/accounts') ? './features/files/service.js' : '../features/files/service.js'
    t.match(await restricted(path, `export { toFileObject } from '${source}'\n`), [/do not depend on features/], path)
  }
})
