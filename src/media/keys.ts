// The blob key layout, in one place: `<group>/<id>/<name>`, where the group
// says which feature's rows own the blob and the id is that row's id.
import { parseKey } from '../storage/types.js'

/** The features that own blobs, by key group. */
export type BlobGroup = 'files' | 'avatars'
export const BLOB_GROUPS: readonly BlobGroup[] = ['files', 'avatars']

export const blobKeys = {
  /** Everything stored for one file or one avatar: what `deletePrefix` removes. */
  prefix: (group: BlobGroup, id: string) => `${group}/${id}/`,
  /** An uploaded file's bytes, as stored after checking. */
  fileOriginal: (fileId: string) => `files/${fileId}/original`,
  /** A cached variant of a file; the variant's row has the same id. */
  fileVariant: (fileId: string, variantId: string) => `files/${fileId}/v-${variantId}`,
  /** One size of an avatar (WebP). */
  avatar: (avatarId: string, size: number) => `avatars/${avatarId}/${size}.webp`
}

/** Who owns a blob: the group's feature, the row id, and which of that row's blobs it is. */
export interface BlobOwner {
  group: BlobGroup | undefined
  id: string
  /** `original`, `v-<variant id>`, `<size>.webp`. */
  name: string
}

/** The one reading of a key; a group no feature owns has `group: undefined`. */
export function ownerOf (key: string): BlobOwner {
  const { group, id, name } = parseKey(key)
  return { group: (BLOB_GROUPS as readonly string[]).includes(group) ? group as BlobGroup : undefined, id, name }
}
