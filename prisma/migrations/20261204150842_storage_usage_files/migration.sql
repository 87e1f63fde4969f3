-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_StorageUsage" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "files" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "StorageUsage_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Usage is recomputed rather than copied: variants now count, every file and
-- variant is charged at least 4096 bytes, and files are counted.
INSERT INTO "new_StorageUsage" ("userId", "bytes", "files")
SELECT "owner"."userId",
    COALESCE((SELECT SUM(MAX("f"."size", 4096)) FROM "File" "f" WHERE "f"."userId" = "owner"."userId"), 0)
    + COALESCE((SELECT SUM(MAX("v"."size", 4096)) FROM "FileVariant" "v" JOIN "File" "f" ON "f"."id" = "v"."fileId"
        WHERE "f"."userId" = "owner"."userId"), 0),
    (SELECT COUNT(*) FROM "File" "f" WHERE "f"."userId" = "owner"."userId")
FROM (SELECT "userId" FROM "StorageUsage" UNION SELECT "userId" FROM "File") "owner";
DROP TABLE "StorageUsage";
ALTER TABLE "new_StorageUsage" RENAME TO "StorageUsage";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
