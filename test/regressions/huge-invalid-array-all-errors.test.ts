// A 1 MB body of 150,000 bad array items cost seconds of CPU: Ajv (allErrors) built an error object for every item.
import t from 'tap'
import { build } from '../helpers/build.js'
import { assertProblem } from '../helpers/platform.js'
import { bearer, signUp } from '../helpers/users.js'

t.test('an invalid body with a huge array reports its first error only; a small one still reports all', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const headers = { ...bearer(accessToken), 'content-type': 'application/json' }
  const huge = `{"width":16,"height":16,"format":"png","shapes":[{"type":"polygon","points":[${Array(150_000).fill('{}').join(',')}]}]}`
  const problem = assertProblem(t, await app.inject({ method: 'POST', url: '/v1/images', headers, payload: huge }), 400, 'validation_failed')
  t.equal(problem.errors?.length, 1, 'one error listed')
  t.equal((problem as { errorsTotal?: number }).errorsTotal ?? 1, 1, 'and no 150,000 others were built to count')

  const small = '{"width":0,"height":16,"format":"gif","shapes":[]}'
  const all = assertProblem(t, await app.inject({ method: 'POST', url: '/v1/images', headers, payload: small }), 400, 'validation_failed')
  t.same([...new Set(all.errors?.map((error) => error.path))].sort(), ['/format', '/width'], 'every error of a small body')
})
