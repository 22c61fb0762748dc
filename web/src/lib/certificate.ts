// Certificates of poor and near-poor households (Decree 30/2020): where a household's certificate is
// downloaded, and the public check of a certificate by its verification code (docs/API.md).
import { BASE } from './api'

/** The answer of GET /public/certificates/{code}: nothing personal. */
export interface CertificateCheck {
  code: string; found: boolean; valid: boolean
  class?: string; year?: number; unit_code?: string; unit_name?: string; number?: string
  issued_on?: string | null; decision_number?: string; decision_date?: string | null
}

/** Length of a verification code as the server makes it. */
export const CODE_LENGTH = 10

/** A code as typed or read from paper: upper case, without spaces, dashes or other marks. */
export function normaliseCode(text: string): string {
  return text.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, CODE_LENGTH)
}

/** The household's certificate in the round, as a PDF or a Word file. */
export function certificateUrl(round: string | number, household: string, kind: 'pdf' | 'docx'): string {
  return `${BASE}/rounds/${encodeURIComponent(String(round))}/procedure/${encodeURIComponent(household)}/certificate.${kind}`
}

/** The public page that checks a code (no sign-in needed). */
export const verifyPath = (code: string) => `/xac-minh/${encodeURIComponent(code)}`
