// A polygon of ~150,000 points (inside the 1 MB body limit) answered 500: Math.min(...points) overflowed the stack.
import t from 'tap'
import { build } from '../helpers/build.js'
import { assertProblem } from '../helpers/platform.js'
import { bearer, signUp } from '../helpers/users.js'

t.test('a polygon far past the point limit is 422 scene_too_complex, not 500', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const points = '[0,0],'.repeat(150_000) + '[1,1]'
  const payload = `{"width":16,"height":16,"format":"png","shapes":[{"type":"polygon","points":[${points}]}]}`
  t.ok(payload.length < 1024 * 1024, `the body (${payload.length} bytes) is inside the 1 MB limit`)
  const response = await app.inject({
    method: 'POST', url: '/v1/images', payload, headers: { ...bearer(accessToken), 'content-type': 'application/json' }
  })
  const problem = assertProblem(t, response, 422, 'scene_too_complex')
  t.ok(problem.errors?.some((error) => error.path === '/shapes/0/points'), 'names the polygon\'s points')
})
