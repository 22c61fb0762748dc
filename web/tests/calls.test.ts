// The helpers over the typed client (lib/calls.ts) against a fetch that answers as the server does:
// a write that goes on as a job, a job that fails, a paged list read to its end or to a limit.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { api } from '../src/api/client'
import { ApiError, fetchFile } from '../src/lib/api'
import { paperRequest } from '../src/lib/procedure'
import { fetchAllPages, settle, waitForJob } from '../src/lib/calls'

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

/** A fetch answering each call from the list in turn, recording the URLs asked. */
function serve(...answers: Response[]) {
  const urls: string[] = []
  vi.stubGlobal('fetch', vi.fn(async (url: string) => { urls.push(url); return answers.shift() ?? json({}, 500) }))
  return urls
}

afterEach(() => { vi.unstubAllGlobals() })

const body = { year: 2025, reference_date: '2025-10-01' }
const round = { id: 7, year: 2025, households: 3 }

describe('settle', () => {
  it('answers the reply itself when the work was done at once', async () => {
    const urls = serve(json(round, 201))
    const progress: number[] = []
    const r = await settle(api.rounds.create.reply(body), (p) => progress.push(p))
    expect(r).toEqual(round)
    expect(progress).toEqual([1])
    expect(urls).toEqual(['/api/v1/rounds'])
  })
  it('follows a 202 at /jobs/{id} until the job is done, and answers its result', async () => {
    const job = (state: string, progress: number, result?: unknown) => ({ id: 'j 1', state, progress, result })
    const urls = serve(json({ job: job('running', 0) }, 202), json(job('running', 0.5)), json(job('done', 1, round)))
    const progress: number[] = []
    const r = await settle(api.rounds.create.reply(body), (p) => progress.push(p))
    expect(r).toEqual(round)
    expect(progress).toEqual([0.5, 1])
    expect(urls.slice(1)).toEqual(['/api/v1/jobs/j%201', '/api/v1/jobs/j%201'])
  })
})

describe('waitForJob', () => {
  it('throws the error of a failed job, in the words the server gave', async () => {
    serve(json({ id: '2', state: 'failed', progress: 0.3, error: { code: 'internal', message: 'Tệp hỏng.' } }))
    const failure = waitForJob('2', () => undefined, 0)
    await expect(failure).rejects.toBeInstanceOf(ApiError)
    await expect(failure).rejects.toThrow('Tệp hỏng.')
  })
  it('throws a refusal as the operation would have answered it without a job: its status and what is beside the error', async () => {
    const problems = [{ file: 'ho.csv', row: 3, column: 'unit_code', message: 'mã đơn vị "1" không có trong danh mục đơn vị hành chính' }]
    serve(json({ id: '3', state: 'failed', progress: 1, status: 422, error: { code: 'invalid_import', message: 'Tệp có 1 lỗi; không có dữ liệu nào được ghi.' }, problems, households: 2, members: 5, dry_run: true }))
    const failure = await waitForJob('3', () => undefined, 0).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(ApiError)
    const e = failure as ApiError
    expect([e.status, e.code, e.message]).toEqual([422, 'invalid_import', 'Tệp có 1 lỗi; không có dữ liệu nào được ghi.'])
    expect(e.body.problems).toEqual(problems)
    expect([e.body.households, e.body.members]).toEqual([2, 5])
  })
})

describe('fetchAllPages', () => {
  const page = (total: number, ids: string[]) => json({ total, page: 1, page_size: 2, round: null, items: ids.map((household_id) => ({ household_id })) })
  it('reads the pages in turn, with the query of the list, until the total', async () => {
    const urls = serve(page(3, ['a', 'b']), page(3, ['c']))
    const seen: [number, number][] = []
    const r = await fetchAllPages(api.households.list, { village: 'Làng Sao' }, (done, all) => seen.push([done, all]), 100, 2)
    expect(r.items.map((h) => h.household_id)).toEqual(['a', 'b', 'c'])
    expect(r.total).toBe(3)
    expect(seen).toEqual([[2, 3], [3, 3]])
    expect(urls).toEqual(['/api/v1/households?village=L%C3%A0ng+Sao&page=1&page_size=2', '/api/v1/households?village=L%C3%A0ng+Sao&page=2&page_size=2'])
  })
  it('stops at the limit, and tells the whole total', async () => {
    serve(page(10, ['a', 'b']), page(10, ['c', 'd']))
    const r = await fetchAllPages(api.households.list, {}, () => undefined, 3, 2)
    expect(r.items.map((h) => h.household_id)).toEqual(['a', 'b', 'c'])
    expect(r.total).toBe(10)
  })
})

describe('fetchFile', () => {
  const url = paperRequest(2, 'recognition-decision', 'docx', '16186', '').url
  it('answers a file operation as a blob to save', async () => {
    const urls = serve(new Response('PK', { status: 200, headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' } }))
    const blob = await fetchFile(url)
    expect(await blob.text()).toBe('PK')
    expect(urls).toEqual(['/api/v1/rounds/2/procedure-documents/recognition-decision.docx?unit=16186'])
  })
  it('throws the refusal in the server’s words, for the page to say', async () => {
    serve(json({ error: { code: 'conflict', message: 'Chưa có quyết định công nhận nào trong kỳ.' } }, 409))
    await expect(fetchFile(url)).rejects.toThrow('Chưa có quyết định công nhận nào trong kỳ.')
  })
})
