import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { deriveKey } from '../../crypto.js'

/** The account a device token is checked against. */
export interface DeviceOwner {
  id: string
  /** Tokens issued at or before this moment are void (a password reset sets it). */
  devicesRevokedAt: Date | null
}

/** A token's device lasts a year from its last sign-in, as the cookie does. */
export const DEVICE_TOKEN_MAX_AGE_SECONDS = 365 * 24 * 3600

const TOKEN = /^([A-Za-z0-9_-]{22})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/

/**
 * Device tokens: `<deviceId>.<issuedAtMs>.<mac>`, the MAC an HMAC-SHA256 over
 * the user id, the device id and the issue time. Nothing is stored per device:
 * the MAC proves the server issued it to this account, and the account's
 * `devicesRevokedAt` voids every token issued before it. They only vouch that a
 * client signed in to this account before (the login throttle's exemption, the
 * new sign-in notice); they never authenticate anyone.
 */
export function createDeviceTokens ({ secret, now }: { secret: string, now: () => Date }) {
  const key = deriveKey(secret, 'device-token')
  const mac = (userId: string, deviceId: string, issuedAt: number) =>
    createHmac('sha256', key).update(`${userId}.${deviceId}.${issuedAt}`).digest('base64url')

  return {
    /**
     * A token for `owner`, for `deviceId` (a signed-in device keeps its id, so its own failure
     * counter follows it) or a new device. Issued after the revocation even when the clock has
     * not moved past it (a sign-in in the same millisecond as a password reset).
     */
    issue (owner: DeviceOwner, deviceId = randomBytes(16).toString('base64url')): string {
      const issuedAt = Math.max(now().getTime(), (owner.devicesRevokedAt?.getTime() ?? 0) + 1)
      return `${deviceId}.${issuedAt}.${mac(owner.id, deviceId, issuedAt)}`
    },

    /** The device id when `token` was issued to `owner`, after its last revocation and within a year; else null. */
    verify (token: string | undefined, owner: DeviceOwner): string | null {
      const match = token === undefined ? null : TOKEN.exec(token)
      if (match === null) return null
      const [, deviceId, issuedAtText, macText] = match
      const issuedAt = Number(issuedAtText)
      // Compared as text: decoding would accept the other spellings of the last base64 character.
      const expected = Buffer.from(mac(owner.id, deviceId, issuedAt))
      if (!timingSafeEqual(Buffer.from(macText), expected)) return null
      if (owner.devicesRevokedAt !== null && issuedAt <= owner.devicesRevokedAt.getTime()) return null
      if (issuedAt <= now().getTime() - DEVICE_TOKEN_MAX_AGE_SECONDS * 1000) return null
      return deviceId
    }
  }
}

export type DeviceTokens = ReturnType<typeof createDeviceTokens>
