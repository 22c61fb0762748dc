import { describe, expect, it } from 'vitest'
import { certificateUrl, normaliseCode, verifyPath } from '../src/lib/certificate'

describe('certificates', () => {
  it('reads a code as typed: upper case, marks and spaces dropped, 10 characters at most', () => {
    expect(normaliseCode(' ab3k-7mq 9xz ')).toBe('AB3K7MQ9XZ')
    expect(normaliseCode('ab3k7mq9xzqq')).toBe('AB3K7MQ9XZ')
    expect(normaliseCode('đ-ư')).toBe('')
  })
  it('links the certificate files and the public check', () => {
    expect(certificateUrl(2, 'H 01', 'pdf')).toBe('/api/v1/rounds/2/procedure/H%2001/certificate.pdf')
    expect(certificateUrl('3', 'H01', 'docx')).toBe('/api/v1/rounds/3/procedure/H01/certificate.docx')
    expect(verifyPath('AB3K7MQ9XZ')).toBe('/xac-minh/AB3K7MQ9XZ')
  })
})
