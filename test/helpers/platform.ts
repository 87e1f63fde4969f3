// Checks shared by the platform tests (errors, headers, limits, logs) and the property test.
import { Value } from '@sinclair/typebox/value'
import type { LightMyRequestResponse } from 'fastify'
import type { Test } from 'tap'
import { FieldErrorSchema, ProblemSchema, type ProblemDocument } from '../../src/schemas.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'

/** The headers helmet sends on every answer (the docs page changes only the CSP). */
export const HELMET_HEADERS = [
  'content-security-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster',
  'referrer-policy', 'x-content-type-options', 'x-dns-prefetch-control', 'x-download-options', 'x-frame-options',
  'x-permitted-cross-domain-policies', 'x-xss-protection'
]

const PROBLEM_KEYS = new Set(['type', 'title', 'status', 'detail', 'code', 'requestId', 'errors', 'errorsTotal'])
const JSON_POINTER = /^(\/([^~/]|~[01])*)+$/

interface Response { statusCode: number, headers: Record<string, unknown>, body: string }

/**
 * What is wrong with an error answer as an RFC 9457 problem document, or [] when nothing is.
 * HEAD answers carry no body, so only their headers are checked.
 */
export function problemFaults (response: Response, method = 'GET'): string[] {
  const faults: string[] = []
  if (String(response.headers['content-type']) !== PROBLEM_CONTENT_TYPE) faults.push(`content-type is ${String(response.headers['content-type'])}`)
  const requestId = response.headers['x-request-id']
  if (typeof requestId !== 'string' || requestId === '') faults.push('no x-request-id header')
  if (method === 'HEAD') return faults
  let body: ProblemDocument
  try {
    body = JSON.parse(response.body)
  } catch {
    return [...faults, `body is not JSON: ${response.body.slice(0, 100)}`]
  }
  if (!Value.Check(ProblemSchema, [FieldErrorSchema], body)) return [...faults, `body does not match the Problem schema: ${response.body.slice(0, 200)}`]
  for (const key of Object.keys(body)) if (!PROBLEM_KEYS.has(key)) faults.push(`unexpected property ${key}`)
  if (!/^[a-z]+(_[a-z]+)*$/.test(body.code)) faults.push(`code ${body.code} is not snake_case`)
  if (body.type !== `/problems/${body.code}`) faults.push(`type ${body.type} does not match code ${body.code}`)
  if (body.status !== response.statusCode) faults.push(`status ${body.status} differs from ${response.statusCode}`)
  if (body.title === '' || body.detail === '') faults.push('empty title or detail')
  if (body.requestId !== requestId) faults.push(`requestId ${body.requestId} differs from the header ${String(requestId)}`)
  for (const error of body.errors ?? []) {
    if (!JSON_POINTER.test(error.path)) faults.push(`errors[].path ${error.path} is not a JSON Pointer`)
  }
  return faults
}

/** Asserts a problem answer with this status and code, and returns its body. */
export function assertProblem (
  t: Test,
  response: LightMyRequestResponse,
  status: number,
  code: string,
  label = code
): ProblemDocument {
  t.equal(response.statusCode, status, `${label}: status ${status}`)
  t.same(problemFaults(response), [], `${label}: a well-formed problem document`)
  const body = response.json<ProblemDocument>()
  t.equal(body.code, code, `${label}: code ${code}`)
  t.equal(body.type, `/problems/${code}`, `${label}: type`)
  return body
}

/** Parsed JSON log lines. */
export function logLines (logs: string[]): Array<Record<string, unknown>> {
  return logs.join('').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line))
}

export const jsonHeaders = { 'content-type': 'application/json' }
