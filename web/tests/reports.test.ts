import { describe, expect, it } from 'vitest'
import { ApiError } from '../src/lib/api'
import {
  allowedActions, actionLabel, periodKindLabel, levelLabel, byUrgency, canOfRole, daysUntil, defaultPeriod, dueOf, cellIndex, dueText, dueTone, editText, findingsByCell, formatCell, mergePeriods, needsReason,
  parseCell, pivot, reportImportRefused, reportPage, stateLabel, stateTag, REPORT_STATES, type BoardRow, type Period, type Report,
} from '../src/lib/reports'
import fixture from './fixtures/report.json'

const report = fixture as unknown as Report

describe('report cells as the paper form prints them', () => {
  it('shows money in million VND when the form says so, else whole đồng', () => {
    expect(formatCell(259_000_000, 'money', 'million_vnd')).toBe('259')
    expect(formatCell(1_500_000, 'money', 'million_vnd')).toBe('1,5')
    expect(formatCell(7_782_000_000, 'money', 'million_vnd')).toBe('7.782')
    expect(formatCell(1_500_000, 'money', null)).toBe('1.500.000')
  })
  it('shows counts, numbers, percentages and empty cells in Vietnamese format', () => {
    expect(formatCell(1234567, 'integer')).toBe('1.234.567')
    expect(formatCell(12.5, 'number')).toBe('12,5')
    expect(formatCell(5.49, 'percent')).toBe('5,49%')
    expect(formatCell(10, 'percent')).toBe('10,00%')
    expect(formatCell(null, 'integer')).toBe('—')
    expect(formatCell(null, 'text')).toBe('')
    expect(formatCell('Tốt', 'text')).toBe('Tốt')
  })
  it('starts an input with the value as typed, without dash or % sign', () => {
    expect(editText(259_000_000, 'money', 'million_vnd')).toBe('259')
    expect(editText(null, 'integer')).toBe('')
    expect(editText(5.49, 'percent')).toBe('5,49')
    expect(editText(1234, 'integer')).toBe('1.234')
    expect(editText(123_456_789, 'money', 'million_vnd')).toBe('123,456789')
  })
})

describe('typed values back to what the server stores', () => {
  it('turns million VND typed in Vietnamese format into whole VND', () => {
    expect(parseCell('1,5', 'money', 'million_vnd')).toEqual({ ok: true, value: 1_500_000 })
    expect(parseCell('7.782', 'money', 'million_vnd')).toEqual({ ok: true, value: 7_782_000_000 })
    expect(parseCell('259', 'money', 'million_vnd')).toEqual({ ok: true, value: 259_000_000 })
    expect(parseCell('1.500.000', 'money', null)).toEqual({ ok: true, value: 1_500_000 })
    expect(parseCell('1,5', 'money', null).ok).toBe(false)
  })
  it('reads integers, numbers and percentages', () => {
    expect(parseCell('1.234', 'integer')).toEqual({ ok: true, value: 1234 })
    expect(parseCell('12,5', 'integer').ok).toBe(false)
    expect(parseCell('12,5', 'number')).toEqual({ ok: true, value: 12.5 })
    expect(parseCell('5,49%', 'percent')).toEqual({ ok: true, value: 5.49 })
    expect(parseCell('abc', 'number').ok).toBe(false)
  })
  it('an empty input clears the cell; text is kept as typed', () => {
    expect(parseCell('  ', 'integer')).toEqual({ ok: true, value: null })
    expect(parseCell('', 'text')).toEqual({ ok: true, value: null })
    expect(parseCell('Đạt kế hoạch.\nTốt', 'text')).toEqual({ ok: true, value: 'Đạt kế hoạch.\nTốt' })
  })
  it('round-trips what it shows', () => {
    for (const v of [259_000_000, 1_500_000, 123_456_789]) {
      const r = parseCell(editText(v, 'money', 'million_vnd'), 'money', 'million_vnd')
      expect(r).toEqual({ ok: true, value: v })
    }
  })
})

describe('states, actions and deadlines', () => {
  it('labels every state in Vietnamese and colours it', () => {
    expect(stateLabel('not_started')).toBe('Chưa bắt đầu')
    expect(stateLabel('submitted')).toBe('Đã gửi')
    expect(stateLabel('not_reporting')).toBe('Không báo cáo')
    expect(Object.keys(REPORT_STATES)).toHaveLength(7)
    expect(stateTag('approved').type).toBe('success')
    expect(stateTag('draft').type).toBe('warning')
    expect(stateTag('unknown').type).toBe('info')
    expect(actionLabel('send_back')).toBe('Trả lại')
    expect(levelLabel('national')).toBe('Toàn quốc')
    expect(periodKindLabel('half_year')).toBe('6 tháng')
    expect(periodKindLabel('ad_hoc')).toBe('Đợt giám sát đột xuất')
    expect(levelLabel('commune')).toBe('Xã')
    expect(actionLabel('not-reporting')).toBe('Đánh dấu không báo cáo')
  })
  it('says how long is left or how late', () => {
    expect(dueText({ state: 'draft', days_left: 3, days_late: null })).toBe('còn 3 ngày')
    expect(dueText({ state: 'not_started', days_left: 0, days_late: null })).toBe('hạn hôm nay')
    expect(dueText({ state: 'draft', days_left: null, days_late: 1149 })).toBe('trễ 1.149 ngày')
    expect(dueText({ state: 'submitted', on_time: true, days_late: null })).toBe('đúng hạn')
    expect(dueText({ state: 'approved', on_time: false, days_late: 2 })).toBe('nộp trễ 2 ngày')
    expect(dueText({ state: 'not_reporting', days_late: 5 })).toBe('')
    expect(dueText({ state: 'draft', days_left: null, days_late: null })).toBe('')
    expect(dueTone({ state: 'draft', days_late: 4 })).toBe('late')
    expect(dueTone({ state: 'draft', days_left: 2 })).toBe('soon')
    expect(dueTone({ state: 'draft', days_left: 20 })).toBe('')
    expect(dueTone({ state: 'accepted', on_time: true })).toBe('')
  })
  it('counts the days to a deadline when the server does not', () => {
    expect(daysUntil('2026-12-10', '2026-12-06')).toBe(4)
    expect(daysUntil('2026-07-10', '2026-12-06')).toBe(-149)
    expect(daysUntil('2027-01-01', '2026-12-31')).toBe(1)
    expect(dueOf({ state: 'draft', deadline: '2026-07-10' }, '2026-12-06')).toEqual({ state: 'draft', days_left: null, days_late: 149 })
    expect(dueOf({ state: 'draft', deadline: '2026-12-06' }, '2026-12-06')).toEqual({ state: 'draft', days_left: 0, days_late: null })
    expect(dueOf({ state: 'draft', deadline: '2026-07-10', days_left: 5, days_late: null }, '2026-12-06').days_left).toBe(5)
    expect(dueText(dueOf({ state: 'draft', deadline: null }, '2026-12-06'))).toBe('')
  })
  it('offers the allowed actions in order; send-back and not-reporting need a reason', () => {
    expect(allowedActions({ edit: true, complete: true, send_back: true, approve: true })).toEqual(['complete', 'approve', 'send-back'])
    expect(allowedActions({})).toEqual([])
    expect(canOfRole({ edit: true, mark_not_reporting: true }, 'viewer')).toEqual({})
    expect(canOfRole({ edit: true, complete: true }, 'reviewer')).toEqual({})
    expect(canOfRole({ edit: true }, 'commune_officer')).toEqual({ edit: true })
    expect(needsReason('send-back')).toBe(true)
    expect(needsReason('not-reporting')).toBe(true)
    expect(needsReason('approve')).toBe(false)
  })
})

describe('the form and the board', () => {
  it('indexes cells by id and ranks findings per cell', () => {
    const cells = cellIndex(report.form)
    expect(cells.get('budget.start')?.cell.kind).toBe('entered')
    expect(cells.get('note.text')?.row.narrative).toBe(true)
    const marks = findingsByCell(report.findings)
    expect(marks.get('poor.end')).toBe('error')
    expect(marks.get('poor.start')).toBe('warning')
    expect(marks.get('budget.end')).toBe('error')
  })
  it('puts a unit’s reports of every form on one line', () => {
    const row = (unit_code: string, form: string): BoardRow => ({
      unit_code, unit_name: `Xã ${unit_code}`, form, state: 'draft', deadline: null, days_left: null, days_late: null,
      submitted_at: null, on_time: null, last: null, version: 1,
    })
    const p = pivot([row('1', 'a'), row('2', 'a'), row('1', 'b')])
    expect(p.map((u) => u.unit_code)).toEqual(['1', '2'])
    expect(Object.keys(p[0].byForm)).toEqual(['a', 'b'])
    // those waiting for the level above first, then the late, then the rest, then the settled
    const at = (unit: string, state: BoardRow['state'], late: number | null) => ({ ...row(unit, 'a'), state, days_late: late })
    const order = byUrgency(pivot([at('ok', 'approved', null), at('slow', 'draft', 3), at('fresh', 'draft', null), at('sent', 'submitted', 3), at('none', 'not_reporting', 9)]))
    expect(order.map((u) => u.unit_code)).toEqual(['sent', 'slow', 'fresh', 'ok', 'none'])
  })
  it('merges the periods of several forms, most recent first', () => {
    const h1: Period = { id: '2026-H1', kind: 'half_year', label_vi: '6 tháng đầu năm 2026', start: '2026-01-01', end: '2026-06-30' }
    const y: Period = { id: '2025', kind: 'year', label_vi: 'Năm 2025', start: '2025-01-01', end: '2025-12-31' }
    const y26: Period = { id: '2026', kind: 'year', label_vi: 'Năm 2026', start: '2026-01-01', end: '2026-12-31' }
    expect(mergePeriods([[h1, y], [y26, y]]).map((p) => p.id)).toEqual(['2026', '2026-H1', '2025'])
    const m: Period = { id: '2026-11', kind: 'month', label_vi: 'Tháng 11/2026', start: '2026-11-01', end: '2026-11-30' }
    expect(defaultPeriod([y26, m, h1, y], '2026-12-06')?.id).toBe('2026-H1')
    expect(defaultPeriod([y26, m, y], '2026-12-06')?.id).toBe('2025')
    expect(defaultPeriod([y26], '2026-12-06')?.id).toBe('2026')
    expect(defaultPeriod([], '2026-12-06')).toBeUndefined()
  })
  it('builds paths', () => {
    expect(reportPage('bieu-02', '2026-H1', '16186')).toBe('/bao-cao/bieu-02/2026-H1/16186')
    expect(reportPage('mau-01', '2026', '')).toBe('/bao-cao/mau-01/2026/VN')
  })
})

describe('a filled form uploaded back', () => {
  it('reads the 422 Error of a sheet with problems: each problem by row and column, and the cells it filled', () => {
    const problems = [{ file: 'bao-cao.xlsx (Biểu)', row: 9, column: 'D', message: 'không phải số' }]
    const e = new ApiError(422, { error: { code: 'invalid_report_sheet', message: 'Tệp có 1 lỗi; chưa ghi số liệu nào vào báo cáo.' }, problems, cells: 14 })
    expect(reportImportRefused(e)).toEqual({ cells: 14, problems })
  })
  it('leaves a stale version or any other error to the page', () => {
    expect(reportImportRefused(new ApiError(412, { error: { code: 'stale_version', message: 'x' }, current: {} }))).toBeNull()
    expect(reportImportRefused(new ApiError(422, { error: { code: 'invalid_input', message: 'x' } }))).toBeNull()
  })
})
