// The fonts text is drawn with come from npm packages (installed by `npm ci`),
// never from the operating system: librsvg finds them through a fontconfig
// file of our own, so a fresh machine draws Hangul and Han, not tofu boxes.
// Each process writes its own file in a private folder: a file shared by every
// copy of the app on the machine pointed at whichever copy wrote it last, and
// drew tofu once that copy's node_modules was removed.
import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'

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

/**
 * A fontconfig file naming only `names`' folders. fontconfig writes its cache to
 * the first of `cacheDirs` it can and reads from all of them.
 */
export function writeFontConfig (
  folder: string,
  names: FontName[] = FONT_NAMES,
  cacheDirs = [join(folder, 'cache')]
): string {
  mkdirSync(join(folder, 'cache'), { recursive: true })
  const dirs = names.flatMap(fontDirs).map((dir) => `  <dir>${escapeXml(dir)}</dir>`)
  const file = join(folder, 'fonts.conf')
  writeFileSync(file, [
    '<?xml version="1.0"?>',
    '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
    '<fontconfig>',
    ...dirs,
    ...cacheDirs.map((dir) => `  <cachedir>${escapeXml(dir)}</cachedir>`),
    '</fontconfig>',
    ''
  ].join('\n'))
  return file
}

/**
 * Scanning the fonts costs about 0.2 s per process without a cache. The cache
 * lives beside the fonts it describes (gone with them) when node_modules is
 * writable; else each process scans into its private folder.
 */
function sharedCacheDirs (): string[] {
  const nodeModules = join(dirname(require.resolve(`${FONTS.sans.npm}/package.json`)), '..', '..')
  const dir = join(nodeModules, '.cache', 'userbase-api-fontconfig')
  try {
    mkdirSync(dir, { recursive: true })
    return [dir]
  } catch {
    return []
  }
}

let current: { file: string, users: number, remove: () => void } | undefined

/**
 * Points this process, and the render processes it starts, at a fontconfig file
 * in a private folder (mode 0700) under the temp dir. fontconfig reads
 * FONTCONFIG_FILE once, when the first text is laid out, so this runs when the
 * image feature loads, before any render. Each call is paired with
 * `releaseFonts()`; the folder goes with the last release, or at exit.
 */
export function configureFonts (): string {
  if (current === undefined) {
    const folder = mkdtempSync(join(tmpdir(), 'userbase-api-fonts-'))
    chmodSync(folder, 0o700) // mkdtemp's default, stated: nobody else may swap the file
    const remove = () => rmSync(folder, { recursive: true, force: true })
    process.once('exit', remove)
    current = {
      file: writeFontConfig(folder, FONT_NAMES, [...sharedCacheDirs(), join(folder, 'cache')]),
      users: 0,
      remove
    }
  }
  current.users++
  process.env.FONTCONFIG_FILE = current.file
  return current.file
}

export function releaseFonts (): void {
  if (current === undefined || --current.users > 0) return
  process.removeListener('exit', current.remove)
  current.remove()
  if (process.env.FONTCONFIG_FILE === current.file) delete process.env.FONTCONFIG_FILE
  current = undefined
}

/**
 * A digest of `names`' font files (package, folder, file name, size): part of every ETag, so other fonts never
 * reuse old bytes.
 */
export function computeFontFingerprint (names: FontName[] = FONT_NAMES): string {
  const hash = createHash('sha256')
  for (const name of names) {
    for (const dir of fontDirs(name).sort()) {
      for (const file of readdirSync(dir).sort()) {
        hash.update(`${FONTS[name].npm}/${basename(dir)}/${file}:${statSync(join(dir, file)).size}\n`)
      }
    }
  }
  return hash.digest('hex').slice(0, 16)
}

let fingerprint: string | undefined
/** The shipped fonts' fingerprint, computed once per process. */
export const fontFingerprint = (): string => (fingerprint ??= computeFontFingerprint())

/** The CSS font-family list for a text shape: the chosen family first, the others as fallbacks. */
export function fontFamily (name: FontName): string {
  return [FONTS[name].family, ...FONT_NAMES.filter((other) => other !== name).map((other) => FONTS[other].family)]
    .map((family) => `'${family}'`).join(', ')
}
