// The error body of every route (docs/API.md: {"error": {code, message, field?, request_id?}}) as
// the views read it: the input at fault, and a fault's request id for the administrator.
import { describe, expect, it } from 'vitest'
import { ApiError, errorMessage } from '../src/lib/api'

describe('ApiError', () => {
  it('names the field the server names', () => {
    const e = new ApiError(400, { error: { code: 'invalid_input', message: 'Ô poor.plan phải là số nguyên', field: 'poor.plan' } })
    expect(e.field).toBe('poor.plan')
    expect(e.code).toBe('invalid_input')
    expect(errorMessage(e)).toBe('Ô poor.plan phải là số nguyên')
  })
  it('gives a fault its request id, and nothing else of it', () => {
    const e = new ApiError(500, { error: { code: 'internal', message: 'Máy chủ gặp lỗi.', request_id: 'r-42' } })
    expect(e.requestId).toBe('r-42')
    expect(errorMessage(e)).toBe('Máy chủ gặp lỗi. (mã yêu cầu: r-42)')
  })
  it('falls back to a Vietnamese message by status', () => {
    const e = new ApiError(403, {})
    expect(e.field).toBeUndefined()
    expect(errorMessage(e)).toContain('không có quyền')
  })
})
