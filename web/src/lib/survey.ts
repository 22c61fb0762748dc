// Phiếu A and Phiếu B (Circular 07/2021) as the survey page enters them, and the body they become
// for POST /rounds/{id}/procedure/{household}/survey (docs/API.md): checked here first, so that a
// surveyor sees each problem beside its field, with the server's refusals put beside the same fields.
import type { RoundsSurveyBody } from '../api/types.gen'
import { formatNumber, parseNumber } from './format'

/** B2 for one indicator: deprived, not deprived, or computed from what the members' records say. */
export type B2Answer = 'yes' | 'no' | 'members'
/** B1 entered as the income per person and month, or as score A. */
export type B1Kind = 'income_per_capita' | 'score_a'

export interface SurveyEntry {
  date: string            // YYYY-MM-DD
  signs: string[]         // Phiếu A: the signs found
  b1: B1Kind
  income: string          // as shown: "1.234.567"
  scoreA: string          // as typed: "132,5"
  b2: Record<string, B2Answer>
  note: string
}

export type SurveyField = 'date' | 'phieu_a' | 'income_per_capita' | 'score_a' | 'deprived' | 'version'
export type SurveyErrors = Partial<Record<SurveyField, string>>

// More digits than this are no longer whole đồng a number holds exactly.
const MAX_DIGITS = 15

/** Income as typed, grouped as it is read: "1234567" → "1.234.567"; anything but digits is dropped. */
export function groupIncome(text: string): string {
  const digits = text.replace(/\D/g, '').replace(/^0+(?=\d)/, '').slice(0, MAX_DIGITS)
  return digits ? formatNumber(Number(digits)) : ''
}

/** The whole đồng of a grouped income, or null when none is entered. */
export function incomeValue(text: string): number | null {
  const digits = text.replace(/\D/g, '')
  return digits ? Number(digits) : null
}

/** Whether Phiếu B is asked: only when no sign of Phiếu A is found. */
export function asksPhieuB(entry: Pick<SurveyEntry, 'signs'>): boolean {
  return entry.signs.length === 0
}

/** The problems of an entry by field, in Vietnamese; empty when it can be sent. */
export function checkSurvey(entry: SurveyEntry, today: string): SurveyErrors {
  const errors: SurveyErrors = {}
  if (!entry.date) errors.date = 'Chọn ngày khảo sát.'
  else if (entry.date > today) errors.date = 'Ngày khảo sát không được sau hôm nay.'
  if (!asksPhieuB(entry)) return errors
  if (entry.b1 === 'income_per_capita') {
    if (incomeValue(entry.income) === null) errors.income_per_capita = 'Nhập thu nhập bình quân đầu người một tháng (đồng).'
  } else {
    const score = parseNumber(entry.scoreA)
    if (score === null) errors.score_a = 'Nhập điểm A (số, ví dụ 132 hoặc 132,5).'
    else if (score < 0) errors.score_a = 'Điểm A không được âm.'
  }
  return errors
}

/** The request body of an entry: Phiếu A alone when a sign is found, else B1 and B2 as well. */
export function surveyBody(entry: SurveyEntry, version: number): RoundsSurveyBody {
  const body: RoundsSurveyBody = { date: entry.date, version, phieu_a: [...entry.signs] }
  if (entry.note.trim()) body.note = entry.note.trim()
  if (!asksPhieuB(entry)) return body
  if (entry.b1 === 'income_per_capita') body.income_per_capita = incomeValue(entry.income)
  else body.score_a = parseNumber(entry.scoreA)
  body.deprived = Object.fromEntries(Object.entries(entry.b2).map(([k, a]) => [k, a === 'members' ? null : a === 'yes']))
  return body
}

const FIELDS: SurveyField[] = ['date', 'phieu_a', 'income_per_capita', 'score_a', 'deprived', 'version']

/** A refusal of the server beside the field it names; undefined when it names none of the form's. */
export function serverFieldError(field: unknown, message: string): SurveyErrors | undefined {
  return FIELDS.includes(field as SurveyField) ? { [field as SurveyField]: message } : undefined
}
