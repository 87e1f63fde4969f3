import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'
import { openapiYaml } from './plugins/openapi.js'

/**
 * The OpenAPI document as the app serves it at /openapi.yaml. It does not depend
 * on configuration, so a throwaway config and empty database build the same document.
 */
export async function renderOpenApiYaml (): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-'))
  const config = loadConfig({
    JWT_SECRET: 'x'.repeat(32),
    LOG_LEVEL: 'silent',
    DATABASE_URL: `file:${join(dir, 'app.db')}`
  })
  const app = await buildApp({ config })
  try {
    await app.ready()
    return openapiYaml(app)
  } finally {
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
