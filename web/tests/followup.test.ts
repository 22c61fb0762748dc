import { describe, expect, it } from 'vitest'
import type { FollowUpRow, HouseholdResult } from '../src/api/types.gen'
import { daysSinceText, filterFollowUp, followUpStatus, showFollowUpCard } from '../src/lib/followup'

function row(id: string, over: Partial<FollowUpRow> = {}): FollowUpRow {
  return {
    household_id: id, unit_code: '16204', village: 'Thôn Quyết Tiến', head_name: 'Lò Văn Mờ', class: 'average',
    class_round_id: 2, relapsed: false, relapse_round_id: null, visits: 0, last_visit: null, days_since_visit: null,
    needs_review: false, ...over,
  }
}
const visit = (situation: 'stable' | 'at_risk' | 'fell_back', days: number) => ({
  last_visit: { id: 1, household_id: 'H', date: '2026-11-13', visitor: 'xa', situation, support: '', note: '', recorded_at: '' },
  visits: 1, days_since_visit: days,
})

describe('follow-up list', () => {
  it('gives each household its status, the fall first', () => {
    expect(followUpStatus(row('A'))).toBe('not_visited')
    expect(followUpStatus(row('B', visit('at_risk', 3)))).toBe('at_risk')
    expect(followUpStatus(row('C', visit('stable', 3)))).toBe('stable')
    expect(followUpStatus(row('D', { relapsed: true, needs_review: true }))).toBe('needs_review')
  })
  it('filters by status and by text without diacritics, the most urgent and longest unvisited first', () => {
    const rows = [row('S', visit('stable', 200)), row('S2', visit('stable', 400)), row('N'),
      row('R', { relapsed: true, needs_review: true, head_name: 'Hà Thị Đào' })]
    expect(filterFollowUp(rows, '', '').map((r) => r.household_id)).toEqual(['R', 'N', 'S2', 'S'])
    expect(filterFollowUp(rows, 'stable', '').map((r) => r.household_id)).toEqual(['S2', 'S'])
    expect(filterFollowUp(rows, '', 'dao').map((r) => r.household_id)).toEqual(['R'])
    expect(filterFollowUp(rows, 'at_risk', '')).toEqual([])
  })
  it('writes the days since the last visit the Vietnamese way', () => {
    expect(daysSinceText(0)).toBe('Hôm nay')
    expect(daysSinceText(10)).toBe('10 ngày')
    expect(daysSinceText(1234)).toBe('1.234 ngày')
    expect(daysSinceText(null)).toBe('—')
  })
})

describe('follow-up card on the household page', () => {
  const result = (status: string, recently_escaped: boolean) => ({ status, recently_escaped } as HouseholdResult)
  it('shows for a household the latest approved round marks, or one already visited', () => {
    expect(showFollowUpCard([result('approved', false), result('approved', true)], 0)).toBe(true)
    expect(showFollowUpCard([result('approved', true), result('draft', false)], 0)).toBe(true)
    expect(showFollowUpCard([result('approved', true), result('approved', false)], 0)).toBe(false)
    expect(showFollowUpCard([result('draft', true)], 0)).toBe(false)
    expect(showFollowUpCard([], 2)).toBe(true)
  })
})
