// `npm run spa`: the API (already built into dist/) on http://localhost:3000 in cookie mode, and the built demo
// SPA on http://localhost:5173. Both are `localhost`: 127.0.0.1 would be another site to the browser, and the
// SameSite=Strict refresh cookie would not travel. Ctrl-C stops both.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { preview } from 'vite'

const API_ORIGIN = 'http://localhost:3000'
const SPA_ORIGIN = 'http://localhost:5173'
const spaRoot = fileURLToPath(new URL('..', import.meta.url))

const api = spawn(process.execPath, ['dist/server.js'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: '3000',
    PUBLIC_URL: API_ORIGIN,
    CORS_ORIGINS: SPA_ORIGIN,
    // Mailed links (verification, reset) lead to the SPA, which follows them.
    PUBLIC_APP_URL: SPA_ORIGIN,
    REFRESH_TOKEN_COOKIE: 'true'
  }
})

const spa = await preview({ root: spaRoot })
console.log(`\n  Demo SPA: ${SPA_ORIGIN}   (API: ${API_ORIGIN}, docs: ${API_ORIGIN}/docs)`)
console.log('  Mailed links are written to ./data/outbox as .eml files, and logged by the API.\n')

let stopping = false
async function stop (code: number): Promise<void> {
  if (stopping) return
  stopping = true
  api.kill('SIGTERM')
  await spa.close()
  process.exitCode = code
}
const failed = (error: unknown) => { console.error(error) }
api.on('exit', (code) => { stop(code ?? 1).catch(failed) })
process.on('SIGINT', () => { stop(0).catch(failed) })
process.on('SIGTERM', () => { stop(0).catch(failed) })
