// Implementation plans (docs/API.md "Plans"): the shapes the server sends and the conversions
// the editor needs. Amounts are stored as whole VND and shown in million VND.
import { formatDecimal, parseNumber } from './format'

export interface PlanRecord {
  programme: string; unit_code: string; unit_name?: string; year: number; unit_level: string; title: string
  version: number; saved_at: string; saved_by: string; budget_total_vnd: number
}
export interface Finding { severity: 'error' | 'warning'; code: string; subject: string; message: string }
export interface BudgetLine {
  node: string; source: string; fund_kind: string; budget_year: number; origin_year: number; amount_vnd: number
  [key: string]: unknown
}
export interface PlanSection { node: string; applicable: boolean; reason?: string; heading?: string; content?: string[]; objectives?: string[] }
export interface PlanDocument {
  programme: string; year: number; version: number; nodes: PlanSection[]; budget_lines: BudgetLine[]
  document?: { title?: string; number?: string }
  [key: string]: unknown
}
export interface DisbursementRow { key: string; name: string; allocated_vnd: number; disbursed_vnd: number; unreported_vnd: number; rate: number | null }
export interface DisbursementReport { budget_year: number; as_of: string; by_node: DisbursementRow[]; by_source: DisbursementRow[]; total: DisbursementRow }
export interface TargetRow {
  index: number; indicator: string; kind: string; unit: string; year: number; unit_code: string; population: string; text: string
  baseline: { value: number | null; printed: string } | null; target: { value: number | null; printed: string } | null
  actual: number | null; actual_source: string; progress: number | null; status: string; status_name: string
}

const MILLION = 1_000_000

/** 259000000 → "259"; 1500000 → "1,5" (million VND, Vietnamese format). */
export function formatMillion(vnd: unknown): string {
  const n = typeof vnd === 'number' ? vnd : Number(vnd)
  return formatDecimal(Number.isFinite(n) ? n / MILLION : null, 3)
}

/** What a person typed in million VND ("1,5", "1.234") → whole VND, or null when it is no positive amount. */
export function millionToVnd(text: string): number | null {
  const n = parseNumber(text)
  if (n === null || n <= 0) return null
  return Math.round(n * MILLION)
}

/** The bar of a target's progress, 0..100 (progress can exceed 1 or fall below 0). */
export function progressPercent(progress: number | null): number {
  if (progress === null || !Number.isFinite(progress)) return 0
  return Math.max(0, Math.min(100, Math.round(progress * 100)))
}

export const TARGET_STATUS_TAG: Record<string, 'success' | 'danger' | 'warning' | 'info'> = {
  achieved: 'success', not_achieved: 'danger', in_progress: 'warning', no_data: 'info', qualitative: 'info',
}

/** The path of a plan's routes. */
export const planPath = (unit: string, year: number) => `/plans/${encodeURIComponent(unit)}/${year}`
