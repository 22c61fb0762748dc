import { describe, expect, it } from 'vitest'
import { asksPhieuB, checkSurvey, groupIncome, incomeValue, serverFieldError, surveyBody, type SurveyEntry } from '../src/lib/survey'

const entry = (over: Partial<SurveyEntry> = {}): SurveyEntry => ({
  date: '2026-09-10', signs: [], b1: 'income_per_capita', income: '1.200.000', scoreA: '',
  b2: { employment: 'yes', water: 'no', telecom: 'members' }, note: '', ...over,
})

describe('the income as typed', () => {
  it('groups thousands with dots and keeps whole đồng', () => {
    expect(groupIncome('1234567')).toBe('1.234.567')
    expect(groupIncome('1.234.5678')).toBe('12.345.678')
    expect(groupIncome('00450 000 đ')).toBe('450.000')
    expect(groupIncome('')).toBe('')
    expect(incomeValue('1.234.567')).toBe(1234567)
    expect(incomeValue('')).toBeNull()
  })
})

describe('checking an entry', () => {
  it('needs a date not after today', () => {
    expect(checkSurvey(entry({ date: '' }), '2026-11-23').date).toBe('Chọn ngày khảo sát.')
    expect(checkSurvey(entry({ date: '2026-12-01' }), '2026-11-23').date).toMatch('sau hôm nay')
    expect(checkSurvey(entry(), '2026-11-23')).toEqual({})
  })
  it('needs B1 only when no sign of Phiếu A is found', () => {
    expect(checkSurvey(entry({ income: '' }), '2026-11-23').income_per_capita).toMatch('thu nhập bình quân')
    expect(checkSurvey(entry({ income: '', signs: ['car'] }), '2026-11-23')).toEqual({})
    expect(checkSurvey(entry({ b1: 'score_a', scoreA: 'abc' }), '2026-11-23').score_a).toMatch('điểm A')
    expect(checkSurvey(entry({ b1: 'score_a', scoreA: '132,5' }), '2026-11-23')).toEqual({})
  })
})

describe('the body sent', () => {
  it('is Phiếu A alone when a sign is found', () => {
    expect(asksPhieuB(entry({ signs: ['car'] }))).toBe(false)
    expect(surveyBody(entry({ signs: ['car'], note: ' có ô tô ' }), 4)).toEqual({ date: '2026-09-10', version: 4, phieu_a: ['car'], note: 'có ô tô' })
  })
  it('carries B1 and B2, an indicator left to the members as null', () => {
    expect(surveyBody(entry(), 4)).toEqual({
      date: '2026-09-10', version: 4, phieu_a: [], income_per_capita: 1200000,
      deprived: { employment: true, water: false, telecom: null },
    })
    expect(surveyBody(entry({ b1: 'score_a', scoreA: '132,5' }), 4).score_a).toBe(132.5)
    expect(surveyBody(entry({ b1: 'score_a', scoreA: '132,5' }), 4).income_per_capita).toBeUndefined()
  })
})

describe('the server’s refusals', () => {
  it('go beside the field they name', () => {
    expect(serverFieldError('phieu_a', 'phiếu A không có đặc điểm "boat"')).toEqual({ phieu_a: 'phiếu A không có đặc điểm "boat"' })
    expect(serverFieldError('household', 'x')).toBeUndefined()
    expect(serverFieldError(undefined, 'x')).toBeUndefined()
  })
})
