// Signed content URLs let an <img src> load a private file (or one variant of
// it) without an Authorization header, until they expire. The HMAC key is
// derived for this purpose only, so it signs nothing else.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { deriveKey } from '../../crypto.js'
import { errors } from '../../errors.js'
import type { VariantQuery } from './schemas.js'

const VARIANT_KEYS = ['w', 'h', 'fit', 'format', 'q'] as const

/** The variant parameters in one fixed order, as they appear in the URL. */
export function variantQueryString (variant: VariantQuery): string {
  return VARIANT_KEYS
    .filter((key) => variant[key] !== undefined)
    .map((key) => `${key}=${encodeURIComponent(String(variant[key]))}`)
    .join('&')
}

export function createUrlSigner ({ secret, publicUrl }: { secret: string, publicUrl: string }) {
  const key = deriveKey(secret, 'signed-urls')

  const signature = (fileId: string, variant: VariantQuery, expires: number) =>
    createHmac('sha256', key).update(`v1\n${fileId}\n${expires}\n${variantQueryString(variant)}`).digest()

  return {
    /** An absolute URL serving the file (or the variant) until `expires` (Unix seconds). */
    url (fileId: string, variant: VariantQuery, expires: number): string {
      const variantQuery = variantQueryString(variant)
      const sig = signature(fileId, variant, expires).toString('base64url')
      return `${publicUrl}/v1/files/${fileId}/content?${variantQuery === '' ? '' : `${variantQuery}&`}expires=${expires}&sig=${sig}`
    },

    /**
     * Checks a signature over the file id, the variant parameters of the request
     * and the expiry: any change gives 403 `invalid_signature`; a valid but
     * past expiry gives 403 `signature_expired`.
     */
    verify (fileId: string, variant: VariantQuery, expires: number | undefined, sig: string, nowSeconds: number): void {
      if (expires === undefined) throw errors.invalidSignature()
      const expected = signature(fileId, variant, expires)
      const given = Buffer.from(sig, 'base64url')
      // Only the canonical spelling counts (base64 decoders ignore stray bits and characters).
      const canonical = given.toString('base64url') === sig
      if (!canonical || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw errors.invalidSignature()
      }
      if (expires <= nowSeconds) throw errors.signatureExpired()
    }
  }
}

export type UrlSigner = ReturnType<typeof createUrlSigner>
