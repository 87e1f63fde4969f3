// A part declared as `constructor` or `__proto__` was looked up through Object.prototype in the alias table: a 500.
import t from 'tap'
import { build } from '../helpers/build.js'
import { filePart, multipart, png } from '../helpers/files.js'
import { bearer, signUp } from '../helpers/users.js'

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'prototype']

t.test('a part whose Content-Type names an Object.prototype property is a 4xx problem, never a 500', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const image = await png()
  for (const name of NAMES) {
    for (const [method, url, content] of [['POST', '/v1/files', 'hello'], ['POST', '/v1/files', image], ['PUT', '/v1/me/avatar', image]] as const) {
      const body = multipart([filePart(content, 'a.bin', name)])
      const response = await app.inject({
        method, url, headers: { ...body.headers, ...bearer(accessToken) }, payload: body.payload
      })
      t.equal(response.statusCode, 415, `${method} ${url} declared ${name}: ${response.statusCode} ${response.body.slice(0, 160)}`)
      t.match(response.headers['content-type'], /^application\/problem\+json/)
    }
  }
})
