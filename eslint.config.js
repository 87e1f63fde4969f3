import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'coverage/**', 'src/generated/**', '.tap/**', 'test/.tmp/**'] })
]
