// The results table (markdown, pasted as is into BENCHMARKS.md) and the machine description.
import { readFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, release, totalmem, type } from 'node:os'
import type { Measure } from './load.js'

export interface Row {
  scenario: string
  measure?: Measure
  baseline?: { name: string, measure: Measure }
  /** App req/s over baseline req/s. */
  ratio?: number
  target?: string
  met?: boolean
  /** The load generator and its settings (wrk pinned, or autocannon). */
  driver?: string
  note?: string
}

export interface Machine {
  cpuModel: string
  cpus: number
  memoryGiB: number
  node: string
  os: string
  loadAverage: number[]
}

export function describeMachine (): Machine {
  let cpuModel = cpus()[0]?.model ?? 'unknown'
  try {
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpuModel
  } catch {}
  return {
    cpuModel,
    cpus: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30 * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100)
  }
}

const whole = (value: number | undefined) => value === undefined ? '' : Math.round(value).toLocaleString('en-US')
const ms = (value: number | undefined) => value === undefined ? '' : String(Math.round(value * 10) / 10)

export function markdownTable (rows: Row[]): string {
  const lines = [
    '| scenario | req/s | p50 ms | p99 ms | baseline | baseline req/s | baseline p99 ms | ratio | target | met | driven by |',
    '|---|---:|---:|---:|---|---:|---:|---:|---|---|---|'
  ]
  for (const row of rows) {
    const cells = [
      row.note === undefined ? row.scenario : `${row.scenario} (${row.note})`,
      whole(row.measure?.reqPerSec),
      ms(row.measure?.p50),
      ms(row.measure?.p99),
      row.baseline?.name ?? '',
      whole(row.baseline?.measure.reqPerSec),
      ms(row.baseline?.measure.p99),
      row.ratio === undefined ? '' : `${Math.round(row.ratio * 100)}%`,
      row.target ?? '',
      row.met === undefined ? '' : row.met ? 'yes' : '**no**',
      row.driver ?? ''
    ]
    lines.push(`| ${cells.join(' | ')} |`)
  }
  return lines.join('\n')
}

export function machineLine (machine: Machine): string {
  return `${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}, load average ${machine.loadAverage.join(' ')}`
}
