// Monitoring reports (Circular 10/2022/TT-BLĐTBXH forms as data; docs/API.md "Reports"): the
// shapes the server sends, the Vietnamese labels of states and actions, how a cell is shown and
// how what a person types goes back to the value the server stores.
import { ApiError } from './api'
import { EMPTY, formatDecimal, formatNumber, parseNumber } from './format'
import { LEVELS, PERIOD_KINDS, REPORT_ACTIONS, REPORT_STATES } from './labels'
import type { BoardRow, Period, Problem, Report, ReportCell as Cell, ReportForm, ReportImportRefusal, ReportState } from '../api/types.gen'

// The shapes the server sends are the API's own (data/api/reports.json); these name the parts the
// schema leaves unnamed, and the actions a report's URL takes.
export type { Board, BoardRow, DueItem, FormSummary, Period, Report, ReportCell as Cell, ReportState } from '../api/types.gen'
export type ReportAction = 'complete' | 'submit' | 'approve' | 'accept' | 'send-back' | 'not-reporting'
export type CellType = Cell['type']
export type MoneyUnit = ReportForm['money_unit'] | undefined
export type FormRow = ReportForm['sections'][number]['rows'][number]
export type Finding = Report['findings'][number]

// ---- labels ----

// The labels are those of data/vocabulary.json (labels.ts), as the server says them.
export { REPORT_STATES, REPORT_ACTIONS, PERIOD_KINDS }
/** How the history names an action (the server may spell it send_back or send-back). */
export function actionLabel(action: string | null | undefined): string {
  if (!action) return EMPTY
  const key = action.replace(/_/g, '-')
  return REPORT_ACTIONS[key] ?? action
}

/** A period kind's name (data/vocabulary.json). */
export function periodKindLabel(kind: string): string {
  return PERIOD_KINDS[kind] ?? kind
}

/** A reporting level: the vocabulary's levels, the national one being the country's. */
export function levelLabel(level: string | null | undefined): string {
  if (!level) return EMPTY
  return LEVELS[level === 'national' ? 'country' : level] ?? level
}

export function stateLabel(state: string | null | undefined): string {
  if (!state) return EMPTY
  return REPORT_STATES[state] ?? state
}

type TagType = 'primary' | 'success' | 'info' | 'warning' | 'danger'
/** The colour of a state's tag: grey not begun, amber being entered, blue done but not yet
 *  approved, green approved or accepted; not reporting is grey and plain. */
export const STATE_TAG: Record<ReportState, { type: TagType; effect: 'light' | 'dark' | 'plain' }> = {
  not_started: { type: 'info', effect: 'light' },
  draft: { type: 'warning', effect: 'light' },
  complete: { type: 'primary', effect: 'light' },
  submitted: { type: 'primary', effect: 'dark' },
  approved: { type: 'success', effect: 'light' },
  accepted: { type: 'success', effect: 'dark' },
  not_reporting: { type: 'info', effect: 'plain' },
}
export function stateTag(state: string | null | undefined) {
  return STATE_TAG[state as ReportState] ?? { type: 'info' as TagType, effect: 'plain' as const }
}

/** States in which the unit has done its part: sent up, approved, accepted. */
const SENT: ReadonlySet<string> = new Set(['submitted', 'approved', 'accepted'])
export const isSent = (state: string) => SENT.has(state)

// ---- deadlines ----

interface Due { state?: string; days_left?: number | null; days_late?: number | null; on_time?: boolean | null }
/** "còn 3 ngày", "hạn hôm nay", "trễ 5 ngày"; once sent, "đúng hạn" or "nộp trễ 2 ngày". */
export function dueText(r: Due): string {
  if (r.state === 'not_reporting') return ''
  if (r.state && isSent(r.state)) {
    if (r.on_time === true) return 'đúng hạn'
    if (r.on_time === false) return r.days_late && r.days_late > 0 ? `nộp trễ ${formatNumber(r.days_late)} ngày` : 'nộp trễ'
    return ''
  }
  if (r.days_late !== null && r.days_late !== undefined && r.days_late > 0) return `trễ ${formatNumber(r.days_late)} ngày`
  if (r.days_left === 0) return 'hạn hôm nay'
  if (r.days_left !== null && r.days_left !== undefined && r.days_left > 0) return `còn ${formatNumber(r.days_left)} ngày`
  return ''
}
/** The tone of that text: red when late, amber within 3 days, else plain. */
export function dueTone(r: Due): 'late' | 'soon' | '' {
  if (r.state === 'not_reporting') return ''
  if (r.state && isSent(r.state)) return r.on_time === false ? 'late' : ''
  if (r.days_late && r.days_late > 0) return 'late'
  if (r.days_left !== null && r.days_left !== undefined && r.days_left <= 3) return 'soon'
  return ''
}

/** Days from `today` to `deadline` (both YYYY-MM-DD): 3 = three days left, -2 = two days late. */
export function daysUntil(deadline: string, today: string): number {
  const at = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)))
  return Math.round((at(deadline) - at(today)) / 86_400_000)
}
/** A report's days left or late: as the server sent them, else counted from its deadline. */
export function dueOf(r: { state: string; deadline: string | null; days_left?: number | null; days_late?: number | null }, today: string) {
  if (r.days_left !== undefined || r.days_late !== undefined || !r.deadline) return { state: r.state, days_left: r.days_left ?? null, days_late: r.days_late ?? null }
  const d = daysUntil(r.deadline, today)
  return { state: r.state, days_left: d >= 0 ? d : null, days_late: d < 0 ? -d : null }
}

// ---- cells ----

const MILLION = 1_000_000

/** The unit a money column is shown in. */
export const moneyUnitLabel = (unit: MoneyUnit) => (unit === 'million_vnd' ? 'triệu đồng' : 'đồng')

/** A cell's value as the paper form prints it: 1.234 (integer), 12,5 (number), money in
 *  million VND when the form says so (259000000 → 259), percentages 5,49%. */
export function formatCell(value: number | string | null | undefined, type: CellType, moneyUnit: MoneyUnit = null): string {
  if (value === null || value === undefined || value === '') return type === 'text' ? '' : EMPTY
  if (type === 'text') return String(value)
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isFinite(n)) return String(value)
  switch (type) {
    case 'integer': return formatNumber(n)
    case 'money': return moneyUnit === 'million_vnd' ? formatDecimal(n / MILLION, 3) : formatNumber(Math.round(n))
    case 'percent': return formatNumber(n, 2) + '%'
    default: return formatDecimal(n, 2)
  }
}

/** The text an input starts with (no dash for an empty cell, no % sign). */
export function editText(value: number | string | null | undefined, type: CellType, moneyUnit: MoneyUnit = null): string {
  if (value === null || value === undefined || value === '') return ''
  if (type === 'percent') return formatDecimal(value, 4)
  // every đồng kept, so an input left as it was gives back the same value
  if (type === 'money' && moneyUnit === 'million_vnd') return formatDecimal(Number(value) / MILLION, 6)
  const text = formatCell(value, type, moneyUnit)
  return text === EMPTY ? '' : text
}

export type Parsed = { ok: true; value: number | string | null } | { ok: false; message: string }

/** What a person typed (Vietnamese format: 1.234,5) → the value the server stores: whole VND
 *  for money (typed in million VND when the form is), a percentage as typed, text as is. */
export function parseCell(text: string, type: CellType, moneyUnit: MoneyUnit = null): Parsed {
  if (type === 'text') {
    const t = text.trim()
    return { ok: true, value: t === '' ? null : text }
  }
  const t = text.trim().replace(/%$/, '').trim()
  if (t === '') return { ok: true, value: null }
  const n = parseNumber(t)
  if (n === null) return { ok: false, message: 'Không phải là số (viết 1.234 hoặc 12,5).' }
  switch (type) {
    case 'integer':
      return Number.isInteger(n) ? { ok: true, value: n } : { ok: false, message: 'Phải là số nguyên.' }
    case 'money': {
      const vnd = moneyUnit === 'million_vnd' ? Math.round(n * MILLION) : n
      return Number.isInteger(vnd) ? { ok: true, value: vnd } : { ok: false, message: 'Số tiền phải là số đồng nguyên.' }
    }
    default:
      return { ok: true, value: n }
  }
}

/** Every cell of a form by id ("poor.end"), with the row and column it sits in. */
export function cellIndex(form: Report['form']): Map<string, { cell: Cell; row: FormRow; column: string }> {
  const out = new Map<string, { cell: Cell; row: FormRow; column: string }>()
  for (const s of form.sections) for (const row of s.rows) for (const [column, cell] of Object.entries(row.cells)) out.set(cell.id, { cell, row, column })
  return out
}

/** The worst finding on each cell: an error outranks a warning. */
export function findingsByCell(findings: Finding[]): Map<string, 'error' | 'warning'> {
  const out = new Map<string, 'error' | 'warning'>()
  for (const f of findings) for (const id of f.cells ?? []) if (out.get(id) !== 'error') out.set(id, f.importance)
  return out
}

/** What the report allows, narrowed to what the person's role may do at all: reviewers and
 *  viewers only read reports (the server refuses their writes with 403, whatever `can` says). */
const REPORT_WRITERS: ReadonlySet<string> = new Set(['admin', 'province_officer', 'commune_officer'])
export function canOfRole(can: Report['can'], role: string | undefined): Report['can'] {
  return REPORT_WRITERS.has(role ?? '') ? can : {}
}

/** The actions a person may take now, in the order the buttons show them. */
export function allowedActions(can: Report['can']): ReportAction[] {
  const order: [ReportAction, keyof Report['can']][] = [
    ['complete', 'complete'], ['submit', 'submit'], ['approve', 'approve'], ['accept', 'accept'],
    ['send-back', 'send_back'], ['not-reporting', 'mark_not_reporting'],
  ]
  return order.filter(([, key]) => can[key]).map(([a]) => a)
}
export const needsReason = (a: ReportAction) => a === 'send-back' || a === 'not-reporting'

/** The board's rows as one line per unit with its report of each form. */
export function pivot(rows: BoardRow[]): { unit_code: string; unit_name: string; byForm: Record<string, BoardRow> }[] {
  const out = new Map<string, { unit_code: string; unit_name: string; byForm: Record<string, BoardRow> }>()
  for (const r of rows) {
    let u = out.get(r.unit_code)
    if (!u) { u = { unit_code: r.unit_code, unit_name: r.unit_name, byForm: {} }; out.set(r.unit_code, u) }
    u.byForm[r.form] = r
  }
  return [...out.values()]
}

/** How soon a report needs someone: 0 sent and waiting for the level above, 1 late and not sent,
 *  2 still being prepared, 3 settled (approved, accepted, not reporting). */
export function urgency(r: BoardRow): number {
  if (r.state === 'submitted') return 0
  if (r.state === 'approved' || r.state === 'accepted' || r.state === 'not_reporting') return 3
  return r.days_late && r.days_late > 0 ? 1 : 2
}
type Pivoted = ReturnType<typeof pivot>[number]
/** The board's lines, those that need someone first (a stable sort: the server's order within). */
export function byUrgency(units: Pivoted[]): Pivoted[] {
  const rank = (u: Pivoted) => Math.min(...Object.values(u.byForm).map(urgency))
  return units.map((u, i) => ({ u, i, r: rank(u) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.u)
}

/** Periods of several forms merged, most recent first, each once. */
export function mergePeriods(lists: Period[][]): Period[] {
  const byId = new Map<string, Period>()
  for (const l of lists) for (const p of l) if (!byId.has(p.id)) byId.set(p.id, p)
  return [...byId.values()].sort((a, b) => b.end.localeCompare(a.end) || a.start.localeCompare(b.start))
}
/** The period a board opens on: the latest that has ended — of six months if any, else a year,
 *  else a month — for that is what is being reported now; else the most recent. */
export function defaultPeriod(periods: Period[], today: string): Period | undefined {
  const ended = periods.filter((p) => p.end < today)
  for (const kind of ['half_year', 'year', 'month']) {
    const p = ended.filter((x) => x.kind === kind).sort((a, b) => b.end.localeCompare(a.end))[0]
    if (p) return p
  }
  return ended[0] ?? periods[0]
}

/** The path of a report's page (its API calls are api.reports.*); the country's own report is unit "VN". */
const unitSegment = (unit: string) => encodeURIComponent(unit || 'VN')
export const reportPage = (form: string, period: string, unit: string) =>
  `/bao-cao/${encodeURIComponent(form)}/${encodeURIComponent(period)}/${unitSegment(unit)}`

// ---- a form filled in Excel, uploaded back ----

/** A filled form refused for its problems (422 `invalid_report_sheet`: each with its sheet, row and
 * column; nothing written): the problems and the cells the file filled; null for any other error. */
export function reportImportRefused(e: unknown): { cells: number; problems: Problem[] } | null {
  if (!(e instanceof ApiError) || e.status !== 422 || !Array.isArray(e.body.problems)) return null
  const body = e.body as Partial<ReportImportRefusal>
  return { cells: Number(body.cells ?? 0), problems: body.problems ?? [] }
}
