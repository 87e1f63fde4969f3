// Used by the ordinary Prisma CLI (`npx prisma migrate dev`) on machines that reach
// Prisma's binary host. The app itself migrates through src/db/migrate.ts.
import { defineConfig } from 'prisma/config'

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./data/app.db' }
})
