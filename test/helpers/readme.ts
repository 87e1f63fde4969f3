// The README's examples as data, so a test runs what a reader copies.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { root } from './server-process.js'

/** The README's section under `## heading`, up to the next `## ` heading. */
export function readmeSection (heading: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const start = readme.indexOf(`\n## ${heading}\n`)
  if (start === -1) throw new Error(`README.md has no section "## ${heading}"`)
  const end = readme.indexOf('\n## ', start + 1)
  return readme.slice(start, end === -1 ? undefined : end)
}

/** The bodies of the ```sh fences in `markdown`, in order. */
export function shellBlocks (markdown: string): string[] {
  return [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((match) => match[1])
}
