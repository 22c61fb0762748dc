// Implementation plans (docs/API.md "Plans"): the shapes the server sends and the conversions
// the editor needs. Amounts are stored as whole VND and shown in million VND.
import { ApiError } from './api'
import { formatDecimal, parseNumber } from './format'
import ntp2021 from '../../../data/programmes/ntp-2021-2025.json'
import ntp2026 from '../../../data/programmes/ntp-2026-2035.json'
import funding from '../../../data/programmes/funding.json'

// The records, findings, checks, disbursement and layout import the server sends: the API's shapes
// (data/api/plans.json).
export type {
  BudgetTable, BudgetTableRow, CounterpartCheck, DisbursementReport, DisbursementRow, Finding, LayoutImport, PlanCheck, PlanRecord,
} from '../api/types.gen'
import type { Finding, LayoutImport, LayoutImportRefusal } from '../api/types.gen'
export const SEVERITY_NAMES: Record<Finding['severity'], string> = { error: 'Lỗi', warning: 'Cảnh báo', notice: 'Lưu ý' }
export interface BudgetLine {
  node: string; source: string; fund_kind: string; budget_year: number; origin_year: number; amount_vnd: number
  [key: string]: unknown
}
export interface PrintedSubtotal { source: string; fund_kind?: string; amount_vnd: number; split?: Array<{ origin_year: number; amount_vnd: number }> }
export interface PlanSection {
  node: string; applicable: boolean; reason?: string; heading_printed?: string; content_in_sub_projects?: boolean
  content?: string[]; objectives?: string[]; beneficiaries?: string[]
  budget_total_vnd?: number | null; budget_text_printed?: string | null; printed_subtotals?: PrintedSubtotal[]
  [key: string]: unknown
}
export interface PlanDocument {
  programme: string; year: number; version: number; nodes: PlanSection[]; budget_lines: BudgetLine[]
  document?: { title_printed?: string; number?: string | null; date?: string | null; [key: string]: unknown } | null
  issuer?: { unit_code?: string; unit_name?: string; name_vi?: string; [key: string]: unknown }
  announced_total_vnd?: number | null
  objectives?: { general?: string[]; specific_printed?: string[]; targets?: Array<Record<string, unknown>> }
  [key: string]: unknown
}
export interface TargetRow {
  index: number; indicator: string; kind: string; unit: string; year: number; unit_code: string; population: string; text: string
  baseline: { value: number | null; printed: string } | null; target: { value: number | null; printed: string } | null
  change?: { value: number; value_min: number | null; value_max: number | null; unit: string } | null
  actual: number | null; actual_source: string; actual_change?: number | null; planned_change?: number | null
  measure?: string; progress: number | null; status: string; status_name: string; assigned_by?: string
}
/** Who set a target (issue 19: part of the target). */
export const ASSIGNED_BY: Record<string, string> = { province: 'tỉnh giao', district: 'huyện giao', self: 'tự đặt' }
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
  achieved: 'success', not_achieved: 'danger', in_progress: 'warning', no_data: 'info', qualitative: 'info', reported: 'info',
}

// ---- Vietnamese names of the codes a plan holds (issue 15, point 7) ----
// The node and source names come from the same catalogues the server checks against
// (data/programmes/*.json), so the pages never show DA4.TDA3 or central_recurrent.

interface CatalogueNode { key: string; parent: string | null; label_vi: string; name_vi: string }
const CATALOGUES: Record<string, CatalogueNode[]> = {
  [ntp2021.programme.id]: ntp2021.nodes as CatalogueNode[],
  [ntp2026.programme.id]: ntp2026.nodes as CatalogueNode[],
}
/** The catalogue nodes of a programme, in catalogue order (the default programme when unknown). */
export function programmeNodes(programme = 'ntp-2021-2025'): CatalogueNode[] {
  return CATALOGUES[programme] ?? CATALOGUES['ntp-2021-2025']
}
function findNode(key: string, programme?: string): CatalogueNode | undefined {
  return programmeNodes(programme).find((n) => n.key === key) ??
    Object.values(CATALOGUES).flat().find((n) => n.key === key)
}
/** "DA4.TDA3" → "Dự án 4 - Tiểu dự án 3" (as the server's messages name it). */
export function nodeLabel(key: string, programme?: string): string {
  const node = findNode(key, programme)
  if (!node) return key ? 'Nội dung khác' : '—'
  const parent = node.parent ? findNode(node.parent, programme) : undefined
  return parent ? `${parent.label_vi} - ${node.label_vi}` : node.label_vi
}
/** "DA4.TDA3" → "Dự án 4 - Tiểu dự án 3: Hỗ trợ việc làm bền vững". */
export function nodeName(key: string, programme?: string): string {
  const node = findNode(key, programme)
  return node ? `${nodeLabel(key, programme)}: ${node.name_vi}` : nodeLabel(key, programme)
}

export const SOURCES: Record<string, string> = Object.fromEntries(funding.sources.map((s) => [s.key, s.name_vi]))
export const FUND_KINDS: Record<string, string> = Object.fromEntries(funding.fund_kinds.map((k) => [k.key, k.name_vi]))
/** The fund kinds a source can carry (all when the source is unknown). */
export function fundKindsOf(source: string): string[] {
  return funding.sources.find((s) => s.key === source)?.fund_kinds ?? Object.keys(FUND_KINDS)
}
/** Stages of money stay distinct: only allocated (adjusted, planned within an allocation) money is "giao". */
export const STAGES: Record<string, string> = {
  proposed: 'Đề xuất (chưa giao)', requested: 'Nhu cầu, đề nghị (chưa giao)', planned: 'Kế hoạch vốn',
  allocated: 'Kinh phí giao', adjusted: 'Giao điều chỉnh',
}

/** The indicators of plan targets (data/programmes and the seed plans). */
export const PLAN_INDICATORS: Record<string, string> = {
  poor_rate: 'Tỷ lệ hộ nghèo', poor_households: 'Số hộ nghèo', poor_persons: 'Số người nghèo',
  near_poor_rate: 'Tỷ lệ hộ cận nghèo', near_poor_households: 'Số hộ cận nghèo', near_poor_persons: 'Số người cận nghèo',
  multidimensional_poverty_rate: 'Tỷ lệ nghèo đa chiều', disbursement_rate: 'Tỷ lệ giải ngân',
  health_insurance_coverage: 'Tỷ lệ tham gia bảo hiểm y tế', credit_access_coverage: 'Tỷ lệ được tiếp cận vốn tín dụng',
  legal_aid_coverage: 'Tỷ lệ được trợ giúp pháp lý', tuition_support_coverage: 'Tỷ lệ được hỗ trợ học phí',
  staff_training_coverage: 'Tỷ lệ cán bộ được tập huấn', job_support_coverage: 'Tỷ lệ được hỗ trợ việc làm',
  vocational_support_coverage: 'Tỷ lệ được hỗ trợ học nghề', vocational_training_registration: 'Tỷ lệ đăng ký học nghề',
  social_assistance_coverage: 'Tỷ lệ được trợ giúp xã hội', escaped_households_not_relapsing: 'Hộ thoát nghèo không tái nghèo',
  household_member_sustainable_job: 'Hộ có thành viên có việc làm bền vững', child_nutrition: 'Dinh dưỡng trẻ em',
  new_houses_for_poor_households: 'Nhà ở mới cho hộ nghèo', poverty_reduction_models: 'Mô hình giảm nghèo',
}
export const TARGET_UNITS: Record<string, string> = {
  households: 'hộ', percent: '%', percentage_points: 'điểm %', houses: 'căn nhà', projects_per_year: 'mô hình/năm',
  members_per_household: 'người/hộ', persons: 'người',
}
export const indicatorName = (code: string) => PLAN_INDICATORS[code] ?? 'Chỉ tiêu khác'

/** A value in its unit: (2, "percent") → "2%"; (14, "households") → "14 hộ". */
export function formatQuantity(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  const u = TARGET_UNITS[unit]
  if (!u) return formatDecimal(value, 2)
  return u === '%' ? `${formatDecimal(value, 2)}%` : `${formatDecimal(value, 2)} ${u}`
}

/** Progress as the text beside its bar: 1.7445 → "174%"; null → "". */
export function progressText(progress: number | null): string {
  if (progress === null || !Number.isFinite(progress)) return ''
  return `${formatDecimal(progress * 100, 0)}%`
}

/** The rules of funding.json by key, named by their label_vi (the server names them so already). */
const RULE_LABELS: Record<string, string> = Object.fromEntries(
  [...funding.rules, ...funding.counterpart_rules].map((r) => [r.key, r.label_vi]),
)
/** A finding's message without the codes of rules, sources or nodes it may carry. */
export function findingMessage(message: string): string {
  return message
    .replace(/\b[a-z]+(?:_[a-z0-9]+)+\b/g, (code) => RULE_LABELS[code] ?? SOURCES[code] ?? PLAN_INDICATORS[code] ?? code)
    .replace(/\b(?:DA\d+(?:\.TDA\d+)?|HP\d+(?:\.ND\d+)?)\b/g, (key) => nodeLabel(key))
}
/** "budget_lines[3]" → "Dòng kinh phí 4"; "nodes[DA2]" → "Dự án 2"; "targets[0]" → "Chỉ tiêu 1". */
export function findingSubject(subject: string, programme?: string): string {
  let m = /^budget_lines\[(\d+)\]$/.exec(subject)
  if (m) return `Dòng kinh phí ${Number(m[1]) + 1}`
  m = /^nodes\[(\d+)\]$/.exec(subject)
  if (m) return `Mục dự án thứ ${Number(m[1]) + 1}`
  m = /^nodes\[([^\]]+)\]$/.exec(subject)
  if (m) return nodeLabel(m[1], programme)
  m = /^targets\[(\d+)\]$/.exec(subject)
  if (m) return `Chỉ tiêu ${Number(m[1]) + 1}`
  m = /^disbursements\[(\d+)\]$/.exec(subject)
  if (m) return `Khoản giải ngân ${Number(m[1]) + 1}`
  m = /^announced_totals\[(\d+)\]$/.exec(subject)
  if (m) return `Tổng in trong kế hoạch thứ ${Number(m[1]) + 1}`
  if (subject === 'issuer') return 'Đơn vị ban hành'
  if (subject === 'budget_lines') return 'Dự toán kinh phí'
  if (subject === '') return 'Kế hoạch'
  return 'Kế hoạch'
}

// ---- a new plan (issue 15, point 8) ----
export interface PlanUnit { code: string; name: string; full_name: string; level: string; province_code: string; province_name: string }

const ISSUER_PREFIX = 'Ủy ban nhân dân '
/** The issuer of a plan of `unit` ("Ủy ban nhân dân xã Hóa Quỳ"). */
function issuerOf(unit: PlanUnit): Record<string, unknown> {
  const lower = unit.full_name ? unit.full_name.charAt(0).toLowerCase() + unit.full_name.slice(1) : unit.name
  return {
    name_vi: ISSUER_PREFIX + lower, unit_code: unit.code, unit_level: unit.level, unit_name: lower,
    province_code: unit.province_code, province_name: unit.province_name,
  }
}
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T

/** The title of a plan of `unit` for `year`. */
export function planTitle(unit: PlanUnit, year: number): string {
  const lower = unit.full_name ? unit.full_name.charAt(0).toLowerCase() + unit.full_name.slice(1) : unit.name
  return `Triển khai thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm ${year} trên địa bàn ${lower}`
}

/** An empty plan of `unit` for `year`: every node of the programme, not yet applicable, no lines. */
export function emptyPlan(unit: PlanUnit, year: number, programme = 'ntp-2021-2025'): PlanDocument {
  return {
    schema_version: 1, kind: 'implementation_plan', programme, year, version: 0,
    issuer: issuerOf(unit), level: unit.level,
    document: { type_vi: 'Kế hoạch', number: null, number_suffix: '/KH-UBND', place_printed: null, date: null, title_printed: planTitle(unit, year) },
    legal_bases: [], legal_bases_printed: '', purpose: [], requirements: [],
    objectives: { general: [], specific_printed: [], targets: [] },
    previous_year_results: null, situation: null,
    nodes: programmeNodes(programme).map((n) => ({
      node: n.key, applicable: false, reason: 'Chưa xây dựng nội dung', reason_printed: false, heading_printed: '',
      objectives: [], beneficiaries: [], content: [], budget_total_vnd: null, budget_text_printed: null,
      lead_agencies: [], coordinating_agencies: [], implementing_agencies: [], assignment_printed: [],
      reporting_duties: [], legal_references: [], notes: [],
    })),
    announced_total_vnd: null, budget_lines: [], disbursements: [], production_projects: [], funding_sources_printed: [],
    tasks_and_solutions: [], general_policies: [], agencies: [], reporting: { regime_printed: [], reports: [] },
    recipients: [], signer: { authority_printed: null, title_printed: 'CHỦ TỊCH', name: null }, notes: [],
  } as unknown as PlanDocument
}

/** The plan of `source.year` copied to `year` for `unit`: the lines of the source's own year move to the
 *  new year (earlier years' lines, disbursements, production projects, previous results, actual values
 *  and the situation are left behind); number and date are cleared; texts are kept to be edited. */
export function copyPlan(source: PlanDocument, unit: PlanUnit, year: number): PlanDocument {
  const p = clone(source) as PlanDocument & Record<string, unknown>
  const shift = year - source.year
  delete (p as Record<string, unknown>).version
  p.year = year
  p.version = 0
  p.issuer = issuerOf(unit)
  p.level = unit.level
  const doc = (p.document ?? {}) as Record<string, unknown>
  let oldTitle = String(doc.title_printed ?? '')
  const oldIssuer = String(source.issuer?.name_vi ?? '')
  const oldUnit = String(source.issuer?.unit_name || (oldIssuer.startsWith(ISSUER_PREFIX) ? oldIssuer.slice(ISSUER_PREFIX.length) : ''))
  const newUnit = String((p.issuer as Record<string, unknown>).unit_name ?? '')
  if (oldUnit && newUnit && oldUnit !== newUnit) oldTitle = oldTitle.split(oldUnit).join(newUnit)
  p.document = {
    ...doc, number: null, date: null,
    title_printed: oldTitle ? oldTitle.replace(new RegExp(`\\b${source.year}\\b`, 'g'), String(year)) : planTitle(unit, year),
  }
  p.budget_lines = (source.budget_lines ?? []).filter((l) => l.budget_year === source.year).map((l) => ({
    ...clone(l), budget_year: year, origin_year: (l.origin_year ?? l.budget_year) + shift, carried_over: false,
  }))
  p.disbursements = []
  p.production_projects = []
  p.previous_year_results = null
  p.situation = null
  const objectives = p.objectives ?? {}
  objectives.targets = (objectives.targets ?? []).map((t) => {
    const { actual: _actual, actual_source: _source, ...rest } = t
    void _actual; void _source
    return { ...rest, year: typeof t.year === 'number' ? t.year + shift : year }
  })
  p.objectives = objectives
  return p
}

/** The texts of a node section that an officer edits, one list each. */
export const SECTION_LISTS: ReadonlyArray<readonly [string, string]> = [
  ['objectives', 'Mục tiêu'], ['beneficiaries', 'Đối tượng thụ hưởng'], ['content', 'Nội dung hoạt động'],
  ['assignment_printed', 'Phân công thực hiện'], ['lead_agencies', 'Cơ quan chủ trì'],
  ['coordinating_agencies', 'Cơ quan phối hợp'], ['implementing_agencies', 'Đơn vị thực hiện'],
]
/** A list edited as text, one item a line. */
export const linesOf = (items: unknown): string => (Array.isArray(items) ? items.map(String).join('\n') : '')
export const listOf = (text: string): string[] => text.split('\n').map((s) => s.trim()).filter((s) => s !== '')

/** A layout refused for its problems (422 `invalid_public_investment`: each problem with its sheet,
 * row and column, nothing written) as the read-back the page shows; null for any other error. */
export function layoutImportRefused(e: unknown): LayoutImport | null {
  if (!(e instanceof ApiError) || e.status !== 422 || !Array.isArray(e.body.problems)) return null
  const body = e.body as Partial<LayoutImportRefusal>
  return {
    ok: false, written: false, dry_run: Boolean(body.dry_run), rows: Number(body.rows ?? 0), changes: Number(body.changes ?? 0),
    problems: body.problems ?? [], findings: body.findings ?? [],
  }
}

/** What the officer reads of a public-investment layout read back (POST …/public-investment): before confirming (dry run) or after writing. */
export function layoutImportSummary(r: LayoutImport): string {
  const rows = `${formatDecimal(r.rows, 0)} dòng số liệu`
  if (r.problems.length) return `Đọc ${rows}; ${formatDecimal(r.problems.length, 0)} lỗi, chưa ghi gì. Sửa trong tệp rồi nhập lại.`
  const errors = r.findings.filter((f) => f.severity === 'error').length
  if (!r.changes) return `Đọc ${rows}; không ô nào khác kế hoạch, không có gì để ghi.`
  const changed = `${formatDecimal(r.changes, 0)} ô khác kế hoạch`
  if (r.written) return `Đã ghi ${changed} vào kế hoạch.`
  if (errors) return `Đọc ${rows}, ${changed}; ${formatDecimal(errors, 0)} lỗi kiểm tra, sẽ không ghi được nếu đó là lỗi mới.`
  return `Đọc ${rows}, ${changed}, không có lỗi. Bấm “Ghi vào kế hoạch” để ghi.`
}
