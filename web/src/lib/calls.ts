// What a page does with the typed client's operations (src/api/client.ts) beyond one call: a write
// that may go on as a job (202 + {"job"}, followed at GET /jobs/{id}, docs/API.md), and every page
// of a paged list (for exports). Kept apart from lib/api.ts, which the generated client imports, so
// that the two do not import each other.
import { api } from '../api/client'
import type { JobAccepted } from '../api/types.gen'
import { ApiError, type Reply } from './api'

/** Follows a job until it ends, reporting progress in [0, 1]. Its result is what the operation that
 * started it answers without a job, hence the caller's type; its failure is thrown as that
 * operation's error would be (a failed job carries the error's status and the members beside the
 * error, e.g. an import's problems), so that callers read a refusal the same either way. */
export async function waitForJob<R>(id: string, onProgress: (p: number) => void, intervalMs = 500): Promise<R> {
  for (;;) {
    const job = await api.jobs.get(id)
    onProgress(typeof job.progress === 'number' ? job.progress : 0)
    if (job.state === 'done') return job.result as R
    if (job.state === 'failed') {
      const { id: _id, state: _state, progress: _progress, status, ...body } = job
      throw new ApiError(status ?? 500, { ...body, error: job.error ?? { message: 'Công việc bị lỗi.' } })
    }
    await new Promise((r) => setTimeout(r, intervalMs))
  }
}

/** Whether a reply is the 202 of work that goes on as a job. */
export function isJobAccepted(reply: Reply<unknown>): reply is Reply<JobAccepted> {
  const data = reply.data
  return reply.status === 202 && !!data && typeof data === 'object' && 'job' in data
}

/** The answer of an operation that may go on as a job (pass its `.reply(…)`): the answer itself, or
 * the job's result once the job is done, so that callers always get the result. */
export async function settle<R>(reply: Promise<Reply<R | JobAccepted>>, onProgress: (p: number) => void): Promise<R> {
  const r = await reply
  if (isJobAccepted(r)) return waitForJob<R>(r.data.job.id, onProgress)
  onProgress(1)
  return r.data as R
}

/** Fetches every page of a paged list operation (for exports), up to `limit` items, reporting progress. */
export async function fetchAllPages<Q extends { page?: number; page_size?: number }, T>(
  list: (query?: Q) => Promise<{ total: number; items: T[] }>, query: NoInfer<Q>,
  onProgress: (done: number, total: number) => void, limit = 20000, pageSize = 500): Promise<{ items: T[]; total: number }> {
  const items: T[] = []
  let page = 1
  let total = 0
  for (;;) {
    const r = await list({ ...query, page, page_size: pageSize })
    total = r.total
    items.push(...r.items)
    onProgress(items.length, Math.min(total, limit))
    if (r.items.length === 0 || items.length >= total || items.length >= limit) break
    page++
  }
  return { items: items.slice(0, limit), total }
}
