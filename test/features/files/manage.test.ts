// Metadata, listing, renaming, visibility, deleting, and who may see what.
import t, { type Test } from 'tap'
import type { FileObject } from '../../../src/schemas.js'
import { build } from '../../helpers/build.js'
import { filePart, filesUnder, png, uploadOk } from '../../helpers/files.js'
import { bearer, signUp } from '../../helpers/users.js'

async function twoUsers (t: Test) {
  const app = await build(t)
  const owner = await signUp(app)
  const stranger = await signUp(app)
  const [file] = await uploadOk(app, owner.accessToken, [filePart(await png(8, 8), 'mine.png', 'image/png')])
  return { app, owner: owner.accessToken, stranger: stranger.accessToken, file }
}

const problemCode = (response: { headers: Record<string, unknown>, json: () => { code: string } }) => {
  if (!String(response.headers['content-type']).startsWith('application/problem+json')) return 'not a problem'
  return response.json().code
}

t.test('a private file exists only for its owner: everyone else gets the same 404 as a missing id', async (t) => {
  const { app, owner, stranger, file } = await twoUsers(t)
  const missing = '00000000-0000-4000-8000-000000000000'
  for (const path of ['', '/content']) {
    t.equal((await app.inject({ url: `/v1/files/${file.id}${path}`, headers: bearer(owner) })).statusCode, 200, `owner ${path}`)
    const asStranger = await app.inject({ url: `/v1/files/${file.id}${path}`, headers: bearer(stranger) })
    const anonymous = await app.inject({ url: `/v1/files/${file.id}${path}` })
    const absent = await app.inject({ url: `/v1/files/${missing}${path}`, headers: bearer(stranger) })
    for (const [who, response] of [['stranger', asStranger], ['anonymous', anonymous], ['missing id', absent]] as const) {
      t.equal(response.statusCode, 404, `${who} ${path}`)
      t.equal(problemCode(response), 'not_found')
    }
    t.same(asStranger.json().detail, absent.json().detail, 'the answer does not reveal that the file exists')
  }
  const changes = [
    { method: 'PATCH' as const, url: `/v1/files/${file.id}`, payload: { visibility: 'public' } },
    { method: 'DELETE' as const, url: `/v1/files/${file.id}` },
    { method: 'POST' as const, url: `/v1/files/${file.id}/signed-url`, payload: {} }
  ]
  for (const change of changes) {
    const response = await app.inject({ ...change, headers: bearer(stranger) })
    t.equal(response.statusCode, 404, `${change.method} ${change.url} by a stranger`)
  }
  const after = await app.inject({ url: `/v1/files/${file.id}`, headers: bearer(owner) })
  t.equal(after.json().visibility, 'private', 'the stranger changed nothing')
})

t.test('a public file is readable by anyone, anonymous included, but changed only by its owner', async (t) => {
  const { app, owner, stranger, file } = await twoUsers(t)
  const patched = await app.inject({ method: 'PATCH', url: `/v1/files/${file.id}`, headers: bearer(owner), payload: { visibility: 'public' } })
  t.equal(patched.statusCode, 200)
  t.equal(patched.json().visibility, 'public')
  for (const headers of [{}, bearer(stranger)]) {
    t.equal((await app.inject({ url: `/v1/files/${file.id}`, headers })).json().id, file.id)
    const content = await app.inject({ url: `/v1/files/${file.id}/content`, headers })
    t.equal(content.statusCode, 200)
    t.equal(content.headers['content-type'], 'image/png')
  }
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/files/${file.id}`, headers: bearer(stranger) })).statusCode, 404)
  t.equal((await app.inject({ method: 'PATCH', url: `/v1/files/${file.id}`, headers: bearer(stranger), payload: { filename: 'x' } })).statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/files/${file.id}` })).statusCode, 401, 'no token')

  const back = await app.inject({ method: 'PATCH', url: `/v1/files/${file.id}`, headers: bearer(owner), payload: { visibility: 'private' } })
  t.equal(back.json().visibility, 'private')
  t.equal((await app.inject({ url: `/v1/files/${file.id}/content` })).statusCode, 404, 'private again')
})

t.test('a bad token on a public file is still a 401: a token that is sent is checked', async (t) => {
  const { app, owner, file } = await twoUsers(t)
  await app.inject({ method: 'PATCH', url: `/v1/files/${file.id}`, headers: bearer(owner), payload: { visibility: 'public' } })
  const response = await app.inject({ url: `/v1/files/${file.id}`, headers: bearer('not-a-token') })
  t.equal(response.statusCode, 401)
  t.match(response.headers['www-authenticate'], /^Bearer/)
})

t.test('ids that are not UUIDs are 400 validation_failed, whatever they hold', async (t) => {
  const { app, owner } = await twoUsers(t)
  for (const id of ['1', "1' OR '1'='1", '..%2F..%2Fetc%2Fpasswd', '%00', 'x'.repeat(90)]) {
    for (const path of [`/v1/files/${id}`, `/v1/files/${id}/content`]) {
      const response = await app.inject({ url: path, headers: bearer(owner) })
      t.equal(response.statusCode, 400, path.slice(0, 60))
      t.equal(problemCode(response), 'validation_failed')
    }
  }
})

t.test('PATCH changes only what it is given, bumps updatedAt, and refuses anything else', async (t) => {
  const { app, owner, file } = await twoUsers(t)
  const renamed = await app.inject({ method: 'PATCH', url: `/v1/files/${file.id}`, headers: bearer(owner), payload: { filename: 'holiday.png' } })
  t.equal(renamed.statusCode, 200)
  const body = renamed.json<FileObject>()
  t.equal(body.filename, 'holiday.png')
  t.equal(body.visibility, 'private', 'visibility untouched')
  t.equal(body.sha256, file.sha256)
  t.equal(body.createdAt, file.createdAt)
  t.ok(body.updatedAt >= file.updatedAt)
  for (const payload of [{ size: 1 }, { visibility: 'secret' }, { filename: '' }, { filename: 5 }, { sha256: 'x' }]) {
    const response = await app.inject({ method: 'PATCH', url: `/v1/files/${file.id}`, headers: bearer(owner), payload })
    t.equal(response.statusCode, 400, JSON.stringify(payload))
    t.equal(problemCode(response), 'validation_failed')
  }
  const malformed = await app.inject({ method: 'PATCH', url: `/v1/files/${file.id}`, headers: { ...bearer(owner), 'content-type': 'application/json' }, payload: '{"filename":' })
  t.equal(malformed.statusCode, 400)
  t.equal(problemCode(malformed), 'invalid_json')
  t.equal((await app.inject({ url: `/v1/files/${file.id}`, headers: bearer(owner) })).json().filename, 'holiday.png', 'nothing else changed')
})

t.test('DELETE removes the row and the bytes; a second DELETE is 404', async (t) => {
  const { app, owner, file } = await twoUsers(t)
  t.equal(filesUnder(app.config.uploadDir).filter((path) => path.includes(file.id)).length, 1)
  const response = await app.inject({ method: 'DELETE', url: `/v1/files/${file.id}`, headers: bearer(owner) })
  t.equal(response.statusCode, 204)
  t.equal(response.body, '')
  t.same(filesUnder(app.config.uploadDir).filter((path) => path.includes(file.id)), [], 'no blob left')
  t.equal((await app.inject({ url: `/v1/files/${file.id}`, headers: bearer(owner) })).statusCode, 404)
  t.equal((await app.inject({ url: `/v1/files/${file.id}/content`, headers: bearer(owner) })).statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url: `/v1/files/${file.id}`, headers: bearer(owner) })).statusCode, 404)
})

t.test('listing: the caller\'s files only, newest first, in pages joined by nextCursor', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  const other = await signUp(app)
  await uploadOk(app, other.accessToken, [filePart('not yours', 'other.txt', 'text/plain')])
  const uploaded: FileObject[] = []
  for (let batch = 0; batch < 5; batch++) {
    uploaded.push(...await uploadOk(app, accessToken, [0, 1, 2, 3, 4].map((n) => filePart(`file ${batch}-${n}`, `f${batch}-${n}.txt`, 'text/plain'))))
  }
  const list = async (query: string) => await app.inject({ url: `/v1/files${query}`, headers: bearer(accessToken) })

  const first = (await list('')).json<{ items: FileObject[], nextCursor: string | null }>()
  t.equal(first.items.length, 20, 'limit defaults to 20')
  t.type(first.nextCursor, 'string')
  const newestFirst = [...uploaded].reverse().map((file) => file.filename)
  t.same(first.items.map((file) => file.filename), newestFirst.slice(0, 20), 'newest first, the last part of a request first')

  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const query: string = `?limit=7${cursor === null ? '' : `&cursor=${cursor}`}`
    const page = (await list(query)).json<{ items: FileObject[], nextCursor: string | null }>()
    seen.push(...page.items.map((file) => file.filename))
    cursor = page.nextCursor
    pages++
  } while (cursor !== null && pages < 10)
  t.equal(pages, 4, '25 files in pages of 7')
  t.same(seen, newestFirst, 'every file once, in order, none of another user\'s')

  const exact = (await list('?limit=25')).json()
  t.equal(exact.items.length, 25)
  t.equal(exact.nextCursor, null, 'null at the end, even when the last page is full')
  t.equal((await list('?limit=100')).statusCode, 200, 'the maximum')

  for (const query of ['?limit=101', '?limit=0', '?limit=-1', '?limit=ten', '?cursor=garbage', `?cursor=${Buffer.from('{"t":"x","id":1}').toString('base64url')}`, '?cursor=' + 'a'.repeat(201), '?sort=name',
    `?cursor=${Buffer.from('{"t":9e15,"id":"00000000-0000-4000-8000-000000000000"}').toString('base64url')}`,
    `?cursor=${Buffer.from('{"t":1,"id":"x\' OR 1=1"}').toString('base64url')}`]) {
    const response = await list(query)
    t.equal(response.statusCode, 400, query.slice(0, 40))
    t.equal(problemCode(response), 'validation_failed')
  }
  t.equal((await app.inject({ url: '/v1/files' })).statusCode, 401)
})

t.test('an empty list is an empty page', async (t) => {
  const app = await build(t)
  const { accessToken } = await signUp(app)
  t.same((await app.inject({ url: '/v1/files', headers: bearer(accessToken) })).json(), { items: [], nextCursor: null })
})

t.test('a blob that cannot be removed does not fail a delete: the row is gone, the sweep takes the bytes later', async (t) => {
  const { app, owner, file } = await twoUsers(t)
  const { storage } = app.media
  const deletePrefix = storage.deletePrefix
  storage.deletePrefix = async () => { throw Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' }) }
  t.teardown(() => { storage.deletePrefix = deletePrefix })
  const response = await app.inject({ method: 'DELETE', url: `/v1/files/${file.id}`, headers: bearer(owner) })
  t.equal(response.statusCode, 204)
  t.equal((await app.inject({ url: `/v1/files/${file.id}`, headers: bearer(owner) })).statusCode, 404)
  storage.deletePrefix = deletePrefix
  const swept = await app.media.sweeper.sweep(new Date(Date.now() + 60_000))
  t.equal(swept.orphans, 1, 'the orphaned blob is the sweep\'s')
  t.same(filesUnder(app.config.uploadDir).filter((path) => path.includes(file.id)), [])
})
