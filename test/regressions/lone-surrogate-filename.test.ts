// A file renamed to a name with a lone surrogate was stored as is; serving it threw in encodeURIComponent: a 500.
import t from 'tap'
import { contentDisposition } from '../../src/media/filename.js'
import { build } from '../helpers/build.js'
import { filePart, uploadOk } from '../helpers/files.js'
import { bearer, signUp } from '../helpers/users.js'

t.test('lone surrogates in a new name become U+FFFD, and the file is still served', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const [file] = await uploadOk(app, accessToken, [filePart('hello', 'hello.txt', 'text/plain')])
  const cases: Array<[string, string]> = [
    ['"\\ud800.txt"', '\ufffd.txt'], ['"a\\udfffb.txt"', 'a\ufffdb.txt'], ['"\\udc00\\ud800"', '\ufffd\ufffd'],
    ['"ok \\ud83d\\ude00.txt"', 'ok \u{1f600}.txt']
  ]
  for (const [json, expected] of cases) {
    const headers = { ...bearer(accessToken), 'content-type': 'application/json' }
    const renamed = await app.inject({ method: 'PATCH', url: `/v1/files/${file.id}`, headers, payload: `{"filename":${json}}` })
    t.equal(renamed.statusCode, 200, `PATCH ${json}: ${renamed.body.slice(0, 200)}`)
    t.equal(renamed.json<{ filename: string }>().filename, expected, `${json} is stored as ${JSON.stringify(expected)}`)
    const served = await app.inject({ method: 'GET', url: `/v1/files/${file.id}/content`, headers: bearer(accessToken) })
    t.equal(served.statusCode, 200, `served after ${json}`)
    t.match(served.headers['content-disposition'], /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[\x21-\x7e]+$/)
  }
})

t.test('contentDisposition never throws, even for a name that was never sanitised', async (t) => {
  t.doesNotThrow(() => contentDisposition('attachment', 'a\ud800b'))
  t.match(contentDisposition('inline', 'a\ud800b'), /filename\*=UTF-8''a%EF%BF%BDb$/)
})
