// Blobs without rows: rows are written first and blobs removed second, so a
// crash in between leaves only blobs that no row names. The sweeper finds them
// by asking the feature that owns each key group whether a row still names the
// blob, and purges a user by asking each owner where that user's blobs are; it
// knows no table itself.
import type { Scratch } from '../storage/scratch.js'
import type { BlobStorage } from '../storage/types.js'
import { BLOB_GROUPS, ownerOf, type BlobGroup, type BlobOwner } from './keys.js'

/** What a feature that stores blobs under a key group answers for it. */
export interface GroupOwner {
  /** Does one of its rows still name this blob? */
  isReferenced: (owner: BlobOwner) => Promise<boolean>
  /** The key prefixes under which the group keeps a user's blobs (read before the rows go). */
  blobPrefixesOf: (userId: string) => Promise<string[]>
}

export function createSweeper ({ storage, scratch }: { storage: BlobStorage, scratch: Scratch }) {
  const owners = new Map<BlobGroup, GroupOwner>()

  return {
    /** The owning feature registers once, at start-up. */
    ownsGroup (group: BlobGroup, owner: GroupOwner): void {
      if (owners.has(group)) throw new Error(`the blob group ${group} already has an owner`)
      owners.set(group, owner)
    },

    /** Removes temporary leftovers and blobs that no row names, if older than `before`. */
    async sweep (before: Date): Promise<{ temporary: number, orphans: number }> {
      const temporary = await storage.sweepTemporary(before) + await scratch.sweep(before)
      let orphans = 0
      for (const group of BLOB_GROUPS) {
        const owner = owners.get(group)
        if (owner === undefined) continue // no feature to ask: never guess
        for await (const blob of storage.list(`${group}/`)) {
          if (blob.modifiedAt >= before || await owner.isReferenced(ownerOf(blob.key))) continue
          await storage.delete(blob.key)
          orphans++
        }
      }
      return { temporary, orphans }
    },

    /**
     * Deletes a user: `deleteRows` removes the rows (one transaction, the user's
     * row cascading to everything it owns), then every blob the owners named goes.
     * A failure before the rows are gone leaves the whole account; one after
     * leaves only blobs no row names, which the sweep removes.
     */
    async purgeUser (userId: string, deleteRows: () => Promise<void>): Promise<void> {
      const prefixes: string[] = []
      for (const owner of owners.values()) prefixes.push(...await owner.blobPrefixesOf(userId))
      await deleteRows()
      for (const prefix of prefixes) await storage.deletePrefix(prefix)
    }
  }
}

export type Sweeper = ReturnType<typeof createSweeper>
