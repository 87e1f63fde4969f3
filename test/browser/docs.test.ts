// The docs UI (/docs) in a real Chromium, as a newcomer uses it: the page renders under its CSP, "Try it out"
// signs up with the pre-filled example, Authorize takes the token, /v1/me answers, and an image answer shows.
import type { Locator, Page } from 'playwright-core'
import t from 'tap'
import { appOnLocalhost, browserOrSkip, watchedPage } from '../helpers/browser.js'

/** The <img> properties read in the page (the project's types have no DOM library). */
interface LoadingImage {
  complete: boolean
  naturalWidth: number
  addEventListener: (type: 'load', listener: () => void, options: { once: true }) => void
}

/** Opens an operation, presses "Try it out", lets `fill` set its inputs, executes, and returns its live answer. */
async function tryItOut (page: Page, operationId: string,
  fill: (operation: Locator) => Promise<void> = async () => {}) {
  const operation = page.locator(`#${operationId}`)
  await operation.locator('.opblock-summary').click()
  await operation.locator('button.try-out__btn').click()
  await fill(operation)
  await operation.locator('button.execute').click()
  const answer = operation.locator('.responses-wrapper .live-responses-table .response')
  await answer.locator('.response-col_status').waitFor()
  return {
    status: async () => (await answer.locator('.response-col_status').textContent())?.trim(),
    bodyText: async () => await answer.locator('.response-col_description .highlight-code pre').first().textContent(),
    answer
  }
}

t.test('the docs UI in Chromium', async (t) => {
  const browser = await browserOrSkip(t)
  if (browser === undefined) return
  const { origin } = await appOnLocalhost(t)
  const { page, problems } = await watchedPage(t, browser)
  page.setDefaultTimeout(30_000)

  await t.test('/docs renders the operations under its CSP', async (t) => {
    await page.goto(`${origin}/docs`)
    await page.locator('#operations-auth-signup').waitFor()
    t.match(await page.locator('.information-container .info .title').textContent(), /^Userbase API/)
    t.ok(await page.locator('.opblock').count() > 40, 'the operations are listed')
    t.same(problems(), [], 'no console errors, no CSP violations')
  })

  await t.test('"Try it out": signup with the example, Authorize with its token, then /v1/me', async (t) => {
    const signup = await tryItOut(page, 'operations-auth-signup')
    t.equal(await signup.status(), '201')
    const { accessToken, user } = JSON.parse(await signup.bodyText() ?? '{}')
    t.equal(user?.username, 'river_4821', 'the pre-filled example user')

    await page.locator('.scheme-container button.btn.authorize').click()
    const bearerAuth = page.locator('.dialog-ux .auth-container').filter({ hasText: 'bearerAuth' })
    await bearerAuth.locator('input').fill(accessToken)
    await bearerAuth.locator('button.authorize').click()
    await bearerAuth.locator('button[aria-label="Remove authorization"]').waitFor() // the UI holds the token now
    await page.locator('.dialog-ux button.close-modal').click()

    const me = await tryItOut(page, 'operations-users-getMe')
    t.equal(await me.status(), '200')
    t.match(JSON.parse(await me.bodyText() ?? '{}'), { username: 'river_4821' })
  })

  await t.test('an image answer shows as an <img> (blob: URL, allowed by the CSP)', async (t) => {
    const placeholder = await tryItOut(page, 'operations-images-placeholderImage', async (operation) => {
      await operation.locator('tr[data-param-name="width"] input').fill('64')
      await operation.locator('tr[data-param-name="height"] input').fill('48')
      const format = operation.locator('tr[data-param-name="format"] select')
      const formats = await format.locator('option').allTextContents()
      if (!formats.includes('png')) throw new Error(`the format select offers ${JSON.stringify(formats)}, not png (an anyOf of one-value enums shows its first branch only)`)
      await format.selectOption('png')
    })
    t.equal(await placeholder.status(), '200')
    const image = placeholder.answer.locator('.response-col_description img')
    t.match(await image.getAttribute('src'), /^blob:/)
    const naturalWidth = await image.evaluate(async (element) => {
      const img = element as unknown as LoadingImage
      if (!img.complete) await new Promise<void>((resolve) => { img.addEventListener('load', resolve, { once: true }) })
      return img.naturalWidth
    })
    t.equal(naturalWidth, 64)
  })

  t.same(problems(), [], 'no console errors, no CSP violations in the whole session')
})
