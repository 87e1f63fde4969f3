// Every regular expression in the image feature that sees client text is linear:
// long pathological strings (built to make a backtracking pattern retry) answer
// in milliseconds. A super-linear pattern would take seconds on these lengths
// (the bounds are a second, far above the few ms a linear pass takes here).
import t from 'tap'
import { COLOR_PATTERN, parseColor } from '../../../src/features/images/colors.js'
import { initialsOf } from '../../../src/features/images/generated.js'
import { escapeText } from '../../../src/features/images/svg.js'
import { build } from '../../helpers/build.js'

const N = 100_000

function timed<T> (work: () => T): { value: T, ms: number } {
  const started = performance.now()
  const value = work()
  return { value, ms: performance.now() - started }
}

t.test('colour parsing and the colour pattern are linear', async (t) => {
  const pattern = new RegExp(COLOR_PATTERN, 'u') // as Ajv compiles it
  const inputs = [
    'rgb(' + '1,'.repeat(N), // no closing parenthesis: every shorter run is retried
    'rgba(' + '1 '.repeat(N) + '(',
    'rgb(' + '('.repeat(N),
    '#' + 'f'.repeat(N) + 'g',
    ' '.repeat(N) + 'x' + ' '.repeat(N),
    'a'.repeat(N) + '1'
  ]
  for (const input of inputs) {
    const parsed = timed(() => parseColor(input))
    t.equal(parsed.value, null, `${input.slice(0, 12)}… is not a colour`)
    t.ok(parsed.ms < 1000, `parseColor answered in ${parsed.ms.toFixed(1)} ms`)
    const matched = timed(() => pattern.test(input))
    t.equal(matched.value, false)
    t.ok(matched.ms < 1000, `COLOR_PATTERN answered in ${matched.ms.toFixed(1)} ms`)
  }
})

t.test('text escaping and initials are linear', async (t) => {
  const text = '&<>\u0000\uFFFE'.repeat(N / 5)
  const escaped = timed(() => escapeText(text))
  t.ok(escaped.ms < 1000, `escapeText answered in ${escaped.ms.toFixed(1)} ms`)
  for (const seed of ['._-+@ '.repeat(N / 6), 'a'.repeat(N), '._-'.repeat(N / 3) + 'x']) {
    const initials = timed(() => initialsOf(seed))
    t.ok(initials.ms < 1000, `initialsOf answered in ${initials.ms.toFixed(1)} ms`)
  }
})

t.test('route patterns and query colours answer long hostile URLs quickly', async (t) => {
  const app = await build(t)
  const urls = [
    `/v1/images/placeholder/${'1'.repeat(N)}x1.png`,
    `/v1/images/placeholder/1x${'1'.repeat(N)}`,
    `/v1/images/placeholder/${'1x'.repeat(N / 2)}.png`,
    `/v1/images/avatar/${'a'.repeat(N)}`,
    `/v1/images/avatar/${'.'.repeat(N)}png`,
    `/v1/images/placeholder/10x10.png?bg=${encodeURIComponent('rgb(' + '1,'.repeat(N / 4))}`,
    `/v1/images/placeholder/10x10.png?fg=${encodeURIComponent('rgba(' + '('.repeat(N / 4))}`
  ]
  for (const url of urls) {
    const started = performance.now()
    const response = await app.inject({ method: 'GET', url })
    const ms = performance.now() - started
    t.ok(response.statusCode >= 400 && response.statusCode < 500, `${url.slice(0, 40)}… → ${response.statusCode}`)
    t.ok(ms < 1000, `answered in ${ms.toFixed(1)} ms`)
  }
})
