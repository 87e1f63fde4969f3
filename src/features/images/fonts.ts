// The fonts text is drawn with come from npm packages (installed by `npm ci`),
// never from the operating system: librsvg finds them through a fontconfig
// file of our own, so a fresh machine draws Hangul and Han, not tofu boxes.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir, userInfo } from 'node:os'
import { dirname, join } from 'node:path'

/** The `font` values a text shape takes, and the family each names. */
export const FONTS = {
  sans: { family: 'Noto Sans', npm: '@expo-google-fonts/noto-sans' },
  'sans-kr': { family: 'Noto Sans KR', npm: '@expo-google-fonts/noto-sans-kr' },
  'sans-sc': { family: 'Noto Sans SC', npm: '@expo-google-fonts/noto-sans-sc' }
} as const
export type FontName = keyof typeof FONTS
export const FONT_NAMES = Object.keys(FONTS) as FontName[]

const require = createRequire(import.meta.url)

/** The folders holding a package's upright TTF files (one per weight). */
export function fontDirs (name: FontName): string[] {
  const root = dirname(require.resolve(`${FONTS[name].npm}/package.json`))
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d00[A-Za-z]+$/.test(entry.name))
    .map((entry) => join(root, entry.name))
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** A fontconfig file naming only `names`' folders, with a cache folder of its own. */
export function writeFontConfig (folder: string, names: FontName[] = FONT_NAMES): string {
  mkdirSync(join(folder, 'cache'), { recursive: true })
  const dirs = names.flatMap(fontDirs).map((dir) => `  <dir>${escapeXml(dir)}</dir>`)
  const file = join(folder, 'fonts.conf')
  writeFileSync(file, [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    ...dirs,
    `  <cachedir>${escapeXml(join(folder, 'cache'))}</cachedir>`,
    '</fontconfig>',
    ''
  ].join('\n'))
  return file
}

let configured: string | undefined

/**
 * Points fontconfig at our fonts. fontconfig reads FONTCONFIG_FILE once, when
 * the first text is laid out, so this runs when the image feature loads,
 * before any render. Idempotent.
 */
export function configureFonts (): string {
  configured ??= (process.env.FONTCONFIG_FILE = writeFontConfig(join(tmpdir(), `userbase-api-fonts-${userInfo().uid}`)))
  return configured
}

/** The CSS font-family list for a text shape: the chosen family first, the others as fallbacks. */
export function fontFamily (name: FontName): string {
  return [FONTS[name].family, ...FONT_NAMES.filter((other) => other !== name).map((other) => FONTS[other].family)]
    .map((family) => `'${family}'`).join(', ')
}
