import type { FastifyInstance } from 'fastify'

export interface PeriodicTask {
  /** What the task does, for the log line when it fails ("sweep upload leftovers"). */
  name: string
  intervalMs: number
  task: () => Promise<void>
}

/**
 * Runs `task` when the app is ready and every `intervalMs` after, until it closes.
 * A failing run is logged, never thrown (the next one may succeed), and the timer
 * never holds the process open. Returns the scheduled function.
 */
export function runPeriodically (app: FastifyInstance, { name, intervalMs, task }: PeriodicTask): () => Promise<void> {
  const run = async () => {
    try {
      await task()
    } catch (error) {
      app.log.error({ err: error }, `could not ${name}`)
    }
  }
  let timer: NodeJS.Timeout | undefined
  app.addHook('onReady', async function startPeriodicTask () {
    await run()
    timer = setInterval(run, intervalMs).unref()
  })
  app.addHook('onClose', async function stopPeriodicTask () { clearInterval(timer) })
  return run
}
