// Module code run in a child process through tsx: fontconfig reads its
// configuration once per process, so another font set needs another process.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Test } from 'tap'

/** An absolute `import` specifier for a source file, e.g. `src('features/images/fonts.ts')`. */
export const src = (path: string) => JSON.stringify(new URL(`../../src/${path}`, import.meta.url).href)

const tsx = import.meta.resolve('tsx')
const scratchRoot = new URL('../.tmp/', import.meta.url).pathname
// The children's lines are the subject of these tests, not of tap's coverage (whose maps would not merge).
const childEnv = { PATH: process.env.PATH ?? '', _TAPJS_PROCESSINFO_COVERAGE_: '0' }

export interface ModuleProcess {
  child: ChildProcess
  /** The next line the child prints on stdout. */
  line: () => Promise<string>
  /** Resolves with the exit code and everything printed on stderr. */
  exited: Promise<{ code: number | null, stderr: string }>
}

/** Starts `code` (an ES module written to a test folder) in a child process with `env`. */
export function startModule (t: Test, code: string, env: Record<string, string> = {}): ModuleProcess {
  // Inside the project, so that the child's bare imports ('fastify') resolve.
  mkdirSync(scratchRoot, { recursive: true })
  const dir = mkdtempSync(join(scratchRoot, 'font-process-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const script = join(dir, 'child.mts')
  writeFileSync(script, code)
  const child = spawn(process.execPath, ['--import', tsx, script], { env: { ...childEnv, TMPDIR: tmpdir(), ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]()
  const exited = once(child, 'exit').then(([code]) => ({ code: code as number | null, stderr }))
  return {
    child,
    exited,
    async line () {
      const next = await lines.next()
      if (next.done === true) throw new Error(`the child printed no more lines: ${(await exited).stderr}`)
      return next.value
    }
  }
}

/** Runs `code` to its end; resolves with its stdout lines, exit code and stderr. */
export async function runModule (t: Test, code: string, env: Record<string, string> = {}) {
  const started = startModule(t, code, env)
  const out: string[] = []
  for (;;) {
    try {
      out.push(await started.line())
    } catch {
      break
    }
  }
  return { lines: out, ...(await started.exited) }
}
