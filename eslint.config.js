import neostandard from 'neostandard'

// Layers: features use media/, plugins/ and the shared modules, never one
// another; the shared layers never reach up into a feature.
const siblingFeature = {
  regex: '^\\.\\./(?!\\.\\.)[^/]+/',
  message: 'A feature imports media/, plugins/ and the shared modules, never another feature: move what both need into a shared layer.'
}
const anyFeature = {
  regex: '(^|/)features/',
  message: 'Shared layers do not depend on features: a feature registers with them instead (see media/sweeper.ts).'
}

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'examples/*/dist/**', 'coverage/**', 'src/generated/**', '.tap/**', 'test/.tmp/**', 'client/src/schema.d.ts'] }),
  {
    files: ['src/features/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [siblingFeature] }] }
  },
  {
    files: ['src/media/**/*.ts', 'src/mail/**/*.ts', 'src/audit/**/*.ts', 'src/plugins/**/*.ts', 'src/storage/**/*.ts', 'src/db/**/*.ts', 'src/accounts.ts', 'src/schemas.ts', 'src/errors.ts', 'src/config.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [anyFeature] }] }
  },
  // Lines stay under about 120 characters; strings, URLs and regexes may run longer.
  {
    rules: {
      '@stylistic/max-len': ['error', {
        code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true
      }]
    }
  }
]
