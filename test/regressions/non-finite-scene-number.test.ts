// A scene number written 1e999 (JSON.parse gives Infinity) passed the schema (reported as 500s; rx was even drawn).
import t from 'tap'
import { build } from '../helpers/build.js'
import { assertProblem } from '../helpers/platform.js'
import { bearer, signUp } from '../helpers/users.js'

t.test('1e999 and -1e999 anywhere a scene takes a number are 400 validation_failed naming the field', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const headers = { ...bearer(accessToken), 'content-type': 'application/json' }
  const cases: Array<[string, string, string]> = [
    ['rect rx', '{"type":"rect","x":1,"y":1,"width":4,"height":4,"rx":1e999}', '/shapes/0/rx'],
    ['rect x', '{"type":"rect","x":-1e999,"y":1,"width":4,"height":4}', '/shapes/0/x'],
    ['circle r', '{"type":"circle","cx":1,"cy":1,"r":1e999}', '/shapes/0/r'],
    ['polygon point', '{"type":"polygon","points":[[0,0],[1e999,1]]}', '/shapes/0/points/1/0'],
    ['stroke width', '{"type":"line","x1":0,"y1":0,"x2":4,"y2":4,"strokeWidth":1e999}', '/shapes/0/strokeWidth'],
    ['font size', '{"type":"text","x":0,"y":10,"text":"a","fontSize":1e999}', '/shapes/0/fontSize']
  ]
  for (const [label, shape, path] of cases) {
    const payload = `{"width":16,"height":16,"format":"png","shapes":[${shape}]}`
    const response = await app.inject({ method: 'POST', url: '/v1/images', payload, headers })
    const problem = assertProblem(t, response, 400, 'validation_failed', label)
    t.ok(problem.errors?.some((error) => error.path === path), `${label}: names ${path} (${response.body.slice(0, 300)})`)
  }
  const quality = await app.inject({ method: 'POST', url: '/v1/images', headers, payload: '{"width":16,"height":16,"format":"jpeg","quality":1e999,"shapes":[]}' })
  assertProblem(t, quality, 400, 'validation_failed', 'quality (an integer)')
})

t.test('a query number coerced from "1e999" or "Infinity" is 400 too (Ajv coerces without checking strictNumbers)', async (t) => {
  const app = await build(t)
  for (const value of ['1e999', 'Infinity']) {
    const response = await app.inject({ method: 'GET', url: `/v1/files/00000000-0000-0000-0000-000000000000/content?expires=${value}&sig=x` })
    const problem = assertProblem(t, response, 400, 'validation_failed', `expires=${value}`)
    t.same(problem.errors?.map((error) => error.path), ['/expires'], `expires=${value}: names /expires`)
  }
})
