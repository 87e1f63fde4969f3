// The demo SPA (examples/spa/) in a real Chromium against the real API in cookie mode, as a user goes through
// it: sign up (a taken username shown at its field), verify through the dev outbox's link, edit the profile, set
// an avatar, upload with a progress bar, thumbnails through signed URLs, the image playground, sessions,
// reloads and two tabs staying signed in, signing out and in, and a password reset through its mailed link.
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { simpleParser } from 'mailparser'
import type { Locator } from 'playwright-core'
import sharp from 'sharp'
import t, { type Test } from 'tap'
import { build as viteBuild, preview as vitePreview } from 'vite'
import { appOnLocalhost, browserOrSkip, freePort, watchedPage } from '../helpers/browser.js'
import { testDataDir } from '../helpers/build.js'

const spaRoot = new URL('../../examples/spa/', import.meta.url).pathname
const PASSWORD = 'correct horse battery staple'
/** Short, so that the tabs' refresh timers fire within the test (each at half the lifetime). */
const ACCESS_TOKEN_TTL = 6

/** What the page-side callbacks read (the project's types have no DOM library). */
interface ImageElement { complete: boolean, naturalWidth: number, src: string }
interface PageGlobals {
  document: { querySelector: (selector: string) => ({ getAttribute: (name: string) => string | null } | null) }
  MutationObserver: new (callback: () => void) => { observe: (target: unknown, options: { attributes: true }) => void }
  progressSeen: number[]
}

/** The width an <img> decoded, once it has loaded (0: it failed to). */
async function naturalWidth (image: Locator): Promise<number> {
  await image.page().waitForFunction((element) => {
    const img = element as unknown as ImageElement
    return img.src !== '' && img.complete
  }, await image.elementHandle())
  return await image.evaluate((element) => (element as unknown as ImageElement).naturalWidth)
}

/** The link of the newest message in the dev outbox (MAIL_OUTBOX_DIR's .eml files), once mail is flushed. */
async function newestMailedLink (app: FastifyInstance): Promise<string> {
  await app.mail.flush()
  const dir = app.config.mailOutboxDir
  const [newest] = readdirSync(dir).filter((name) => name.endsWith('.eml'))
    .map((name) => ({ name, at: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at)
  if (newest === undefined) throw new Error(`no message in ${dir}`)
  const { text = '' } = await simpleParser(readFileSync(join(dir, newest.name)))
  const link = /https?:\/\/\S+#token=[\w-]+/.exec(text)?.[0]
  if (link === undefined) throw new Error(`no link in ${newest.name}: ${text}`)
  return link
}

/** The SPA built and served by `vite preview` on `spaPort`, calling the API at `apiOrigin`. */
async function serveSpa (t: Test, spaPort: number, apiOrigin: string): Promise<void> {
  const outDir = join(testDataDir(t), 'spa')
  await viteBuild({
    root: spaRoot,
    logLevel: 'warn',
    define: { 'import.meta.env.VITE_API_URL': JSON.stringify(apiOrigin) },
    build: { outDir, emptyOutDir: true }
  })
  const server = await vitePreview({
    root: spaRoot,
    logLevel: 'warn',
    build: { outDir },
    preview: { host: 'localhost', port: spaPort, strictPort: true }
  })
  t.teardown(async () => { await server.close() })
}

t.test('the demo SPA in Chromium', async (t) => {
  const browser = await browserOrSkip(t)
  if (browser === undefined) return
  // The SPA's origin goes into the API's configuration (CORS, mailed links), so its port is chosen first.
  const spaPort = await freePort()
  const spaOrigin = `http://localhost:${spaPort}`
  const { app, origin: apiOrigin } = await appOnLocalhost(t, {
    config: {
      corsOrigins: [spaOrigin],
      refreshTokenCookie: true,
      publicAppUrl: spaOrigin,
      // No grace for a replayed refresh token: only the tabs' lock keeps two tabs refreshing at once signed in.
      refreshReuseInterval: 0,
      accessTokenTtl: ACCESS_TOKEN_TTL
    }
  })
  await serveSpa(t, spaPort, apiOrigin)

  const context = await browser.newContext()
  t.teardown(async () => { await context.close() })
  const { page, problems } = await watchedPage(t, context)
  page.setDefaultTimeout(20_000)
  const signedIn = page.locator('#signed-in')
  const signedOut = page.locator('#signed-out')
  const notice = page.locator('#notice')
  const suffix = randomBytes(3).toString('hex')
  const email = `ada.${suffix}@example.com`
  const username = `ada_${suffix}`

  await t.test('sign up: a taken username is shown at its field, then the account is made', async (t) => {
    const taken = await app.inject({
      method: 'POST',
      url: '/v1/auth/signup',
      payload: { email: `taken.${suffix}@example.com`, username: `taken_${suffix}`, password: PASSWORD }
    })
    t.equal(taken.statusCode, 201)
    await page.goto(spaOrigin)
    await signedOut.waitFor()
    const form = page.locator('#signup-form')
    await form.locator('input[name=email]').fill(email)
    await form.locator('input[name=username]').fill(`taken_${suffix}`)
    await form.locator('input[name=password]').fill(PASSWORD)
    await form.locator('button').click()
    const usernameError = form.locator('.field-error[data-error-for="/username"]')
    await usernameError.filter({ hasText: /\S/ }).waitFor()
    t.equal(await usernameError.textContent(), 'is taken', 'the problem\'s errors[].message, next to its field')
    t.equal(await form.locator('.form-error').textContent(), '', 'nothing at the form\'s foot')

    await form.locator('input[name=username]').fill(username)
    await form.locator('button').click()
    await signedIn.waitFor()
    t.equal(await page.locator('#header-username').textContent(), username)
    t.ok(await page.locator('#verify-banner').isVisible(), 'the address is not verified yet')
    t.equal(await usernameError.textContent(), '', 'the earlier error is gone')
  })

  await t.test('the verification link from the dev outbox verifies the address', async (t) => {
    const link = await newestMailedLink(app)
    t.ok(link.startsWith(`${spaOrigin}/verify-email#token=`), `the link leads to the SPA: ${link}`)
    await page.goto(link)
    await notice.filter({ hasText: 'verified' }).waitFor()
    await signedIn.waitFor() // a new page load: signed in again from the refresh cookie
    t.equal(new URL(page.url()).pathname + new URL(page.url()).hash, '/', 'the spent token is out of the address')
    t.notOk(await page.locator('#verify-banner').isVisible())
  })

  await t.test('the profile is edited', async (t) => {
    const form = page.locator('#profile-form')
    await form.locator('input[name=displayName]').fill('Ada Lovelace')
    await form.locator('textarea[name=bio]').fill('Notes on the Analytical Engine')
    await form.locator('button').click()
    await notice.filter({ hasText: 'saved' }).waitFor()
    t.equal(await page.locator('#header-username').textContent(), 'Ada Lovelace')
    const me = await app.inject({ method: 'GET', url: `/v1/users/${username}` })
    t.match(me.json(), { displayName: 'Ada Lovelace', bio: 'Notes on the Analytical Engine' })

    await form.locator('input[name=username]').fill('no spaces allowed')
    await form.locator('button').click()
    const usernameError = form.locator('.field-error[data-error-for="/username"]')
    await usernameError.filter({ hasText: /\S/ }).waitFor()
    t.pass(`an invalid username is shown at its field: ${await usernameError.textContent()}`)
    await form.locator('input[name=username]').fill(username)
    const saved = page.waitForResponse((response) => response.url().endsWith('/v1/me') &&
      response.request().method() === 'PATCH')
    await form.locator('button').click()
    t.equal((await saved).status(), 200)
    t.equal(await usernameError.textContent(), '', 'the error is gone once the field is right')
  })

  await t.test('an avatar is uploaded and shows', async (t) => {
    const avatar = page.locator('#avatar')
    const generated = await avatar.getAttribute('src')
    const png = await sharp({ create: { width: 200, height: 160, channels: 3, background: '#c026d3' } }).png().toBuffer()
    await page.locator('#avatar-input').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png })
    await page.waitForFunction((before) => {
      const { document } = globalThis as unknown as PageGlobals
      return document.querySelector('#avatar')?.getAttribute('src') !== before
    }, generated)
    t.match(await avatar.getAttribute('src'), `${apiOrigin}/v1/avatars/`)
    t.ok(await naturalWidth(avatar) > 0, 'the avatar decoded (naturalWidth > 0)')
    t.ok(await naturalWidth(page.locator('#header-avatar')) > 0, 'and in the header')
  })

  await t.test('files: an upload reports progress, thumbnails come through signed URLs', async (t) => {
    // Noise does not compress: about 1.4 MB, sent at 2 MB/s, so the bar has time to move.
    const noise = await sharp(randomBytes(700 * 700 * 3), { raw: { width: 700, height: 700, channels: 3 } })
      .png({ compressionLevel: 0 }).toBuffer()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2 * 1024 * 1024
    })
    await page.evaluate(() => {
      const globals = globalThis as unknown as PageGlobals
      globals.progressSeen = []
      const bar = globals.document.querySelector('#upload-progress')
      new globals.MutationObserver(() => {
        globals.progressSeen.push(Number(bar?.getAttribute('value')))
      }).observe(bar, { attributes: true })
    })
    await page.locator('#upload-input').setInputFiles([
      { name: 'noise.png', mimeType: 'image/png', buffer: noise },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('plain text, no thumbnail\n') }
    ])
    await page.locator('#upload-status').filter({ hasText: 'Uploaded 2 files' }).waitFor({ timeout: 60_000 })
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1
    })
    const seen = await page.evaluate(() => (globalThis as unknown as PageGlobals).progressSeen)
    t.ok(seen.some((value) => value > 0 && value < 1), `the bar moved through values between 0 and 1: ${seen.join(', ')}`)
    t.same(seen.filter((value, i) => i > 0 && value < seen[i - 1]), [], 'and never went back')

    const rows = page.locator('#file-list li')
    await rows.filter({ hasText: 'noise.png' }).waitFor()
    t.equal(await rows.count(), 2)
    const thumbnail = rows.filter({ hasText: 'noise.png' }).locator('img.thumbnail')
    t.equal(await naturalWidth(thumbnail), 96, 'the 96×96 variant, decoded')
    const src = new URL(await thumbnail.getAttribute('src') ?? '')
    t.equal(src.origin, apiOrigin)
    t.ok(src.searchParams.has('expires') && src.searchParams.has('sig'), `a signed URL: ${src.href}`)
    t.equal(await rows.filter({ hasText: 'notes.txt' }).locator('img.thumbnail').getAttribute('src'), null,
      'no thumbnail for text')
  })

  await t.test('the image playground renders a scene, shows its errors, and saves it as a file', async (t) => {
    await page.locator('#render').click()
    const rendered = page.locator('#rendered')
    await rendered.waitFor()
    t.match(await rendered.getAttribute('src'), /^blob:/)
    t.equal(await naturalWidth(rendered), 320, 'the starting scene is 320 px wide')

    await page.locator('#save-render').click()
    await page.locator('#render-status').filter({ hasText: 'Saved as image.png' }).waitFor()
    await page.locator('#file-list li').filter({ hasText: 'image.png' }).waitFor()
    // The README's picture: SPA_SCREENSHOT=docs/spa.png npx tap test/browser/spa.test.ts
    const screenshot = process.env.SPA_SCREENSHOT
    if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true })

    const scene = page.locator('#scene')
    const starting = await scene.inputValue()
    await scene.fill('{ "width": 0, "height": 10, "format": "png", "shapes": [] }')
    await page.locator('#render').click()
    await page.locator('#scene-error').filter({ hasText: '/width' }).waitFor()
    t.pass(`the problem names the field: ${await page.locator('#scene-error').textContent()}`)
    await scene.fill('{ not json')
    await page.locator('#render').click()
    await page.locator('#scene-error').filter({ hasText: 'Not JSON' }).waitFor()
    await scene.fill(starting)
  })

  await t.test('a reload stays signed in, and nothing secret is readable by scripts', async (t) => {
    await page.reload()
    await signedIn.waitFor()
    t.equal(await page.locator('#header-username').textContent(), 'Ada Lovelace')
    const readable = await page.evaluate(() => {
      const { document, localStorage, sessionStorage } = globalThis as unknown as {
        document: { cookie: string }, localStorage: { length: number }, sessionStorage: { length: number }
      }
      return { cookie: document.cookie, stored: localStorage.length + sessionStorage.length }
    })
    t.notMatch(readable.cookie, /refresh/i, 'the refresh cookie is HttpOnly')
    t.equal(readable.stored, 0, 'nothing in localStorage or sessionStorage')
  })

  await t.test('two tabs refreshing at the same moment both stay signed in', async (t) => {
    // Two tabs of a browser of their own share one session, so their refresh timers fire at the same moment;
    // on a slow network the rotated cookie lands long after both requests could have left. Without the tabs'
    // lock the second tab would replay a spent token, which revokes the session (REFRESH_REUSE_INTERVAL is 0).
    const tabs = await browser.newContext()
    t.teardown(async () => { await tabs.close() })
    const { page: first } = await watchedPage(t, tabs)
    await first.goto(spaOrigin)
    const login = first.locator('#login-form')
    await login.locator('input[name=login]').fill(username)
    await login.locator('input[name=password]').fill(PASSWORD)
    await login.locator('button').click()
    await first.locator('#signed-in').waitFor()
    const { page: second } = await watchedPage(t, tabs)
    await second.goto(spaOrigin)
    await second.locator('#signed-in').waitFor()
    for (const tab of [first, second]) {
      const cdp = await tabs.newCDPSession(tab)
      await cdp.send('Network.enable')
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency: 300, downloadThroughput: -1, uploadThroughput: -1
      })
    }

    // Taking Web Locks away from this context (navigator.locks undefined) makes both tabs send at the same
    // millisecond here, and one of them is answered 401.
    const refreshes: number[] = []
    tabs.on('response', (response) => {
      if (response.url().endsWith('/v1/auth/refresh')) refreshes.push(response.status())
    })
    // Two rounds of the timers (each at half the lifetime), however slow the machine.
    for (let waited = 0; refreshes.length < 2 && waited < 10 * ACCESS_TOKEN_TTL * 1000; waited += 100) {
      await first.waitForTimeout(100)
    }
    t.ok(refreshes.length >= 2, `the timers refreshed: ${refreshes.join(', ')}`)
    t.notOk(refreshes.includes(401), 'no refresh was refused')
    for (const tab of [first, second]) {
      await tab.reload()
      await tab.locator('#session-list li.current').waitFor()
    }
    t.pass('both tabs are signed in, after a reload too')
    await first.locator('#sign-out').click()
    await second.locator('#signed-out').waitFor() // signing out in one tab signs out the others
  })

  await t.test('sessions: another device is listed, then signed out', async (t) => {
    const other = await app.inject({
      method: 'POST', url: '/v1/auth/login', payload: { login: email, password: PASSWORD }
    })
    t.equal(other.statusCode, 200)
    await page.reload()
    await signedIn.waitFor()
    const rows = page.locator('#session-list li')
    await rows.nth(1).waitFor()
    t.equal(await rows.count(), 2)
    t.equal(await page.locator('#session-list li.current').count(), 1)
    await page.locator('#sign-out-others').click()
    await page.waitForFunction(() => {
      const { document } = globalThis as unknown as PageGlobals
      return document.querySelector('#session-list li:nth-child(2)') === null
    })
    const refused = await app.inject({
      method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: other.json().refreshToken }
    })
    t.equal(refused.statusCode, 401, 'the other device\'s refresh token is dead')
    t.ok(await signedIn.isVisible(), 'this one is still signed in')
  })

  await t.test('signing out clears the page; signing in brings it back', async (t) => {
    await page.locator('#sign-out').click()
    await signedOut.waitFor()
    t.notOk(await signedIn.isVisible())
    t.equal(await page.locator('#file-list li').count(), 0, 'no files left on the page')
    t.equal(await page.locator('#profile-form input[name=username]').inputValue(), '', 'no profile left in the form')
    t.equal(await page.locator('#avatar').getAttribute('src'), null)
    await page.reload()
    await signedOut.waitFor()
    t.pass('a reload stays signed out: the cookie is gone')

    const form = page.locator('#login-form')
    await form.locator('input[name=login]').fill(username)
    await form.locator('input[name=password]').fill('not the password')
    await form.locator('button').click()
    await form.locator('.form-error').filter({ hasText: /\S/ }).waitFor()
    await form.locator('input[name=password]').fill(PASSWORD)
    await form.locator('button').click()
    await signedIn.waitFor()
    await page.locator('#file-list li').nth(2).waitFor()
    t.equal(await page.locator('#file-list li').count(), 3, 'the files are back')
    await page.locator('#sign-out').click()
    await signedOut.waitFor()
  })

  await t.test('a password reset through its mailed link', async (t) => {
    const form = page.locator('#forgot-form')
    await form.locator('input[name=email]').fill(email)
    await form.locator('button').click()
    await notice.filter({ hasText: 'on its way' }).waitFor()
    let link = ''
    await t.resolves((async () => {
      for (let tries = 0; !link.includes('/reset-password'); tries++) {
        if (tries === 50) throw new Error(`no reset link; the newest is ${link}`)
        await new Promise((resolve) => setTimeout(resolve, 100)) // mailed after the answer
        link = await newestMailedLink(app)
      }
    })())
    t.ok(link.startsWith(`${spaOrigin}/reset-password#token=`), link)
    await page.goto(link)
    const reset = page.locator('#reset-form')
    await reset.locator('input[name=newPassword]').fill('short')
    await reset.locator('button').click()
    await reset.locator('.field-error[data-error-for="/newPassword"]').filter({ hasText: /\S/ }).waitFor()
    await reset.locator('input[name=newPassword]').fill(`${PASSWORD} again`)
    await reset.locator('button').click()
    await notice.filter({ hasText: 'password is changed' }).waitFor()
    t.equal(new URL(page.url()).pathname, '/')
    const login = page.locator('#login-form')
    await login.locator('input[name=login]').fill(email)
    await login.locator('input[name=password]').fill(`${PASSWORD} again`)
    await login.locator('button').click()
    await signedIn.waitFor()
    t.pass('signed in with the new password')
  })

  // Chromium logs every 4xx answer as a console error; those the flow asked for are expected.
  const unexpected = problems().filter((problem) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(problem))
  t.same(unexpected, [], 'no other console errors, no uncaught errors, no CSP violations')
})
