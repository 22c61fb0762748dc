// The transport under the typed client (src/api/client.ts, generated from data/api): one place for
// the CSRF header, errors in Vietnamese, 401 handling and the count of requests in flight (for the
// progress bar at the top of every page). Pages call the client's operations, never request() with
// a path of their own, so that every call follows the API's schemas (eslint.config.js refuses the
// import outside src/api). Long jobs and paged lists: lib/calls.ts.
import { reactive } from 'vue'

export const BASE = '/api/v1'

/** The error body of every route (docs/API.md): `field` names the input at fault, `request_id` the server's log line of a fault. */
export interface ApiErrorBody { code?: string; message?: string; field?: string; request_id?: string }

export class ApiError extends Error {
  status: number
  code: string
  field: string | undefined
  requestId: string | undefined
  body: Record<string, unknown>
  constructor(status: number, body: Record<string, unknown>) {
    const err = (body?.error ?? {}) as ApiErrorBody
    super(err.message || defaultMessage(status))
    this.status = status
    this.code = err.code ?? String(status)
    this.field = err.field
    this.requestId = err.request_id
    this.body = body ?? {}
  }
}

export function defaultMessage(status: number): string {
  switch (status) {
    case 0: return 'Không kết nối được máy chủ. Kiểm tra đường truyền và thử lại.'
    case 400: return 'Dữ liệu gửi lên không hợp lệ.'
    case 401: return 'Phiên làm việc đã hết. Vui lòng đăng nhập lại.'
    case 403: return 'Bạn không có quyền truy cập dữ liệu này (ngoài đơn vị hoặc vai trò của bạn).'
    case 404: return 'Không tìm thấy dữ liệu.'
    case 409: return 'Dữ liệu bị xung đột.'
    case 412: return 'Dữ liệu đã được người khác thay đổi.'
    case 413: return 'Tệp hoặc yêu cầu quá lớn.'
    case 422: return 'Dữ liệu chưa hợp lệ.'
    case 429: return 'Đăng nhập sai quá nhiều lần. Vui lòng đợi rồi thử lại.'
    default: return 'Máy chủ gặp lỗi. Vui lòng thử lại sau.'
  }
}

export const net = reactive({ inFlight: 0, csrf: '' })
let onUnauthorized: (() => void) | null = null
export function setUnauthorizedHandler(fn: () => void) { onUnauthorized = fn }

export interface Reply<T> { data: T; status: number; headers: Headers }

export async function request<T = unknown>(method: string, path: string, opts: {
  body?: unknown; query?: Record<string, unknown>; headers?: Record<string, string>; signal?: AbortSignal
} = {}): Promise<Reply<T>> {
  let url = path.startsWith('/') && !path.startsWith(BASE) && !path.startsWith('/healthz') ? BASE + path : path
  if (opts.query) {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(opts.query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v))
    const s = qs.toString()
    if (s) url += (url.includes('?') ? '&' : '?') + s
  }
  const headers: Record<string, string> = { Accept: 'application/json', ...(opts.headers ?? {}) }
  let body: BodyInit | undefined
  if (opts.body instanceof FormData) body = opts.body
  else if (opts.body !== undefined) { body = JSON.stringify(opts.body); headers['Content-Type'] = 'application/json' }
  if (method !== 'GET' && method !== 'HEAD' && net.csrf) headers['X-CSRF-Token'] = net.csrf
  net.inFlight++
  let res: Response
  try {
    res = await fetch(url, { method, headers, body, credentials: 'same-origin', signal: opts.signal })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError(0, {})
  } finally {
    net.inFlight--
  }
  let data: unknown = null
  const type = res.headers.get('Content-Type') ?? ''
  if (res.status !== 204) {
    if (type.includes('json')) data = await res.json().catch(() => null)
    else if (type.includes('text')) data = await res.text()
    else data = await res.blob()
  }
  if (!res.ok) {
    if (res.status === 401 && !path.endsWith('/session') && !path.endsWith('/me') && onUnauthorized) onUnauthorized()
    throw new ApiError(res.status, (data && typeof data === 'object' ? data : {}) as Record<string, unknown>)
  }
  return { data: data as T, status: res.status, headers: res.headers }
}

/** A file operation's answer as a blob (the client's file functions give its URL): fetched, not
 * linked, where the page must say a refusal (a paper no household has reached yet) in its own words. */
export function fetchFile(url: string, signal?: AbortSignal): Promise<Blob> {
  return request<Blob>('GET', url, { signal }).then((r) => r.data)
}

export function errorMessage(e: unknown): string {
  // A fault names its request, so that the administrator finds it in the server's error log.
  if (e instanceof ApiError) return e.status >= 500 && e.requestId ? `${e.message} (mã yêu cầu: ${e.requestId})` : e.message
  if (e instanceof Error) return e.message
  return String(e)
}

/** An upload operation of the typed client (one without path parameters, e.g. api.imports.upload)
 * as the upload helper sends it: its path, and its reply and query for the types. */
export interface UploadOperation<R, Q> { path: () => string; reply: (body: FormData, query?: Q) => Promise<Reply<R>> }

/** A multipart upload with upload progress (XMLHttpRequest, since fetch reports none), to an
 * operation of the typed client rather than a path, so that its query and answer stay typed. */
export function upload<R, Q extends object>(operation: UploadOperation<R, Q>, form: FormData, query: NoInfer<Q>,
  onProgress: (p: number) => void): Promise<Reply<R>> {
  let url = BASE + operation.path()
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v))
  if (qs.toString()) url += '?' + qs.toString()
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    if (net.csrf) xhr.setRequestHeader('X-CSRF-Token', net.csrf)
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total) }
    xhr.onerror = () => { net.inFlight--; reject(new ApiError(0, {})) }
    xhr.onload = () => {
      net.inFlight--
      let data: unknown = null
      try { data = xhr.responseText ? JSON.parse(xhr.responseText) : null } catch { data = null }
      const headers = new Headers()
      const type = xhr.getResponseHeader('Content-Type')
      if (type) headers.set('Content-Type', type)
      if (xhr.status >= 200 && xhr.status < 300) resolve({ data: data as R, status: xhr.status, headers })
      else {
        if (xhr.status === 401 && onUnauthorized) onUnauthorized()
        reject(new ApiError(xhr.status, (data && typeof data === 'object' ? data : {}) as Record<string, unknown>))
      }
    }
    net.inFlight++
    xhr.send(form)
  })
}
