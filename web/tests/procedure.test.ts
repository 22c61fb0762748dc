import { describe, expect, it } from 'vitest'
import {
  boardStates, casesOf, commonSteps, daysLeftText, paperRequest, stepFields, totals, voteProblem, votePasses, votePercent,
  type ProcedureStep,
} from '../src/lib/procedure'
import type { Case } from '../src/api/types.gen'

const step = (key: string, kind: string, from: string[] = ['x']): ProcedureStep =>
  ({ key, label: key, kind, from, to: key, roles: [], working_days: 0, verified: true, legal_source: '' })
const STEPS = [step('list', 'record', []), step('survey', 'record'), step('classify', 'record'), step('meeting', 'meeting'),
  step('post', 'posting'), step('complain', 'complaint'), step('recheck', 'recheck'), step('recognise', 'recognition'), step('certify', 'certificate')]

describe('the steps of a selection', () => {
  it('offers only the steps every selected household may take, in the procedure’s order', () => {
    const selected = [{ next_steps: ['recognise', 'complain'] }, { next_steps: ['complain', 'recognise'] }]
    expect(commonSteps(STEPS, selected).map((s) => s.key)).toEqual(['complain', 'recognise'])
    expect(commonSteps(STEPS, [...selected, { next_steps: ['recognise'] }]).map((s) => s.key)).toEqual(['recognise'])
    expect(commonSteps(STEPS, [{ next_steps: ['list'] }, { next_steps: ['survey'] }])).toEqual([])
  })
  it('offers nothing without a selection', () => {
    expect(commonSteps(STEPS, [])).toEqual([])
  })
})

describe('what a step asks for', () => {
  it('asks the listing for its reason, the other records for nothing but the date', () => {
    expect(stepFields(STEPS[0])).toEqual(['reason'])
    expect(stepFields(STEPS[1])).toEqual([])
    expect(stepFields(STEPS[2])).toEqual([])
  })
  it('follows the kind of the other steps', () => {
    expect(STEPS.slice(3).map(stepFields)).toEqual([['vote'], ['place'], ['complaint'], ['outcome_class'], ['decision_number'], ['certificate_number']])
  })
})

describe('a meeting’s vote', () => {
  it('is the share of those present who agree', () => {
    expect(votePercent({ attendees: 40, agree: 19 })).toBe(47.5)
    expect(votePercent({ attendees: 40, agree: 30 })).toBe(75)
    expect(votePercent({ attendees: 0, agree: 0 })).toBeNull()
  })
  it('carries at the threshold exactly, as the server decides', () => {
    expect(votePasses({ attendees: 40, agree: 20 }, 50)).toBe(true)
    expect(votePasses({ attendees: 40, agree: 19 }, 50)).toBe(false)
    expect(votePasses({ attendees: 3, agree: 2 }, 66.7)).toBe(false)
    expect(votePasses({ attendees: 0, agree: 0 }, 50)).toBe(false)
  })
  it('is refused before sending when it cannot be', () => {
    expect(voteProblem({ attendees: 40, agree: 30, disagree: 10 })).toBe('')
    expect(voteProblem({ attendees: 0, agree: 0, disagree: 0 })).toBe('Số người dự phải lớn hơn 0.')
    expect(voteProblem({ attendees: 10, agree: -1, disagree: 0 })).toBe('Số phiếu không được âm.')
    expect(voteProblem({ attendees: 10, agree: 8, disagree: 3 })).toMatch(/nhiều hơn số người dự/)
  })
})

describe('the board', () => {
  it('puts the households not yet listed first', () => {
    expect(boardStates([{ key: 'listed', label: 'Trong danh sách rà soát' }]).map((s) => s.key)).toEqual(['', 'listed'])
  })
  it('adds each state over the villages', () => {
    const v = (by: Record<string, number>, open: number, now: number) =>
      ({ unit_code: '1', village: 'A', households: Object.values(by).reduce((a, b) => a + b, 0), by_state: by, complaints_open: open, posted_now: now })
    expect(totals([v({ '': 3, listed: 2 }, 0, 0), v({ listed: 1, posted: 4 }, 1, 3)])).toEqual(
      { unit_code: '', village: '', households: 10, by_state: { '': 3, listed: 3, posted: 4 }, complaints_open: 1, posted_now: 3 })
  })
  it('lists a village’s households in id order', () => {
    const c = (id: string, village: string) => ({ household_id: id, village } as Case)
    const all = [c('b', 'Làng Sao'), c('a', 'Làng Gió'), c('a2', 'Làng Sao')]
    expect(casesOf(all, 'Làng Sao').map((x) => x.household_id)).toEqual(['a2', 'b'])
    expect(casesOf(all, '').map((x) => x.household_id)).toEqual(['a', 'a2', 'b'])
  })
})

describe('a request’s deadline', () => {
  it('says the days left in Vietnamese', () => {
    expect(daysLeftText(3)).toBe('còn 3 ngày')
    expect(daysLeftText(0)).toBe('hạn hôm nay')
    expect(daysLeftText(-2)).toBe('quá 2 ngày')
  })
})

describe('paperRequest', () => {
  it('names a village paper after its village without diacritics', () => {
    const r = paperRequest(2, 'meeting-minutes', 'docx', '16186', 'Làng Sao Đỏ')
    expect(r.url).toBe('/api/v1/rounds/2/procedure-documents/meeting-minutes.docx?unit=16186&village=L%C3%A0ng+Sao+%C4%90%E1%BB%8F')
    expect(r.filename).toBe('bien-ban-hop-thon-lang-sao-do-ky-2.docx')
  })
  it('leaves the unit out when none is chosen (the server takes the user’s own)', () => {
    expect(paperRequest(3, 'review-list', 'pdf', '', '').url).toBe('/api/v1/rounds/3/procedure-documents/review-list.pdf')
  })
  it('keeps the decision commune-wide even when a village is chosen', () => {
    const r = paperRequest('3', 'recognition-decision', 'pdf', '16186', 'Làng Sao')
    expect(r.url).toBe('/api/v1/rounds/3/procedure-documents/recognition-decision.pdf?unit=16186')
    expect(r.filename).toBe('quyet-dinh-cong-nhan-ky-3.pdf')
  })
})
