// The blob key layout: the shapes the features store under, and the one
// reading of a key back into its owner.
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { BLOB_GROUPS, blobKeys, ownerOf } from '../../src/media/keys.js'

const fileId = randomUUID()
const variantId = randomUUID()
const avatarId = randomUUID()

t.test('blobKeys: `<group>/<id>/<name>` for each kind of blob', async (t) => {
  t.equal(blobKeys.prefix('files', fileId), `files/${fileId}/`)
  t.equal(blobKeys.prefix('avatars', avatarId), `avatars/${avatarId}/`)
  t.equal(blobKeys.fileOriginal(fileId), `files/${fileId}/original`)
  t.equal(blobKeys.fileVariant(fileId, variantId), `files/${fileId}/v-${variantId}`)
  t.equal(blobKeys.avatar(avatarId, 256), `avatars/${avatarId}/256.webp`)
  for (const key of [blobKeys.fileOriginal(fileId), blobKeys.fileVariant(fileId, variantId)]) {
    t.ok(key.startsWith(blobKeys.prefix('files', fileId)), `${key} is under its file's prefix (deletePrefix removes it)`)
  }
  t.ok(blobKeys.avatar(avatarId, 64).startsWith(blobKeys.prefix('avatars', avatarId)), 'an avatar size is under its prefix')
})

t.test('ownerOf reads back each shape: the group, the row id and the blob\'s name', async (t) => {
  t.same(ownerOf(blobKeys.fileOriginal(fileId)), { group: 'files', id: fileId, name: 'original' })
  t.same(ownerOf(blobKeys.fileVariant(fileId, variantId)), { group: 'files', id: fileId, name: `v-${variantId}` })
  for (const size of [64, 128, 256, 512]) {
    t.same(ownerOf(blobKeys.avatar(avatarId, size)), { group: 'avatars', id: avatarId, name: `${size}.webp` })
  }
  t.same(BLOB_GROUPS, ['files', 'avatars'], 'the groups some feature owns')
})

t.test('a key of a group no feature owns parses, with group undefined', async (t) => {
  const owner = ownerOf(`images/${fileId}/original`)
  t.equal(owner.group, undefined, 'not owned: the sweeper asks nobody about it')
  t.equal(owner.id, fileId)
  t.equal(owner.name, 'original')
  t.equal(ownerOf(`constructor/${fileId}/original`).group, undefined, 'a prototype name is no group')
})

t.test('a malformed key throws rather than naming an owner', async (t) => {
  const malformed = [
    '',
    'files',
    `files/${fileId}`,
    `files/${fileId}/`,
    'files/not-a-uuid/original',
    `files/${fileId.toUpperCase()}/original`,
    `files/${fileId}/../original`,
    `files/${fileId}/a/b`,
    `Files/${fileId}/original`,
    `/files/${fileId}/original`,
    `files/${fileId}/.hidden`,
    `files/${fileId}/${'a'.repeat(101)}`
  ]
  for (const key of malformed) t.throws(() => ownerOf(key), TypeError, JSON.stringify(key))
})
