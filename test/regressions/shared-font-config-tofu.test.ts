// Every copy of the app wrote the same /tmp/userbase-api-fonts-<uid>/fonts.conf: removing one copy made the others
// draw tofu.
import { existsSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import t from 'tap'
import { src, startModule } from '../helpers/font-process.js'

// Configures its fonts, says where, then (on a line from the test) says whether its file is still its own.
const COPY = `
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { configureFonts } from ${src('features/images/fonts.ts')}
const file = configureFonts()
const content = readFileSync(file, 'utf8')
console.log(JSON.stringify({ file, env: process.env.FONTCONFIG_FILE, mode: statSync(dirname(file)).mode & 0o777 }))
process.stdin.once('data', () => {
  console.log(JSON.stringify({ intact: existsSync(file) && readFileSync(file, 'utf8') === content }))
  process.exit(0)
})
`

t.test('two running copies keep private font configurations; one leaving does not touch the other\'s', async (t) => {
  const first = startModule(t, COPY)
  const a = JSON.parse(await first.line())
  const second = startModule(t, COPY)
  const b = JSON.parse(await second.line())
  t.not(a.file, b.file, 'each process has its own fonts.conf')
  t.not(dirname(a.file), dirname(b.file), 'in its own folder')
  t.equal(a.env, a.file, 'FONTCONFIG_FILE names it')
  t.equal(a.mode, 0o700, 'the folder is private (0700)')
  t.equal(b.mode, 0o700)

  second.child.stdin?.write('bye\n')
  t.same(JSON.parse(await second.line()), { intact: true })
  await second.exited
  t.notOk(existsSync(dirname(b.file)), 'the copy that left removed its folder')

  t.ok(existsSync(a.file), 'the other copy\'s file is still there')
  t.match(readFileSync(a.file, 'utf8'), /noto-sans-kr/, 'and still names the CJK fonts')
  first.child.stdin?.write('bye\n')
  t.same(JSON.parse(await first.line()), { intact: true }, 'unchanged while the other copy came and went')
  await first.exited
  t.notOk(existsSync(dirname(a.file)), 'removed at exit')
})
