// Fonts: a private fontconfig per process, the start-up self-check that refuses
// to draw tofu, the render processes drawing with the same fonts, and the font
// fingerprint in every ETag.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import sharp from 'sharp'
import t, { type Test } from 'tap'
import { checkFonts, missingGlyphs } from '../../../src/features/images/font-check.js'
import {
  computeFontFingerprint, configureFonts, FONT_NAMES, fontFingerprint, releaseFonts, writeFontConfig
} from '../../../src/features/images/fonts.js'
import { etagFor } from '../../../src/features/images/renderer.js'
import { createRenderProcesses } from '../../../src/features/images/render-processes.js'
import { SEED_SCENE } from '../../../src/features/images/schemas.js'
import { sceneToSvg } from '../../../src/features/images/svg.js'
import { build } from '../../helpers/build.js'
import { runModule, src } from '../../helpers/font-process.js'

function scratch (t: Test) {
  const dir = mkdtempSync(join(tmpdir(), 'fonts-test-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

t.test('configureFonts: one private 0700 folder per process, shared by its apps, gone with the last release', async (t) => {
  const file = configureFonts()
  t.equal(configureFonts(), file, 'a second app in the same process shares it')
  t.equal(process.env.FONTCONFIG_FILE, file)
  t.equal(statSync(dirname(file)).mode & 0o777, 0o700)
  t.ok(dirname(file).startsWith(join(tmpdir(), 'userbase-api-fonts-')), 'under the temp dir')
  releaseFonts()
  t.ok(existsSync(file), 'still used by the other')
  releaseFonts()
  t.notOk(existsSync(dirname(file)), 'removed with the last release')
  t.equal(process.env.FONTCONFIG_FILE, undefined)
  releaseFonts() // one too many: harmless
  const next = configureFonts()
  t.not(next, file, 'a later configuration gets a fresh folder')
  releaseFonts()
})

t.test('the self-check passes with the shipped fonts, and recognises a missing glyph as one', async (t) => {
  configureFonts()
  t.teardown(releaseFonts)
  const started = performance.now()
  await checkFonts()
  t.pass(`Latin, Hangul and Chinese are real glyphs (${Math.round(performance.now() - started)} ms)`)
  t.same(await missingGlyphs(['a', '가', '中', 'Z', '한', '字']), [], 'other letters are not mistaken for boxes')
  t.same(await missingGlyphs(['\u{F0000}', '\u{10FFFD}']), ['\u{F0000}', '\u{10FFFD}'], 'characters no font has are boxes')
  t.same(await missingGlyphs([' ']), [' '], 'no ink at all counts as missing')
})

t.test('the self-check fails when fontconfig finds no CJK font', async (t) => {
  const latinOnly = writeFontConfig(scratch(t), ['sans'])
  const { lines, code } = await runModule(t, `
    import { checkFonts } from ${src('features/images/font-check.ts')}
    await checkFonts().then(() => console.log('passed'), (error) => console.log(error.message))
  `, { FONTCONFIG_FILE: latinOnly })
  t.equal(code, 0)
  t.match(lines.join('\n'), /^Font self-check failed: Hangul \(가\), Chinese \(中\) would be drawn as missing-glyph boxes/)
  t.notMatch(lines.join('\n'), /Latin/, 'Latin is drawn')
})

t.test('the images plugin refuses to start in a process whose fonts draw tofu', async (t) => {
  const latinOnly = writeFontConfig(scratch(t), ['sans'])
  const uploads = join(scratch(t), 'uploads')
  const { lines, stderr } = await runModule(t, `
    import Fastify from 'fastify'
    import fp from 'fastify-plugin'
    import { createMetrics } from ${src('metrics/registry.ts')}
    import { missingGlyphs } from ${src('features/images/font-check.ts')}
    import { loadConfig } from ${src('config.ts')}
    import configPlugin from ${src('plugins/config.ts')}
    import mediaPlugin from ${src('media/plugin.ts')}
    import imagesPlugin from ${src('features/images/plugin.ts')}
    await missingGlyphs(['a']) // fontconfig now holds the Latin-only configuration for good
    const config = loadConfig({
      NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(48), DATABASE_URL: 'file:/nowhere.db', UPLOAD_DIR: ${JSON.stringify(uploads)}
    })
    const app = Fastify()
    app.register(configPlugin, { config, now: () => new Date() })
    // The metrics the media layer reports to, without the request hooks (and their plugins) of the real one.
    app.register(fp(async (app) => { app.decorate('metrics', createMetrics()) }, { name: 'metrics' }))
    app.register(mediaPlugin)
    app.register(imagesPlugin)
    await app.ready().then(() => console.log('ready'), (error) => console.log(error.message))
    console.log(process.env.FONTCONFIG_FILE ?? 'released')
  `, { FONTCONFIG_FILE: latinOnly })
  t.match(lines[0], /^Font self-check failed: Hangul \(가\), Chinese \(中\)/, `start-up fails with a clear error ${stderr}`)
  t.equal(lines[1], 'released', 'and leaves no font folder behind')
})

t.test('render processes draw with the fontconfig file they are given', async (t) => {
  const svg = sceneToSvg({ width: 120, height: 48, format: 'png', background: 'white', shapes: [{ type: 'text', x: 4, y: 38, text: '한글中文', fontSize: 28 }] }, { maxTextChars: 100 })
  const draw = async (fontConfigFile: string) => {
    const processes = createRenderProcesses({ size: 1, timeoutMs: 30_000, fontConfigFile })
    try {
      return (await sharp((await processes.render({ svg, format: 'png', quality: 80 })).data).raw().toBuffer())
    } finally {
      processes.close()
    }
  }
  const dir = scratch(t)
  const all = await draw(writeFontConfig(join(dir, 'all')))
  const latinOnly = await draw(writeFontConfig(join(dir, 'latin'), ['sans']))
  t.notOk(all.equals(latinOnly), 'the Latin-only child draws other pixels (tofu)')
  t.ok(all.equals(await draw(writeFontConfig(join(dir, 'again')))), 'the same fonts draw the same pixels')
})

t.test('the font fingerprint is part of every ETag', async (t) => {
  t.match(fontFingerprint(), /^[0-9a-f]{16}$/)
  t.equal(fontFingerprint(), computeFontFingerprint(FONT_NAMES), 'computed once, from the shipped font files')
  t.not(computeFontFingerprint(['sans']), computeFontFingerprint(), 'another font set has another fingerprint')
  t.not(etagFor('a')(SEED_SCENE), etagFor('b')(SEED_SCENE), 'the same scene under other fonts has another ETag')
  t.equal(etagFor('a')(SEED_SCENE), etagFor('a')(SEED_SCENE))
  const app = await build(t)
  t.equal(app.images.etagOf(SEED_SCENE), etagFor(fontFingerprint())(SEED_SCENE), 'the app\'s ETags use the shipped fonts\' fingerprint')
})
