// The committed openapi.yaml, linted by the tools generator users run: Redocly's recommended rules and
// Spectral's OpenAPI rules with no error and no warning, and the OWASP API Security ruleset with no error.
// The rule sets, and every rule turned off with its reason, are in test/openapi-lint/.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'

const run = promisify(execFile)
const root = new URL('..', import.meta.url).pathname
const bin = (name: string) => new URL(`../node_modules/.bin/${name}`, import.meta.url).pathname
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' }

interface SpectralResult { code: string, message: string, path: string[], severity: number }
const severities = ['error', 'warning', 'info', 'hint']

/** Spectral exits non-zero when it finds errors; the JSON on stdout is the answer either way. */
async function spectral (ruleset: string): Promise<SpectralResult[]> {
  const args = ['lint', '--ruleset', `test/openapi-lint/${ruleset}`, '--format', 'json', '--quiet', 'openapi.yaml']
  const output = await run(bin('spectral'), args, { cwd: root, env, maxBuffer: 64 * 1024 * 1024 })
    .catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }))
  return JSON.parse(output.stdout) as SpectralResult[]
}

const describe = (results: SpectralResult[]) =>
  results.map((result) => `${severities[result.severity]} ${result.code} at ${result.path.join('.')}: ${result.message}`)

t.test('Redocly (recommended): no error, no warning', async (t) => {
  const args = ['lint', 'openapi.yaml', '--config', 'test/openapi-lint/redocly.yaml', '--format', 'json']
  const output = await run(bin('redocly'), args, { cwd: root, env, maxBuffer: 64 * 1024 * 1024 })
    .catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }))
  const report = JSON.parse(output.stdout) as {
    totals: { errors: number, warnings: number }
    problems: Array<{ ruleId: string, message: string, location: Array<{ pointer: string }> }>
  }
  const problems = report.problems.map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`)
  t.same(problems, [])
  t.same(report.totals, { errors: 0, warnings: 0, ignored: 0 })
})

t.test('Spectral (spectral:oas): no error, no warning', async (t) => {
  t.same(describe(await spectral('spectral-oas.yaml')), [])
})

t.test('Spectral (OWASP API Security): no error', async (t) => {
  const results = await spectral('spectral-owasp.yaml')
  t.same(describe(results.filter((result) => result.severity === 0)), [])
})
