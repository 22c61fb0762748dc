// Follow-up of households that left poverty: what the list shows of each household (its status,
// the days since the last visit) and when the household page shows its follow-up card.
import type { FollowUpRow, HouseholdResult } from '../api/types.gen'
import { formatNumber, EMPTY } from './format'

/** How a followed household stands, most urgent first: fallen back (a round found it poor or
 *  near-poor again, or the last visit found it so), never visited, at risk, stable. */
export type FollowUpStatus = 'needs_review' | 'not_visited' | 'at_risk' | 'stable'

export const FOLLOW_UP_STATUS: Record<FollowUpStatus, string> = {
  needs_review: 'Tái nghèo / cần rà soát lại',
  not_visited: 'Chưa thăm',
  at_risk: 'Có nguy cơ tái nghèo',
  stable: 'Ổn định',
}

export function followUpStatus(row: FollowUpRow): FollowUpStatus {
  if (row.needs_review) return 'needs_review'
  if (!row.last_visit) return 'not_visited'
  return row.last_visit.situation === 'at_risk' ? 'at_risk' : 'stable'
}

/** Rows of `status` (empty: all) whose id, head's name or village contains `text`, whatever its
 *  capitals and diacritics; the most urgent first, then the longest unvisited. */
export function filterFollowUp(rows: FollowUpRow[], status: FollowUpStatus | '', text: string): FollowUpRow[] {
  const order: FollowUpStatus[] = ['needs_review', 'not_visited', 'at_risk', 'stable']
  const wanted = fold(text.trim())
  return rows
    .filter((r) => !status || followUpStatus(r) === status)
    .filter((r) => !wanted || fold(`${r.household_id} ${r.head_name} ${r.village}`).includes(wanted))
    .sort((a, b) => order.indexOf(followUpStatus(a)) - order.indexOf(followUpStatus(b)) ||
      (b.days_since_visit ?? 0) - (a.days_since_visit ?? 0) || a.household_id.localeCompare(b.household_id))
}

/** 0 → "Hôm nay", 1 → "1 ngày", 1234 → "1.234 ngày"; no visit → "—". */
export function daysSinceText(days: number | null | undefined): string {
  if (days === null || days === undefined) return EMPTY
  return days === 0 ? 'Hôm nay' : `${formatNumber(days)} ngày`
}

/** The card shows for a household the latest approved round marks as recently out of poverty, or
 *  that has visits already (it may have fallen back since). */
export function showFollowUpCard(results: HouseholdResult[], visits: number): boolean {
  const approved = results.filter((r) => r.status === 'approved')
  return visits > 0 || !!approved.at(-1)?.recently_escaped
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase()
}
