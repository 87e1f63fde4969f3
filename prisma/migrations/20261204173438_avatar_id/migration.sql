-- The avatar's URL is built from PUBLIC_URL when a user is serialised; only its id is stored.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "displayName" TEXT,
    "bio" TEXT,
    "avatarId" TEXT,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "role" TEXT NOT NULL DEFAULT 'user',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
-- Written by hand: the stored absolute avatarUrl becomes the avatar's id, taken
-- from Avatar (which the URL was made from), so no old host stays behind.
INSERT INTO "new_User" ("avatarId", "bio", "createdAt", "displayName", "email", "emailVerified", "id", "passwordHash", "role", "updatedAt", "username") SELECT (SELECT "id" FROM "Avatar" WHERE "Avatar"."userId" = "User"."id"), "bio", "createdAt", "displayName", "email", "emailVerified", "id", "passwordHash", "role", "updatedAt", "username" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
