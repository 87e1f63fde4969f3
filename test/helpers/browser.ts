// Browser tests drive Debian's Chromium (apt package `chromium`) through playwright-core, which never downloads a
// browser. Without Chromium they skip on a newcomer's machine and fail under CI=true (.ci/run installs it).
import { accessSync, constants, mkdirSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { Test } from 'tap'
import { build, type BuildOptions } from './build.js'

const screenshotDir = new URL('../.tmp/screenshots/', import.meta.url).pathname

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium; undefined when that is not an executable file. */
export function chromiumPath (): string | undefined {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  try {
    accessSync(path, constants.X_OK)
    return path
  } catch {
    return undefined
  }
}

/**
 * A headless Chromium, closed when the test ends; undefined when Chromium is missing: the test is then
 * skipped, or failed under CI=true. A caller returns at once on undefined.
 */
export async function browserOrSkip (t: Test): Promise<Browser | undefined> {
  const executablePath = chromiumPath()
  if (executablePath === undefined) {
    const where = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
    if (process.env.CI === 'true') {
      t.fail(`Chromium missing: .ci/run installs the chromium package (no executable at ${where})`)
    } else {
      await t.skip(`Chromium missing (no executable at ${where}; apt-get install chromium, or set CHROMIUM_PATH)`, () => {})
    }
    return undefined
  }
  // --no-sandbox: the suite runs as root, where Chromium's sandbox refuses to start.
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] })
  t.teardown(async () => { await browser.close() })
  return browser
}

/** What the init script uses in the page (the project's types have no DOM library). */
interface PageGlobals {
  document: { addEventListener: (type: string, listener: (event: CspViolationEvent) => void) => void }
  reportCspViolation: (violation: string) => void
}
interface CspViolationEvent { effectiveDirective: string, blockedURI: string, sourceFile: string, lineNumber: number }

export interface WatchedPage {
  page: Page
  /** Console errors, uncaught page errors and CSP violations seen so far, in order. */
  problems: () => string[]
}

/**
 * A new page that records console errors, uncaught errors and CSP violations, and leaves a screenshot in
 * test/.tmp/screenshots/<test name>.png when the test fails. From a Browser, the page has a context of its own;
 * pages from one BrowserContext share cookies and storage, as a browser's tabs do.
 */
export async function watchedPage (t: Test, opener: Browser | BrowserContext): Promise<WatchedPage> {
  const page = await opener.newPage()
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`)
  })
  page.on('pageerror', (error) => { problems.push(`page error: ${error.message}`) })
  // The event also fires for report-only policies and for violations Chromium does not log to the console.
  await page.exposeFunction('reportCspViolation', (violation: string) => { problems.push(`CSP violation: ${violation}`) })
  await page.addInitScript(() => {
    const { document, reportCspViolation } = globalThis as unknown as PageGlobals
    document.addEventListener('securitypolicyviolation', (event) => {
      reportCspViolation(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`)
    })
  })
  t.teardown(async () => {
    if (!t.passing()) {
      mkdirSync(screenshotDir, { recursive: true })
      const file = join(screenshotDir, `${t.name.replace(/[^\w.-]+/g, '-')}.png`)
      await page.screenshot({ path: file, fullPage: true }).catch(() => {})
      t.comment(`screenshot: ${file}`)
    }
    await page.close()
  })
  return { page, problems: () => [...problems] }
}

/** A port of 127.0.0.1 that nothing listens on now. */
export async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => { resolve(port) })
    })
  })
}

/**
 * The app listening on a free port of 127.0.0.1 with PUBLIC_URL `http://localhost:<port>`: the document's
 * `servers` (and so the docs UI's "Try it out") name the origin the browser visits. The port is chosen before
 * the app is built, since the document is; another process taking it in between makes the test retry.
 */
export async function appOnLocalhost (t: Test, options: BuildOptions = {}): Promise<{
  app: FastifyInstance
  origin: string
}> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const origin = `http://localhost:${port}`
    const app = await build(t, { ...options, config: { ...options.config, publicUrl: origin } })
    try {
      await app.listen({ host: '127.0.0.1', port })
      return { app, origin }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 3) throw error
    }
  }
}
