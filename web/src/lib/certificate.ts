// Certificates of poor and near-poor households (Decree 30/2020): where a household's certificate is
// downloaded, and the public check of a certificate by its verification code (docs/API.md).
import { api } from '../api/client'
import type { CertificateCheck } from '../api/types.gen'

/** The answer of GET /public/certificates/{code}: nothing personal. */
export type { CertificateCheck }

/** Length of a verification code as the server makes it. */
export const CODE_LENGTH = 10

/** A code as typed or read from paper: upper case, without spaces, dashes or other marks. */
export function normaliseCode(text: string): string {
  return text.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, CODE_LENGTH)
}

/** The household's certificate in the round, as a PDF or a Word file. */
export function certificateUrl(round: string | number, household: string, kind: 'pdf' | 'docx'): string {
  return kind === 'pdf' ? api.rounds.certificatePdf(round, household) : api.rounds.certificateDocx(round, household)
}

/** The public page that checks a code (no sign-in needed). */
export const verifyPath = (code: string) => `/xac-minh/${encodeURIComponent(code)}`
