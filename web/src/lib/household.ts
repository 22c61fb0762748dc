// The household of the interchange format (shared/domain/review-format.md), its editing form
// and the same validation rules as the import (io/interchange.cpp), so that a person sees a
// problem before sending and the server's 422 names the same fields.
import { EMPTY, formatDate, formatDecimal, formatMoney, formatNumber, parseDate, parseNumber } from './format'
import {
  ATTENDING_LEVELS, COMPLETED_LEVELS, DISABILITIES, EMPLOYMENT, HOUSING_TYPES, INFO_ASSETS,
  LATRINES, RELATIONS, SEXES, WASTE, WATER_SOURCES, AREAS, BOOLEAN, COLUMNS,
} from './labels'

export type Json = string | number | boolean | null | Json[] | { [k: string]: Json }

export interface Member {
  member_id: string
  full_name?: string | null
  personal_id?: string | null
  relation?: string | null
  sex?: string | null
  birth_date?: string | null
  ethnicity?: string | null
  disability?: string | null
  social_protection?: Json
  revolutionary_merit?: Json
  health_insurance?: Json
  employment?: string | null
  attending_level?: string | null
  completed_level?: string | null
  stunted?: Json
  underweight?: Json
  uses_phone?: Json
  uses_internet?: Json
  [extra: string]: Json | undefined
}

export interface Household {
  household_id: string
  unit_code: string
  version?: number | string
  village?: string | null
  head_name?: string | null
  members: Member[]
  [field: string]: Json | Member[] | undefined
}

type Kind = 'text' | 'code' | 'int' | 'decimal' | 'bool' | 'list'
export interface FieldSpec { key: string; label: string; kind: Kind; codes?: Record<string, string>; required?: boolean }

/** A column of the interchange files with its Vietnamese header (data/vocabulary.json). */
const field = (key: string, kind: Kind, more: Partial<FieldSpec> = {}): FieldSpec => ({ key, label: COLUMNS[key] ?? key, kind, ...more })

export const HOUSEHOLD_FIELDS: FieldSpec[] = [
  field('household_id', 'text', { required: true }),
  field('unit_code', 'text', { required: true }),
  field('village', 'text'),
  field('head_name', 'text'),
  field('area', 'code', { codes: AREAS }),
  field('income_per_capita', 'int'),
  field('score_a', 'decimal'),
  field('housing_type', 'code', { codes: HOUSING_TYPES }),
  field('housing_area_m2', 'decimal'),
  field('water_source', 'code', { codes: WATER_SOURCES }),
  field('latrine', 'code', { codes: LATRINES }),
  field('info_assets', 'list', { codes: INFO_ASSETS }),
  field('hears_loudspeaker', 'bool'),
  field('waste_treatment', 'code', { codes: WASTE }),
]

export const MEMBER_FIELDS: FieldSpec[] = [
  field('member_id', 'text', { required: true }),
  field('full_name', 'text'),
  field('personal_id', 'text'),
  field('relation', 'code', { codes: RELATIONS }),
  field('sex', 'code', { codes: SEXES }),
  field('birth_date', 'text', { required: true }),
  field('ethnicity', 'text'),
  field('disability', 'code', { codes: DISABILITIES }),
  field('social_protection', 'bool'),
  field('revolutionary_merit', 'bool'),
  field('health_insurance', 'bool'),
  field('employment', 'code', { codes: EMPLOYMENT }),
  field('attending_level', 'code', { codes: ATTENDING_LEVELS }),
  field('completed_level', 'code', { codes: COMPLETED_LEVELS }),
  field('stunted', 'bool'),
  field('underweight', 'bool'),
  field('uses_phone', 'bool'),
  field('uses_internet', 'bool'),
]

/** A form keeps every value as text, as the interchange file would. */
export type FormRecord = Record<string, string>
export interface HouseholdForm { household: FormRecord; members: FormRecord[] }

export function toText(value: unknown, kind: Kind): string {
  if (value === null || value === undefined) return ''
  if (kind === 'bool') {
    if (value === true || value === 1 || value === '1' || value === 'true') return '1'
    if (value === false || value === 0 || value === '0' || value === 'false') return '0'
    return ''
  }
  if (kind === 'list') {
    if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(';')
    return String(value)
  }
  return String(value)
}

function fromText(text: string, kind: Kind, original: unknown): Json {
  const t = text.trim()
  if (t === '') return null
  switch (kind) {
    case 'bool':
      return typeof original === 'boolean' || original === null || original === undefined ? t === '1'
        : typeof original === 'number' ? Number(t) : t
    case 'int':
    case 'decimal':
      return typeof original === 'string' ? t : Number(t)
    case 'list':
      if (typeof original === 'string') return t
      return t === 'none' ? [] : t.split(';').map((s) => s.trim()).filter(Boolean)
    default:
      return t
  }
}

export function toForm(h: Household): HouseholdForm {
  const household: FormRecord = {}
  for (const f of HOUSEHOLD_FIELDS) household[f.key] = toText(h[f.key], f.kind)
  for (const [key, value] of Object.entries(h)) {
    if (key.startsWith('deprived_')) household[key] = toText(value, 'bool')
  }
  const members = (h.members ?? []).map((m) => {
    const r: FormRecord = {}
    for (const f of MEMBER_FIELDS) r[f.key] = toText(m[f.key], f.kind)
    return r
  })
  return { household, members }
}

/** The full household to PUT: the original with the form's values, each in the original's JSON type. */
export function fromForm(form: HouseholdForm, original: Household): Household {
  const out: Household = { ...original, members: [] }
  // A field the server did not send stays absent unless the person filled it in.
  const put = (target: Record<string, unknown>, key: string, text: string, kind: Kind, before: unknown, had: boolean) => {
    if (!had && text.trim() === '') return
    target[key] = fromText(text, kind, before)
  }
  for (const f of HOUSEHOLD_FIELDS) put(out, f.key, form.household[f.key] ?? '', f.kind, original[f.key], f.key in original)
  for (const key of Object.keys(form.household)) {
    if (key.startsWith('deprived_')) out[key] = fromText(form.household[key], 'bool', original[key])
  }
  const byId = new Map((original.members ?? []).map((m) => [m.member_id, m]))
  out.members = form.members.map((r) => {
    const before = byId.get(r.member_id) ?? ({} as Member)
    const m: Member = { ...before, member_id: r.member_id.trim() }
    for (const f of MEMBER_FIELDS) put(m, f.key, r[f.key] ?? '', f.kind, before[f.key], f.key in before)
    return m
  })
  out.household_id = String(original.household_id)
  return out
}

export function emptyMember(householdId: string, existing: FormRecord[]): FormRecord {
  const r: FormRecord = {}
  for (const f of MEMBER_FIELDS) r[f.key] = ''
  let n = existing.length + 1
  const ids = new Set(existing.map((m) => m.member_id))
  while (ids.has(`${householdId}-${String(n).padStart(2, '0')}`)) n++
  r.member_id = `${householdId}-${String(n).padStart(2, '0')}`
  return r
}

export interface Problem { member?: number; member_id?: string; column: string; message: string }

/** A masked personal id as the server sends it to roles that may not see it (0380******23). */
export function isMasked(id: string): boolean {
  return id.includes('*')
}

/** A problem of the household as the server's validation sends it: the file and row of an import
 * ("households" row 2 is the household, "members" row 2 + i its member i), or only a field. */
export interface ServerProblem { file?: string; row?: number; column?: string; message: string }

/** The server's problems placed on the form: a member's by its index (and id), the household's
 * without one. The server checks an edit exactly as an import, so the form shows the import's
 * words and rules, kept in one place (the C++ validation). */
export function placeProblems(problems: ServerProblem[], form: HouseholdForm): Problem[] {
  return problems.map((p) => {
    const column = p.column ?? ''
    if (p.file !== undefined && /^members(\.csv)?$/.test(p.file) && p.row !== undefined && p.row >= 2) {
      const member = p.row - 2
      return { column, message: p.message, member, member_id: form.members[member]?.member_id }
    }
    return { column, message: p.message }
  })
}

/** An answer as a person reads it: the label of a code, Có/Không, a number in Vietnamese format. */
export function answerText(spec: FieldSpec, value: unknown): string {
  const text = toText(value, spec.kind)
  if (text === '') return EMPTY
  if (spec.key === 'income_per_capita') return formatMoney(text)
  if (spec.key === 'birth_date') return formatDate(text)
  if (spec.kind === 'bool') return BOOLEAN[text] ?? text
  if (spec.kind === 'decimal') return formatDecimal(text)
  if (spec.kind === 'int') return formatNumber(text)
  if (spec.kind === 'list') return text === 'none' ? 'Không có' : text.split(';').map((c) => spec.codes?.[c] ?? c).join(', ')
  if (spec.codes) return spec.codes[text] ?? text
  return text
}

/** What an input shows for a value of the form: numbers and dates as a person writes them in
 *  Vietnamese (1.500.000; 35,5; 23/04/1967), anything else as it is. */
export function inputText(spec: FieldSpec, value: string): string {
  const v = value.trim()
  if (spec.kind === 'int' && /^\d+$/.test(v)) return formatNumber(v)
  if (spec.kind === 'decimal' && /^\d+(\.\d+)?$/.test(v)) return formatDecimal(v, 3)
  if (spec.key === 'birth_date' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDate(v)
  return value
}

/** The value of the form for what a person typed: 1.500.000 → 1500000; 35,5 (or 35.5) → 35.5;
 *  23/04/1967 → 1967-04-23. What is no number or date stays as typed, for the check to name. */
export function fromInputText(spec: FieldSpec, typed: string): string {
  const t = typed.trim()
  if (t === '') return ''
  if (spec.kind === 'int') {
    const n = /^\d{1,3}(\.\d{3})+$/.test(t) ? Number(t.replace(/\./g, '')) : null
    return n === null ? typed : String(n)
  }
  if (spec.kind === 'decimal') {
    const n = t.includes(',') ? parseNumber(t) : null
    return n === null ? typed : String(n)
  }
  if (spec.key === 'birth_date') return parseDate(t) ?? typed
  return typed
}

/** A value of a change in the household's log: as an answer when the field is one of the form's. */
export function changeText(field: string, value: unknown): string {
  const spec = HOUSEHOLD_FIELDS.find((f) => f.key === field) ?? MEMBER_FIELDS.find((f) => f.key === field)
  if (spec) return answerText(spec, value)
  if (value === null || value === undefined || value === '') return EMPTY
  return Array.isArray(value) ? value.join(';') : String(value)
}

export function fieldLabel(column: string): string {
  const f = HOUSEHOLD_FIELDS.find((x) => x.key === column) ?? MEMBER_FIELDS.find((x) => x.key === column)
  if (f) return f.label
  if (column.startsWith('deprived_')) return `Thiếu hụt ghi trực tiếp: ${column.slice(9)}`
  if (column === 'members' || column === 'member') return 'Thành viên'
  return column
}
