// A 1 MB body of unknown properties got a ~6 MB answer: every one of its errors was returned.
import t from 'tap'
import { build } from '../helpers/build.js'
import { assertProblem } from '../helpers/platform.js'
import { bearer, signUp } from '../helpers/users.js'

t.test('a body with thousands of errors answers 20 of them and counts the rest', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const body: Record<string, number> = {}
  for (let i = 0; i < 60_000; i++) body[`p${i}`] = i
  const payload = JSON.stringify(body)
  t.ok(payload.length > 700_000 && payload.length < 1024 * 1024, 'under the body limit')
  const response = await app.inject({
    method: 'PATCH', url: '/v1/me', headers: { ...bearer(accessToken), 'content-type': 'application/json' }, payload
  })
  const problem = assertProblem(t, response, 400, 'validation_failed')
  t.equal(problem.errors?.length, 20)
  t.equal(problem.errorsTotal, 60_000)
  t.ok(response.body.length < 8 * 1024, `the answer is small (${response.body.length} bytes)`)
})
