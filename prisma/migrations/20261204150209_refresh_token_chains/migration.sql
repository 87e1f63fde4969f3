-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_RefreshToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sessionId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RefreshToken_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Only each session's newest live token is kept, as generation 0 of its chain: spent tokens
-- (no generation to place them at) and the extra chains the old reuse window minted are dropped.
INSERT INTO "new_RefreshToken" ("createdAt", "id", "sessionId", "tokenHash")
SELECT "createdAt", "id", "sessionId", "tokenHash" FROM "RefreshToken" AS "token"
WHERE "id" = (
    SELECT "live"."id" FROM "RefreshToken" AS "live"
    WHERE "live"."sessionId" = "token"."sessionId" AND "live"."rotatedAt" IS NULL
    ORDER BY "live"."createdAt" DESC, "live"."id" DESC LIMIT 1
);
DROP TABLE "RefreshToken";
ALTER TABLE "new_RefreshToken" RENAME TO "RefreshToken";
CREATE UNIQUE INDEX "RefreshToken_tokenHash_key" ON "RefreshToken"("tokenHash");
CREATE UNIQUE INDEX "RefreshToken_sessionId_generation_key" ON "RefreshToken"("sessionId", "generation");
CREATE TABLE "new_Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "lastRefreshedAt" DATETIME NOT NULL,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "revokedAt" DATETIME,
    "revokedReason" TEXT,
    "userAgent" TEXT,
    "ip" TEXT,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Session" ("createdAt", "expiresAt", "id", "ip", "lastRefreshedAt", "revokedAt", "revokedReason", "userAgent", "userId") SELECT "createdAt", "expiresAt", "id", "ip", "lastRefreshedAt", "revokedAt", "revokedReason", "userAgent", "userId" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE INDEX "Session_userId_idx" ON "Session"("userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
