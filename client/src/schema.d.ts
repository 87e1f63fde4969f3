// Generated from openapi.yaml by `npm run client`; do not edit.
export interface paths {
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This API as an OpenAPI 3.1 document (JSON)
         * @description Generated from the schemas that validate the requests, so it is always current. The docs UI at /docs reads it; generators (openapi-typescript and others) take it as it is.
         */
        get: operations["openapiJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This API as an OpenAPI 3.1 document (YAML)
         * @description Generated from the schemas that validate the requests, so it is always current. The docs UI at /docs reads it; generators (openapi-typescript and others) take it as it is.
         */
        get: operations["openapiYaml"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: the process is up
         * @description Liveness for a load balancer or orchestrator: 200 while the process runs, without touching the database (see `/ready`). Never rate limited.
         */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: the database is reachable and fully migrated
         * @description The database is the hard dependency (503 without it). With REDIS_URL set and Redis away, the node still serves, with per-node limits: 200 `degraded` with `redis: unavailable`.
         */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Metrics in the Prometheus text format
         * @description Request durations, sign-ins, refresh-token reuse, rate-limited requests, the render queue, upload bytes, the mail outbox, cache lookups and the process metrics. With METRICS_TOKEN set it needs `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); in production without METRICS_TOKEN it is off (404). Never rate limited, never logged per request.
         */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The public keys that verify access tokens (JWKS)
         * @description Published only when access tokens are signed with Ed25519 (JWT_PRIVATE_KEY_FILE); with the default HS256 only this API can verify its tokens, and this answers 404.
         */
        get: operations["jwks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an account and sign in
         * @description Emails are trimmed and lower-cased; passwords follow NIST SP 800-63B (8-128 characters, common ones refused). A 409 reveals that an email is registered: accepted, as every sign-up form does. The answer carries a device token, also set as the `device` cookie (see login). Cookie mode (REFRESH_TOKEN_COOKIE), for a request with an allowed `Origin` (CORS_ORIGINS or PUBLIC_URL's): the refresh token is set as the `refresh_token` cookie (HttpOnly, Secure, SameSite=Strict, Path=/v1/auth) instead of the body, and the answer carries `csrfToken`; a foreign `Origin` gets 403 `origin_not_allowed`. Requests without an `Origin` (apps, curl) get the refresh token in the body.
         */
        post: operations["signup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with email or username and password
         * @description A wrong password and an unknown account get the same 401 in the same time. After LOGIN_ACCOUNT_RATE_LIMIT_MAX failures within LOGIN_ACCOUNT_RATE_LIMIT_WINDOW a login text (the email or the username, each counted apart) answers 429 `account_throttled`, even to the right password, except to a client presenting a valid device token for the account (`deviceToken` or the `device` cookie, from an earlier sign-in), which has its own limit of LOGIN_DEVICE_RATE_LIMIT_MAX failures. The per-IP limit applies to every client. A sign-in from a client without a valid device token is mailed to the account. Cookie mode (REFRESH_TOKEN_COOKIE), for a request with an allowed `Origin` (CORS_ORIGINS or PUBLIC_URL's): the refresh token is set as the `refresh_token` cookie (HttpOnly, Secure, SameSite=Strict, Path=/v1/auth) instead of the body, and the answer carries `csrfToken`; a foreign `Origin` gets 403 `origin_not_allowed`. Requests without an `Origin` (apps, curl) get the refresh token in the body.
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a refresh token for a new token pair
         * @description Refresh tokens rotate on every use; a session has one live refresh token at a time. A spent token replayed less than REFRESH_REUSE_INTERVAL after its rotation gets that live token again (never a new one); replayed later it ends the session (401 `refresh_token_reused`). Cookie mode (REFRESH_TOKEN_COOKIE), for a request with an allowed `Origin` (CORS_ORIGINS or PUBLIC_URL's): the refresh token is set as the `refresh_token` cookie (HttpOnly, Secure, SameSite=Strict, Path=/v1/auth) instead of the body, and the answer carries `csrfToken`; a foreign `Origin` gets 403 `origin_not_allowed`. Requests without an `Origin` (apps, curl) get the refresh token in the body. Without `refreshToken` in the body the `refresh_token` cookie is used: it needs an allowed `Origin` (403 `origin_not_allowed`) and the CSRF token in `x-csrf-token` (403 `invalid_csrf_token`).
         */
        post: operations["refreshToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End the session
         * @description Send the access token, or only `{refreshToken}` when the access token has expired. The session ends: its refresh token dies and its access tokens are refused from then on. Cookie mode (REFRESH_TOKEN_COOKIE): without `refreshToken` in the body the `refresh_token` cookie ends its session, with an allowed `Origin` (403 `origin_not_allowed`) and the CSRF token in `x-csrf-token` (403 `invalid_csrf_token`); the answer clears the cookie.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/csrf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A CSRF token for the cookie mode
         * @description For an SPA in cookie mode (REFRESH_TOKEN_COOKIE) after a page reload, when the `csrfToken` of the last signup, login or refresh is gone: send it as `x-csrf-token` with refresh and logout. Sets the token's secret as the `csrf_secret` cookie (HttpOnly, Secure, SameSite=Strict, Path=/v1/auth) when absent.
         */
        get: operations["getCsrfToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user's live sessions
         * @description One per sign-in, newest first; ended sessions (logged out, revoked, expired or idle) are left out. `lastUsedAt` is the last refresh, so it lags use by up to the access token lifetime.
         */
        get: operations["listSessions"];
        put?: never;
        post?: never;
        /**
         * End every session but the current one
         * @description Signs out every other device: their refresh tokens die and their access tokens are refused at once.
         */
        delete: operations["revokeOtherSessions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * End one of the signed-in user's sessions
         * @description Its refresh token dies and its access tokens are refused at once. Ending the current session is a logout. Another user's session, or one already ended, is a 404.
         */
        delete: operations["revokeSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/verify-email/request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mail a new verification link
         * @description Mails a link to the account's address (none when it is verified already); a newer link voids the older ones. Past MAIL_ACCOUNT_RATE_LIMIT_MAX requests per window, no mail is sent and the answer is the same.
         */
        post: operations["requestEmailVerification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Follow a verification or email-change link
         * @description The token from a verification link marks the address verified; the token from an email-change link moves the account to the new (now verified) address, unless another account took it meanwhile (409). A link works once, until it expires or a newer one is mailed.
         */
        post: operations["verifyEmail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mail a password reset link
         * @description Always 202 with the same body, whether or not the address has an account: the answer is sent before any lookup. The link works for PASSWORD_RESET_TTL.
         */
        post: operations["forgotPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password from a reset link
         * @description Every session, refresh token and device token of the account ends, outstanding links die, and the login throttle is cleared.
         */
        post: operations["resetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change the password
         * @description Needs `currentPassword`; a wrong one is 403 and counts toward the login throttle. Every other session ends (this one stays) and outstanding mailed links die.
         */
        put: operations["changePassword"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Move the account to a new address
         * @description Mails a link to the new address; the address changes only when it is followed (`verifyEmail`). The old address is told, with no link. An address already taken is 409 at once.
         */
        put: operations["changeEmail"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user
         * @description The account behind the access token or API key, with its email and role. Served from a one-second cache of the session's liveness, so a logout or revocation takes effect at once on this node and within a second on others.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        /**
         * Delete the account
         * @description Needs `currentPassword`. The account, its sessions, tokens, avatar and files (with every stored blob and variant) are gone, and its email and username are free again.
         */
        delete: operations["deleteMe"];
        options?: never;
        head?: never;
        /**
         * Change the display name, username or bio
         * @description Send only the fields to change; `null` clears `displayName` or `bio`. A username is lower-cased and must be free (409 `username_taken`, with the field in `errors`).
         */
        patch: operations["updateMe"];
        trace?: never;
    };
    "/v1/me/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user's API keys
         * @description Newest first, with the `prefix` to recognise each; never the secret.
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key (personal access token)
         * @description The `secret` is in this answer only: store it now. Send it as `Authorization: Bearer sk_...`; it carries exactly the scopes given and never reaches admin or credential routes. At most 100 keys per user (400 `validation_failed`, code `max_api_keys`, beyond).
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke one of the signed-in user's API keys
         * @description The key is deleted and refused at once. Another user's key, or one already revoked, is a 404.
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user's security events, newest first
         * @description Sign-ups, sign-ins (failed ones too), logouts, password and email changes, ended sessions, API keys and admin actions on the account, kept for AUDIT_RETENTION. Pass `nextCursor` back as `cursor` for the next page.
         */
        get: operations["listMyAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every security event, newest first, with filters
         * @description Filters: `userId` (deleted accounts too), `type`, and `since` (inclusive) and `until` (exclusive) as ISO 8601 times. Pass `nextCursor` back as `cursor` for the next page.
         */
        get: operations["adminListAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every account, newest first, with search and filters
         * @description `q` matches the start of the email or the username. Pass `nextCursor` back as `cursor` for the next page.
         */
        get: operations["adminListUsers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One account
         * @description Any account, disabled ones included, with its role and verification state (admins only).
         */
        get: operations["adminGetUser"];
        put?: never;
        post?: never;
        /**
         * Delete an account and everything it owns
         * @description The same purge as `DELETE /v1/me`. The last active admin cannot be deleted (409 `last_admin`).
         */
        delete: operations["adminDeleteUser"];
        options?: never;
        head?: never;
        /**
         * Change an account's role, disabled state or email verification
         * @description A disabled account is refused everywhere (403 `account_disabled`) but keeps its sessions, keys and data: enabling restores it as it was. The last active admin cannot be demoted or disabled (409 `last_admin`).
         */
        patch: operations["adminUpdateUser"];
        trace?: never;
    };
    "/v1/admin/users/{id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * End every session and device token of an account
         * @description Its access and refresh tokens stop working at once; its API keys are not touched.
         */
        delete: operations["adminRevokeUserSessions"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A user's public profile
         * @description Public fields only; never the email.
         */
        get: operations["getPublicProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's files, newest first
         * @description Avatars are not listed. Pass `nextCursor` back as `cursor` for the next page.
         */
        get: operations["listFiles"];
        put?: never;
        /**
         * Upload one or more files
         * @description multipart/form-data: parts named `file` (at most `UPLOAD_MAX_FILES`) and an optional field `visibility`, in any order. Types are sniffed from the bytes; images are oriented and stripped of metadata. All or nothing: one refused part refuses the request.
         */
        post: operations["uploadFiles"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A file's metadata
         * @description Public files for anyone; private files for their owner only (404 for everyone else).
         */
        get: operations["getFile"];
        put?: never;
        post?: never;
        /**
         * Delete a file, its variants and its bytes
         * @description Only the owner. The row goes first, so the file is gone for every reader at once; the stored bytes and variants follow, and any the store could not delete are removed by the orphan sweep.
         */
        delete: operations["deleteFile"];
        options?: never;
        head?: never;
        /**
         * Rename a file or change its visibility
         * @description Only the owner. The new name is sanitized like an uploaded one. Making a file `public` lets anyone with its id read it (and the allowed variants); `private` ends that at once.
         */
        patch: operations["updateFile"];
        trace?: never;
    };
    "/v1/files/{id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The bytes of a file, or a resized/converted image variant
         * @description Owner (bearer token), anyone for public files, or anyone holding a signed URL until it expires. Images: `w`, `h`, `fit` (default cover), `format` (default the original's), `q` (default 80) give a variant, never upscaled. Anyone but the owner (without a signed URL) may ask a public image only for `format` and a `w` from 64, 128, 256, 512, 1024 (403 `variant_not_allowed`). Strong ETag (304), Last-Modified, single byte ranges (206, 416); inline for images, attachment otherwise.
         */
        get: operations["getFileContent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/files/{id}/signed-url": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A URL that serves the file (or one variant) without a token until it expires
         * @description For `<img src>` and downloads in browsers. `expiresIn` is 60 to 86400 seconds (default 900). The owner only.
         */
        post: operations["createSignedFileUrl"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/storage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your storage use: bytes charged and files kept, against your limits
         * @description What uploads count against: the stored bytes of your files and their variants, and the number of files, beside the quota and file limit that apply to you (413 `quota_exceeded` once an upload would pass them).
         */
        get: operations["getMyStorage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/avatar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Upload a new avatar
         * @description multipart/form-data with one image in the part `file`. It is cropped square and stored at 64, 128, 256, 512 px; `avatarUrl` changes with every upload and the previous URL stops loading. Avatars do not count against the file quota and are not listed with the files.
         */
        put: operations["setAvatar"];
        post?: never;
        /**
         * Remove the avatar
         * @description `avatarUrl` falls back to the generated avatar and the old URL answers 404.
         */
        delete: operations["deleteAvatar"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/avatars/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An avatar image (WebP), as linked from `avatarUrl`
         * @description A replaced or deleted avatar is 404. Responses may be cached for a day (not longer, so a deleted avatar leaves shared caches within a day); the id changes with every upload, so a new one shows at once.
         */
        get: operations["getAvatar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/images": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Draw a scene of shapes and text into a PNG, JPEG, WebP or AVIF image
         * @description The scene is JSON (never markup): rect, circle, ellipse, line, polygon, polyline and text, drawn in order with SVG geometry (strokes centred on edges, text `y` is the baseline). Text renders Latin, Hangul and simplified Chinese with the fonts the product ships. Bounds: `width`/`height` and shape count by config (400); cost bounds (points, stroke width, font size, reach, AVIF size, total text, painted area) are 422 `scene_too_complex`.
         */
        post: operations["generateImage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/images/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Draw a scene and keep the image as one of your files
         * @description The scene is JSON (never markup): rect, circle, ellipse, line, polygon, polyline and text, drawn in order with SVG geometry (strokes centred on edges, text `y` is the baseline). Text renders Latin, Hangul and simplified Chinese with the fonts the product ships. Bounds: `width`/`height` and shape count by config (400); cost bounds (points, stroke width, font size, reach, AVIF size, total text, painted area) are 422 `scene_too_complex`. The image is stored like an upload, against the same limits and quota. Needs `files:write` as well as `images:generate` (403 `insufficient_scope` naming the one missing).
         */
        post: operations["generateImageFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/images/placeholder/{width}x{height}.{format}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A placeholder image of any size, showing its dimensions or your text
         * @description No token needed. The same URL always gives the same bytes, so answers are cached for a year (`Cache-Control: immutable`). `bg` and `fg` take any colour the scenes take; `text` defaults to the dimensions.
         */
        get: operations["placeholderImage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/images/avatar/{seed}.{format}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A generated avatar: the same seed always gives the same image
         * @description Users without an uploaded avatar get `/v1/images/avatar/{their id}.png` as `avatarUrl`.
         */
        get: operations["avatarImage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        FieldError: {
            /** @description JSON Pointer to the offending property, e.g. `/email`. */
            path: string;
            message: string;
            code?: string;
        };
        /** @description RFC 9457 problem details (application/problem+json). */
        Problem: {
            /**
             * @description `/problems/<code>`
             * @example /problems/validation_failed
             */
            type: string;
            title: string;
            status: number;
            detail: string;
            /**
             * @description Stable machine-readable error code, from the catalogue (see the README).
             * @enum {string}
             */
            code: "validation_failed" | "invalid_json" | "invalid_request" | "weak_password" | "missing_file" | "empty_file" | "invalid_multipart" | "invalid_link_token" | "unauthorized" | "invalid_token" | "token_expired" | "invalid_refresh_token" | "refresh_token_reused" | "invalid_credentials" | "forbidden" | "account_disabled" | "invalid_csrf_token" | "origin_not_allowed" | "email_not_verified" | "invalid_current_password" | "insufficient_scope" | "invalid_signature" | "signature_expired" | "variant_not_allowed" | "not_found" | "method_not_allowed" | "email_taken" | "username_taken" | "last_admin" | "payload_too_large" | "file_too_large" | "quota_exceeded" | "too_many_files" | "unsupported_media_type" | "range_not_satisfiable" | "invalid_image" | "image_too_large" | "scene_too_complex" | "rate_limited" | "account_throttled" | "internal_error" | "service_unavailable" | "insufficient_storage";
            requestId: string;
            /** @description At most 20 entries; `errorsTotal` counts them all. */
            errors?: components["schemas"]["FieldError"][];
            errorsTotal?: number;
        };
        User: {
            /**
             * Format: uuid
             * @description A UUID.
             */
            id: string;
            /**
             * Format: email
             * @example alice@example.com
             */
            email: string;
            /**
             * @description 3 to 32 of a-z, 0-9, `_`, `.`, `-`; lower-cased on input.
             * @example alice
             */
            username: string;
            displayName: string | null;
            bio: string | null;
            /**
             * Format: uri
             * @description The uploaded avatar, or a generated one (`/v1/images/avatar/{id}.png`): never null.
             */
            avatarUrl: string;
            emailVerified: boolean;
            /** @example user */
            role: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time, UTC.
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time, UTC.
             */
            updatedAt: string;
        };
        PublicProfile: {
            /**
             * Format: uuid
             * @description A UUID.
             */
            id: string;
            /**
             * @description 3 to 32 of a-z, 0-9, `_`, `.`, `-`; lower-cased on input.
             * @example alice
             */
            username: string;
            displayName: string | null;
            bio: string | null;
            /**
             * Format: uri
             * @description The uploaded avatar, or a generated one (`/v1/images/avatar/{id}.png`): never null.
             */
            avatarUrl: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time, UTC.
             */
            createdAt: string;
        };
        FileObject: {
            /**
             * Format: uuid
             * @description A UUID.
             */
            id: string;
            /**
             * @description Display name, sanitized; never used as a path.
             * @example holiday.jpg
             */
            filename: string;
            /**
             * @description Sniffed from the bytes, not taken from the client.
             * @example image/jpeg
             */
            contentType: string;
            /** @description Bytes stored (images after orientation and metadata stripping). */
            size: number;
            /** @description SHA-256 (hex) of the stored bytes; also the ETag. */
            sha256: string;
            /**
             * @description `private`: only the owner (and signed URLs); `public`: anyone with the id.
             * @enum {string}
             */
            visibility: "private" | "public";
            /** @description Pixels, after EXIF orientation; null for non-images. */
            width: number | null;
            height: number | null;
            /**
             * Format: date-time
             * @description ISO 8601 date and time, UTC.
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description ISO 8601 date and time, UTC.
             */
            updatedAt: string;
            /**
             * Format: uri
             * @description The content URL (it needs the owner's token for a private file).
             */
            url: string;
        };
        AuthResult: {
            user: components["schemas"]["User"];
            /** @description A JWT (HS256, or EdDSA when JWT_PRIVATE_KEY_FILE is set), sent as `Authorization: Bearer <token>`. */
            accessToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
            /**
             * @description Seconds until the access token expires.
             * @example 900
             */
            expiresIn: number;
            /** @description Opaque; rotated on every refresh. Absent in cookie mode (REFRESH_TOKEN_COOKIE, a request with an allowed `Origin`): the token is then in the `refresh_token` cookie (HttpOnly, Secure, SameSite=Strict, Path=/v1/auth). */
            refreshToken?: string;
            /** @description Cookie mode only: send it as `x-csrf-token` with refresh and logout, which the cookie authenticates. After a page reload, GET /v1/auth/csrf gives a new one. */
            csrfToken?: string;
            /** @description Signup and login only (refresh keeps the one held): proof that this client signed in to this account, also set as the `device` cookie (HttpOnly, Path=/v1/auth). Send it with later logins: a client with one is spared the lock that failed passwords from elsewhere put on the account, and no new sign-in notice is mailed. It authenticates nothing by itself. */
            deviceToken?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    openapiJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description Problem: `validation_failed` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    openapiYaml: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/yaml": string;
                };
            };
            /** @description Problem: `validation_failed` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ok";
                    };
                };
            };
            /** @description Problem: `validation_failed` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "ready" | "degraded";
                        /** @enum {string} */
                        redis?: "unavailable";
                    };
                };
            };
            /** @description Problem: `validation_failed` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metrics. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Problem: `validation_failed` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token` */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not_found` */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    jwks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The JSON Web Key Set. */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description `public, max-age=300`. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The current signing key first, then the previous ones still verifying. */
                        keys: {
                            /** @enum {string} */
                            kty: "OKP";
                            /** @enum {string} */
                            crv: "Ed25519";
                            /** @description The public key, base64url (RFC 8037). */
                            x: string;
                            /** @description The `kid` in the header of the tokens this key verifies. */
                            kid: string;
                            /** @enum {string} */
                            alg: "EdDSA";
                            /** @enum {string} */
                            use: "sig";
                        }[];
                    };
                };
            };
            /** @description Problem: `validation_failed` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not_found` */
            404: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    signup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "river.song.4821@example.com",
                 *       "username": "river_4821",
                 *       "password": "correct horse battery staple",
                 *       "displayName": "River Song"
                 *     }
                 */
                "application/json": {
                    /**
                     * Format: email
                     * @example alice@example.com
                     */
                    email: string;
                    /**
                     * @description 3 to 32 of a-z, 0-9, `_`, `.`, `-`; lower-cased on input.
                     * @example alice
                     */
                    username: string;
                    /**
                     * @description 8 to 128 characters after NFKC normalisation; common passwords are refused.
                     * @example correct horse battery staple
                     */
                    password: string;
                    displayName?: string;
                };
            };
        };
        responses: {
            /** @description Signed up and signed in. */
            201: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description `device` (signup, login) and, in cookie mode, `refresh_token` and `csrf_secret`. */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthResult"];
                };
            };
            /** @description Problem: `weak_password`, `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `origin_not_allowed` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `email_taken`, `username_taken` */
            409: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "login": "river_4821",
                 *       "password": "correct horse battery staple"
                 *     }
                 */
                "application/json": {
                    /**
                     * @description The email or the username.
                     * @example alice
                     */
                    login: string;
                    /**
                     * @description 8 to 128 characters after NFKC normalisation; common passwords are refused.
                     * @example correct horse battery staple
                     */
                    password: string;
                    /** @description For clients that keep no cookies: the `deviceToken` of an earlier sign-in to this account. When sent it is used instead of the `device` cookie. */
                    deviceToken?: string;
                };
            };
        };
        responses: {
            /** @description Signed in. */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description `device` (signup, login) and, in cookie mode, `refresh_token` and `csrf_secret`. */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthResult"];
                };
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `invalid_credentials` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `account_disabled`, `origin_not_allowed` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `account_throttled`, `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refreshToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Required unless the refresh token is in its cookie (REFRESH_TOKEN_COOKIE): then send no body. */
        requestBody?: {
            content: {
                "application/json": {
                    /** @description The opaque refresh token from signup, login or refresh. */
                    refreshToken?: string;
                };
            };
        };
        responses: {
            /** @description A new token pair. */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description `device` (signup, login) and, in cookie mode, `refresh_token` and `csrf_secret`. */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuthResult"];
                };
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `invalid_refresh_token`, `refresh_token_reused` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `account_disabled`, `invalid_csrf_token`, `origin_not_allowed` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Optional: a refresh token alone ends its session when the access token has expired. */
        requestBody?: {
            content: {
                "application/json": {
                    /** @description The opaque refresh token from signup, login or refresh. */
                    refreshToken?: string;
                };
            };
        };
        responses: {
            /** @description The session has ended. */
            204: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Cookie mode: clears `refresh_token` and `csrf_secret` (Max-Age=0). */
                    "set-cookie"?: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired`, `invalid_refresh_token` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `invalid_csrf_token`, `origin_not_allowed` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getCsrfToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A CSRF token. */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description `csrf_secret`, when the request had none. */
                    "set-cookie"?: string;
                    /** @description `no-store`. */
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Send it as `x-csrf-token` with refresh and logout in cookie mode. */
                        csrfToken: string;
                    };
                };
            };
            /** @description Problem: `validation_failed` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Live sessions only, newest first. */
                        items: {
                            /**
                             * Format: uuid
                             * @description A UUID.
                             */
                            id: string;
                            /** @description True for the session of the access token that asked. */
                            current: boolean;
                            /**
                             * Format: date-time
                             * @description ISO 8601 date and time, UTC.
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description The last refresh (signing in counts as one): access tokens are not tracked per request.
                             */
                            lastUsedAt: string;
                            /** @description The client address at sign-in. */
                            ip: string | null;
                            /** @description The User-Agent at sign-in, cut to 256 characters. */
                            userAgent: string | null;
                        }[];
                    };
                };
            };
            /** @description Problem: `validation_failed` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeOtherSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every other session has ended. */
            204: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A UUID. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session has ended. */
            204: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not_found` */
            404: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    requestEmailVerification: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The request was taken; what happens next arrives by mail. */
            202: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "accepted";
                        /** @example If the address belongs to an account, a link is on its way. */
                        detail: string;
                    };
                };
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    verifyEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description The token from the mailed link's fragment (`#token=...`).
                     * @example q2Xo8bJ1c4Vt3fS0kZ6mYwR9pL5nA7eD2hG4jK8uI0s
                     */
                    token: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Problem: `invalid_link_token`, `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `email_taken` */
            409: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    forgotPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: email
                     * @example alice@example.com
                     */
                    email: string;
                };
            };
        };
        responses: {
            /** @description The request was taken; what happens next arrives by mail. */
            202: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "accepted";
                        /** @example If the address belongs to an account, a link is on its way. */
                        detail: string;
                    };
                };
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    resetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description The token from the mailed link's fragment (`#token=...`).
                     * @example q2Xo8bJ1c4Vt3fS0kZ6mYwR9pL5nA7eD2hG4jK8uI0s
                     */
                    token: string;
                    /**
                     * @description 8 to 128 characters after NFKC normalisation; common passwords are refused.
                     * @example correct horse battery staple
                     */
                    newPassword: string;
                };
            };
        };
        responses: {
            /** @description The password is changed; sign in with it. */
            204: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `invalid_link_token`, `weak_password`, `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description The account's password now: a valid access token alone cannot change credentials.
                     * @example correct horse battery staple
                     */
                    currentPassword: string;
                    /**
                     * @description 8 to 128 characters after NFKC normalisation; common passwords are refused.
                     * @example correct horse battery staple
                     */
                    newPassword: string;
                };
            };
        };
        responses: {
            /** @description The password is changed. */
            204: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `weak_password`, `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `invalid_current_password`, `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `account_throttled`, `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    changeEmail: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: email
                     * @example alice@example.com
                     */
                    newEmail: string;
                    /**
                     * @description The account's password now: a valid access token alone cannot change credentials.
                     * @example correct horse battery staple
                     */
                    currentPassword: string;
                };
            };
        };
        responses: {
            /** @description The request was taken; what happens next arrives by mail. */
            202: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "accepted";
                        /** @example If the address belongs to an account, a link is on its way. */
                        detail: string;
                    };
                };
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `invalid_current_password`, `insufficient_scope`, `account_disabled` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `email_taken` */
            409: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `account_throttled`, `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Problem: `validation_failed` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description The account's password now: a valid access token alone cannot change credentials.
                     * @example correct horse battery staple
                     */
                    currentPassword: string;
                };
            };
        };
        responses: {
            /** @description The account is deleted. */
            204: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `invalid_current_password`, `insufficient_scope`, `account_disabled` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `last_admin` */
            409: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `account_throttled`, `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description `null` clears it. */
                    displayName?: string | null;
                    /**
                     * @description 3 to 32 of a-z, 0-9, `_`, `.`, `-`; lower-cased on input.
                     * @example alice
                     */
                    username?: string;
                    /** @description `null` clears it. */
                    bio?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `username_taken` */
            409: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The keys, without their secrets. */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Newest first; expired keys are listed until revoked. */
                        items: {
                            /**
                             * Format: uuid
                             * @description A UUID.
                             */
                            id: string;
                            name: string;
                            scopes: ("profile:read" | "profile:write" | "files:read" | "files:write" | "images:generate")[];
                            /** @description The first 8 characters after `sk_`, to recognise the key; not the secret. */
                            prefix: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 date and time, UTC.
                             */
                            createdAt: string;
                            /** @description Updated at most once a minute, so it can lag use by up to a minute. */
                            lastUsedAt: string | null;
                            /** @description Null: until revoked. */
                            expiresAt: string | null;
                        }[];
                    };
                };
            };
            /** @description Problem: `validation_failed` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description To tell keys apart.
                     * @example backup script
                     */
                    name: string;
                    /**
                     * @description Exactly what the key may do; it never reaches admin or credential routes.
                     * @example [
                     *       "files:read",
                     *       "files:write"
                     *     ]
                     */
                    scopes: ("profile:read" | "profile:write" | "files:read" | "files:write" | "images:generate")[];
                    /**
                     * Format: int32
                     * @description Without it the key lasts until revoked.
                     */
                    expiresInDays?: number;
                };
            };
        };
        responses: {
            /** @description The new key, with its secret (shown this once). */
            201: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description A UUID.
                         */
                        id: string;
                        name: string;
                        scopes: ("profile:read" | "profile:write" | "files:read" | "files:write" | "images:generate")[];
                        /** @description The first 8 characters after `sk_`, to recognise the key; not the secret. */
                        prefix: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 date and time, UTC.
                         */
                        createdAt: string;
                        /** @description Updated at most once a minute, so it can lag use by up to a minute. */
                        lastUsedAt: string | null;
                        /** @description Null: until revoked. */
                        expiresAt: string | null;
                        /**
                         * @description Shown once, never again: send it as `Authorization: Bearer sk_...`. Only its hash is stored.
                         * @example sk_3q2-7wEXAMPLEONLYb2sLx4Wc0H9dYt1mN8pKZrQvFj6Ao
                         */
                        secret: string;
                    };
                };
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A UUID. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked. */
            204: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not_found` */
            404: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listMyAuditEvents: {
        parameters: {
            query?: {
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /**
                             * Format: uuid
                             * @description A UUID.
                             */
                            id: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 date and time, UTC.
                             */
                            at: string;
                            /** @enum {string} */
                            type: "signup" | "login_succeeded" | "login_failed" | "logout" | "refresh_token_reused" | "email_verified" | "email_change_requested" | "email_changed" | "password_changed" | "password_reset" | "session_revoked" | "other_sessions_revoked" | "api_key_created" | "api_key_revoked" | "api_key_denied" | "role_changed" | "account_disabled" | "account_enabled" | "account_deleted" | "admin_sessions_revoked" | "admin_email_verified";
                            userId: string | null;
                            actor: {
                                /**
                                 * @description `user`: the account itself; `admin`: an admin (`id`); `system`: the server (a start-up promotion).
                                 * @enum {string}
                                 */
                                type: "user" | "admin" | "system";
                                id: string | null;
                            };
                            ip: string | null;
                            userAgent: string | null;
                            requestId: string | null;
                            detail: {
                                [key: string]: string | number | boolean | null;
                            } | null;
                        }[];
                        /** @description null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Problem: `validation_failed` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminListAuditEvents: {
        parameters: {
            query?: {
                /** @description Only this account's events (deleted ones too). */
                userId?: string;
                type?: "signup" | "login_succeeded" | "login_failed" | "logout" | "refresh_token_reused" | "email_verified" | "email_change_requested" | "email_changed" | "password_changed" | "password_reset" | "session_revoked" | "other_sessions_revoked" | "api_key_created" | "api_key_revoked" | "api_key_denied" | "role_changed" | "account_disabled" | "account_enabled" | "account_deleted" | "admin_sessions_revoked" | "admin_email_verified";
                /** @description Events at or after this time. */
                since?: string;
                /** @description Events before this time. */
                until?: string;
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /**
                             * Format: uuid
                             * @description A UUID.
                             */
                            id: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 date and time, UTC.
                             */
                            at: string;
                            /** @enum {string} */
                            type: "signup" | "login_succeeded" | "login_failed" | "logout" | "refresh_token_reused" | "email_verified" | "email_change_requested" | "email_changed" | "password_changed" | "password_reset" | "session_revoked" | "other_sessions_revoked" | "api_key_created" | "api_key_revoked" | "api_key_denied" | "role_changed" | "account_disabled" | "account_enabled" | "account_deleted" | "admin_sessions_revoked" | "admin_email_verified";
                            userId: string | null;
                            actor: {
                                /**
                                 * @description `user`: the account itself; `admin`: an admin (`id`); `system`: the server (a start-up promotion).
                                 * @enum {string}
                                 */
                                type: "user" | "admin" | "system";
                                id: string | null;
                            };
                            ip: string | null;
                            userAgent: string | null;
                            requestId: string | null;
                            detail: {
                                [key: string]: string | number | boolean | null;
                            } | null;
                        }[];
                        /** @description null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Problem: `validation_failed` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `forbidden`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminListUsers: {
        parameters: {
            query?: {
                /** @description A prefix of the email or the username (case-insensitive). */
                q?: string;
                role?: "user" | "admin";
                disabled?: boolean;
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /**
                             * Format: uuid
                             * @description A UUID.
                             */
                            id: string;
                            /**
                             * Format: email
                             * @example alice@example.com
                             */
                            email: string;
                            /**
                             * @description 3 to 32 of a-z, 0-9, `_`, `.`, `-`; lower-cased on input.
                             * @example alice
                             */
                            username: string;
                            displayName: string | null;
                            bio: string | null;
                            /**
                             * Format: uri
                             * @description The uploaded avatar, or a generated one (`/v1/images/avatar/{id}.png`): never null.
                             */
                            avatarUrl: string;
                            emailVerified: boolean;
                            /** @example user */
                            role: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 date and time, UTC.
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 date and time, UTC.
                             */
                            updatedAt: string;
                            /** @description Refused everywhere (403 `account_disabled`) while true; nothing is ended. */
                            disabled: boolean;
                        }[];
                        /** @description null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Problem: `validation_failed` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `forbidden`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminGetUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A UUID. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description A UUID.
                         */
                        id: string;
                        /**
                         * Format: email
                         * @example alice@example.com
                         */
                        email: string;
                        /**
                         * @description 3 to 32 of a-z, 0-9, `_`, `.`, `-`; lower-cased on input.
                         * @example alice
                         */
                        username: string;
                        displayName: string | null;
                        bio: string | null;
                        /**
                         * Format: uri
                         * @description The uploaded avatar, or a generated one (`/v1/images/avatar/{id}.png`): never null.
                         */
                        avatarUrl: string;
                        emailVerified: boolean;
                        /** @example user */
                        role: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 date and time, UTC.
                         */
                        createdAt: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 date and time, UTC.
                         */
                        updatedAt: string;
                        /** @description Refused everywhere (403 `account_disabled`) while true; nothing is ended. */
                        disabled: boolean;
                    };
                };
            };
            /** @description Problem: `validation_failed`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `forbidden`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not_found` */
            404: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminDeleteUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A UUID. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account is gone. */
            204: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `forbidden`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not_found` */
            404: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `last_admin` */
            409: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminUpdateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A UUID. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    role?: "user" | "admin";
                    /** @description Disabling ends nothing: enabling restores the account. */
                    disabled?: boolean;
                    emailVerified?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: uuid
                         * @description A UUID.
                         */
                        id: string;
                        /**
                         * Format: email
                         * @example alice@example.com
                         */
                        email: string;
                        /**
                         * @description 3 to 32 of a-z, 0-9, `_`, `.`, `-`; lower-cased on input.
                         * @example alice
                         */
                        username: string;
                        displayName: string | null;
                        bio: string | null;
                        /**
                         * Format: uri
                         * @description The uploaded avatar, or a generated one (`/v1/images/avatar/{id}.png`): never null.
                         */
                        avatarUrl: string;
                        emailVerified: boolean;
                        /** @example user */
                        role: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 date and time, UTC.
                         */
                        createdAt: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 date and time, UTC.
                         */
                        updatedAt: string;
                        /** @description Refused everywhere (403 `account_disabled`) while true; nothing is ended. */
                        disabled: boolean;
                    };
                };
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `forbidden`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not_found` */
            404: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `last_admin` */
            409: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminRevokeUserSessions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A UUID. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every session has ended. */
            204: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `forbidden`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not_found` */
            404: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPublicProfile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                username: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicProfile"];
                };
            };
            /** @description Problem: `validation_failed`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not_found` */
            404: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listFiles: {
        parameters: {
            query?: {
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["FileObject"][];
                        /** @description null on the last page. */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Problem: `validation_failed` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    uploadFiles: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /** @description One or more parts named `file` (at most `UPLOAD_MAX_FILES`, itself at most 100). */
                    file: Blob[];
                    /**
                     * @description `private`: only the owner (and signed URLs); `public`: anyone with the id.
                     * @enum {string}
                     */
                    visibility?: "private" | "public";
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        files: components["schemas"]["FileObject"][];
                    };
                };
            };
            /** @description Problem: `missing_file`, `empty_file`, `invalid_multipart`, `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `file_too_large`, `quota_exceeded`, `too_many_files`, `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `invalid_image`, `image_too_large` */
            422: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_storage` */
            507: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A UUID. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FileObject"];
                };
            };
            /** @description Problem: `validation_failed`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not_found` */
            404: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A UUID. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not_found` */
            404: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    updateFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A UUID. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Sanitized like an uploaded name. */
                    filename?: string;
                    /**
                     * @description `private`: only the owner (and signed URLs); `public`: anyone with the id.
                     * @enum {string}
                     */
                    visibility?: "private" | "public";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FileObject"];
                };
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not_found` */
            404: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getFileContent: {
        parameters: {
            query?: {
                /** @description Width in pixels; never upscaled. */
                w?: number;
                /** @description Height in pixels; never upscaled. */
                h?: number;
                /** @description Default `cover`. */
                fit?: "cover" | "contain" | "inside";
                /** @description Default: the original format. */
                format?: "webp" | "avif" | "png" | "jpeg";
                /** @description Quality, default 80. */
                q?: number;
                /** @description Signed URLs: expiry, Unix seconds. */
                expires?: number;
                /** @description Signed URLs: the signature. */
                sig?: string;
            };
            header?: never;
            path: {
                /** @description A UUID. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bytes. */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Strong: the SHA-256 of the bytes, quoted. */
                    etag?: string;
                    /** @description HTTP date. */
                    "last-modified"?: string;
                    /** @description `private, no-cache` for private files. */
                    "cache-control"?: string;
                    /** @description `inline` for images, `attachment` otherwise; RFC 6266 with a UTF-8 `filename*`. */
                    "content-disposition"?: string;
                    /** @description `bytes`. */
                    "accept-ranges"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "image/png": Blob;
                    "image/jpeg": Blob;
                    "image/webp": Blob;
                    "image/gif": Blob;
                    "image/avif": Blob;
                    "application/pdf": Blob;
                    "text/plain; charset=utf-8": Blob;
                };
            };
            /** @description One byte range. */
            206: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Strong: the SHA-256 of the bytes, quoted. */
                    etag?: string;
                    /** @description HTTP date. */
                    "last-modified"?: string;
                    /** @description `private, no-cache` for private files. */
                    "cache-control"?: string;
                    /** @description `inline` for images, `attachment` otherwise; RFC 6266 with a UTF-8 `filename*`. */
                    "content-disposition"?: string;
                    /** @description `bytes`. */
                    "accept-ranges"?: string;
                    "content-range"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "image/png": Blob;
                    "image/jpeg": Blob;
                    "image/webp": Blob;
                    "image/gif": Blob;
                    "image/avif": Blob;
                    "application/pdf": Blob;
                    "text/plain; charset=utf-8": Blob;
                };
            };
            /** @description Not modified (If-None-Match / If-Modified-Since). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `validation_failed`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `invalid_signature`, `signature_expired`, `forbidden`, `variant_not_allowed`, `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not_found` */
            404: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `range_not_satisfiable` */
            416: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_storage` */
            507: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    createSignedFileUrl: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A UUID. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /**
                     * Format: int32
                     * @description Seconds, 60 to 86400.
                     * @default 900
                     */
                    expiresIn?: number;
                    variant?: {
                        /**
                         * Format: int32
                         * @description Width in pixels; never upscaled.
                         */
                        w?: number;
                        /**
                         * Format: int32
                         * @description Height in pixels; never upscaled.
                         */
                        h?: number;
                        /**
                         * @description Default `cover`.
                         * @enum {string}
                         */
                        fit?: "cover" | "contain" | "inside";
                        /**
                         * @description Default: the original format.
                         * @enum {string}
                         */
                        format?: "webp" | "avif" | "png" | "jpeg";
                        /**
                         * Format: int32
                         * @description Quality, default 80.
                         */
                        q?: number;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: uri */
                        url: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 date and time, UTC.
                         */
                        expiresAt: string;
                    };
                };
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not_found` */
            404: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getMyStorage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Charged to your files and their kept variants, each at least 4096 bytes. */
                        usedBytes: number;
                        /** @description UPLOAD_QUOTA_BYTES. */
                        quotaBytes: number;
                        /** @description How many files you keep (variants and the avatar not counted). */
                        files: number;
                        /** @description UPLOAD_MAX_FILES_PER_USER. */
                        maxFiles: number;
                    };
                };
            };
            /** @description Problem: `validation_failed` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    setAvatar: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    /**
                     * Format: binary
                     * @description One image (png, jpeg, webp, gif or avif).
                     */
                    file: Blob;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Problem: `missing_file`, `empty_file`, `invalid_multipart`, `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `file_too_large`, `too_many_files`, `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `invalid_image`, `image_too_large` */
            422: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    deleteAvatar: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed (or there was none). */
            204: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getAvatar: {
        parameters: {
            query?: {
                /** @description Pixels (square). */
                size?: 64 | 128 | 256 | 512;
            };
            header?: never;
            path: {
                /** @description A UUID. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The image. */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "image/webp": Blob;
                };
            };
            /** @description One byte range. */
            206: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "image/webp": Blob;
                };
            };
            /** @description Not modified. */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `validation_failed`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `not_found` */
            404: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `range_not_satisfiable` */
            416: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    generateImage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Background: transparent by default, white for JPEG. Shapes are drawn in order, as SVG draws them. */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "width": 220,
                 *       "height": 190,
                 *       "format": "jpeg",
                 *       "quality": 70,
                 *       "shapes": [
                 *         {
                 *           "type": "rect",
                 *           "x": 40,
                 *           "y": 40,
                 *           "width": 170,
                 *           "height": 140,
                 *           "fill": "#ffff33",
                 *           "stroke": "red"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    /** Format: int32 */
                    width: number;
                    /** Format: int32 */
                    height: number;
                    /**
                     * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                     * @example #ffff33
                     */
                    background?: string;
                    /** @enum {string} */
                    format: "webp" | "avif" | "png" | "jpeg";
                    /**
                     * Format: int32
                     * @description JPEG, WebP and AVIF; default 80.
                     */
                    quality?: number;
                    shapes: ({
                        /** @enum {string} */
                        type: "rect";
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        x: number;
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        y: number;
                        width: number;
                        height: number;
                        rx?: number;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        fill?: string;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        stroke?: string;
                        /** @description Default 1 (when there is a stroke); at most 100. */
                        strokeWidth?: number;
                        opacity?: number;
                    } | {
                        /** @enum {string} */
                        type: "circle";
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        cx: number;
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        cy: number;
                        r: number;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        fill?: string;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        stroke?: string;
                        /** @description Default 1 (when there is a stroke); at most 100. */
                        strokeWidth?: number;
                        opacity?: number;
                    } | {
                        /** @enum {string} */
                        type: "ellipse";
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        cx: number;
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        cy: number;
                        rx: number;
                        ry: number;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        fill?: string;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        stroke?: string;
                        /** @description Default 1 (when there is a stroke); at most 100. */
                        strokeWidth?: number;
                        opacity?: number;
                    } | {
                        /** @enum {string} */
                        type: "line";
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        x1: number;
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        y1: number;
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        x2: number;
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        y2: number;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        fill?: string;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        stroke?: string;
                        /** @description Default 1 (when there is a stroke); at most 100. */
                        strokeWidth?: number;
                        opacity?: number;
                    } | {
                        /** @enum {string} */
                        type: "polygon";
                        /** @description At most 1000 per shape and 10000 in all. */
                        points: number[][];
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        fill?: string;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        stroke?: string;
                        /** @description Default 1 (when there is a stroke); at most 100. */
                        strokeWidth?: number;
                        opacity?: number;
                    } | {
                        /** @enum {string} */
                        type: "polyline";
                        /** @description At most 1000 per shape and 10000 in all. */
                        points: number[][];
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        fill?: string;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        stroke?: string;
                        /** @description Default 1 (when there is a stroke); at most 100. */
                        strokeWidth?: number;
                        opacity?: number;
                    } | {
                        /** @enum {string} */
                        type: "text";
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        x: number;
                        /** @description The baseline, as in SVG. */
                        y: number;
                        text: string;
                        /** @description Default 16; at most 512. */
                        fontSize?: number;
                        fontWeight?: "normal" | "bold" | number;
                        /**
                         * @description Default `sans`; every family falls back to the others for missing glyphs.
                         * @enum {string}
                         */
                        font?: "sans" | "sans-kr" | "sans-sc";
                        /** @enum {string} */
                        align?: "start" | "middle" | "end";
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        fill?: string;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        stroke?: string;
                        /** @description Default 1 (when there is a stroke); at most 100. */
                        strokeWidth?: number;
                        opacity?: number;
                    })[];
                };
            };
        };
        responses: {
            /** @description The image. */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Strong: the same input always gives the same bytes. */
                    etag?: string;
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "image/webp": Blob;
                    "image/avif": Blob;
                    "image/png": Blob;
                    "image/jpeg": Blob;
                };
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `scene_too_complex` */
            422: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    generateImageFile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Background: transparent by default, white for JPEG. Shapes are drawn in order, as SVG draws them. */
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "width": 220,
                 *       "height": 190,
                 *       "format": "jpeg",
                 *       "quality": 70,
                 *       "shapes": [
                 *         {
                 *           "type": "rect",
                 *           "x": 40,
                 *           "y": 40,
                 *           "width": 170,
                 *           "height": 140,
                 *           "fill": "#ffff33",
                 *           "stroke": "red"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    /** Format: int32 */
                    width: number;
                    /** Format: int32 */
                    height: number;
                    /**
                     * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                     * @example #ffff33
                     */
                    background?: string;
                    /** @enum {string} */
                    format: "webp" | "avif" | "png" | "jpeg";
                    /**
                     * Format: int32
                     * @description JPEG, WebP and AVIF; default 80.
                     */
                    quality?: number;
                    shapes: ({
                        /** @enum {string} */
                        type: "rect";
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        x: number;
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        y: number;
                        width: number;
                        height: number;
                        rx?: number;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        fill?: string;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        stroke?: string;
                        /** @description Default 1 (when there is a stroke); at most 100. */
                        strokeWidth?: number;
                        opacity?: number;
                    } | {
                        /** @enum {string} */
                        type: "circle";
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        cx: number;
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        cy: number;
                        r: number;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        fill?: string;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        stroke?: string;
                        /** @description Default 1 (when there is a stroke); at most 100. */
                        strokeWidth?: number;
                        opacity?: number;
                    } | {
                        /** @enum {string} */
                        type: "ellipse";
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        cx: number;
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        cy: number;
                        rx: number;
                        ry: number;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        fill?: string;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        stroke?: string;
                        /** @description Default 1 (when there is a stroke); at most 100. */
                        strokeWidth?: number;
                        opacity?: number;
                    } | {
                        /** @enum {string} */
                        type: "line";
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        x1: number;
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        y1: number;
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        x2: number;
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        y2: number;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        fill?: string;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        stroke?: string;
                        /** @description Default 1 (when there is a stroke); at most 100. */
                        strokeWidth?: number;
                        opacity?: number;
                    } | {
                        /** @enum {string} */
                        type: "polygon";
                        /** @description At most 1000 per shape and 10000 in all. */
                        points: number[][];
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        fill?: string;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        stroke?: string;
                        /** @description Default 1 (when there is a stroke); at most 100. */
                        strokeWidth?: number;
                        opacity?: number;
                    } | {
                        /** @enum {string} */
                        type: "polyline";
                        /** @description At most 1000 per shape and 10000 in all. */
                        points: number[][];
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        fill?: string;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        stroke?: string;
                        /** @description Default 1 (when there is a stroke); at most 100. */
                        strokeWidth?: number;
                        opacity?: number;
                    } | {
                        /** @enum {string} */
                        type: "text";
                        /** @description Pixels; within four canvas sizes of the canvas. */
                        x: number;
                        /** @description The baseline, as in SVG. */
                        y: number;
                        text: string;
                        /** @description Default 16; at most 512. */
                        fontSize?: number;
                        fontWeight?: "normal" | "bold" | number;
                        /**
                         * @description Default `sans`; every family falls back to the others for missing glyphs.
                         * @enum {string}
                         */
                        font?: "sans" | "sans-kr" | "sans-sc";
                        /** @enum {string} */
                        align?: "start" | "middle" | "end";
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        fill?: string;
                        /**
                         * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                         * @example #ffff33
                         */
                        stroke?: string;
                        /** @description Default 1 (when there is a stroke); at most 100. */
                        strokeWidth?: number;
                        opacity?: number;
                    })[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FileObject"];
                };
            };
            /** @description Problem: `validation_failed`, `invalid_json`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unauthorized`, `invalid_token`, `token_expired` */
            401: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_scope`, `account_disabled`, `email_not_verified` */
            403: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `file_too_large`, `quota_exceeded`, `payload_too_large` */
            413: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `unsupported_media_type` */
            415: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `scene_too_complex` */
            422: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `insufficient_storage` */
            507: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    placeholderImage: {
        parameters: {
            query?: {
                /**
                 * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                 * @example #1e293b
                 */
                bg?: string;
                /**
                 * @description Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.
                 * @example #f8fafc
                 */
                fg?: string;
                /** @description Default: the dimensions, e.g. `300×200`. */
                text?: string;
            };
            header?: never;
            path: {
                width: number;
                height: number;
                format: "webp" | "avif" | "png" | "jpeg";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The image. */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Strong: the same input always gives the same bytes. */
                    etag?: string;
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "image/webp": Blob;
                    "image/avif": Blob;
                    "image/png": Blob;
                    "image/jpeg": Blob;
                };
            };
            /** @description Not modified (If-None-Match). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `validation_failed`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `scene_too_complex` */
            422: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    avatarImage: {
        parameters: {
            query?: {
                size?: number;
                style?: "identicon" | "initials";
            };
            header?: never;
            path: {
                /** @description Any text; the same seed always gives the same image. A user's default avatar uses their id. */
                seed: string;
                format: "webp" | "avif" | "png" | "jpeg";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The image. */
            200: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Strong: the same input always gives the same bytes. */
                    etag?: string;
                    "cache-control"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "image/webp": Blob;
                    "image/avif": Blob;
                    "image/png": Blob;
                    "image/jpeg": Blob;
                };
            };
            /** @description Not modified (If-None-Match). */
            304: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Problem: `validation_failed`, `invalid_request` */
            400: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `scene_too_complex` */
            422: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `rate_limited` */
            429: {
                headers: {
                    /** @description Requests allowed in the window. */
                    "RateLimit-Limit"?: number;
                    /** @description Requests left in the window. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the window resets. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `service_unavailable` */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Problem: `internal_error` */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
