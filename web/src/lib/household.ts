// The household of the interchange format (shared/domain/review-format.md), its editing form
// and the same validation rules as the import (io/interchange.cpp), so that a person sees a
// problem before sending and the server's 422 names the same fields.
import { EMPTY, formatDate, formatDecimal, formatMoney, formatNumber, isRealDate, parseDate, parseNumber, todayIso } from './format'
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

/** Circular 59/2021/TT-BCA Art. 7, as io/interchange.cpp checks it. */
export function personalIdProblem(id: string, birthDate: string, sex: string): string | null {
  if (!/^\d{12}$/.test(id)) return 'số định danh cá nhân phải gồm đúng 12 chữ số'
  const place = Number(id.slice(0, 3))
  if (place < 1 || place > 96) return '3 chữ số đầu (mã nơi đăng ký khai sinh) phải từ 001 đến 096'
  const year = Number(birthDate.slice(0, 4))
  if (!year) return null
  const centurySex = Number(id[3])
  const hundreds = 19 + Math.floor(centurySex / 2)
  if (Math.floor(year / 100) !== hundreds)
    return `chữ số thứ 4 (${id[3]}) không khớp với thế kỷ của năm sinh ${year}`
  if (Number(id.slice(4, 6)) !== year % 100)
    return `chữ số thứ 5–6 (${id.slice(4, 6)}) không khớp với năm sinh ${year}`
  if ((sex === 'male' || sex === 'female') && (centurySex % 2 === 1) !== (sex === 'female'))
    return `chữ số thứ 4 (${id[3]}) không khớp với giới tính`
  return null
}

function checkValue(f: FieldSpec, value: string): string | null {
  const v = value.trim()
  if (v === '') return f.required ? 'bắt buộc' : null
  switch (f.kind) {
    case 'code':
      return f.codes && !(v in f.codes) ? `giá trị "${v}" không hợp lệ` : null
    case 'bool':
      return v === '1' || v === '0' ? null : 'cần 1 (có) hoặc 0 (không)'
    case 'int':
      return /^\d{1,15}$/.test(v) ? null : `giá trị "${v}" không hợp lệ; cần số nguyên không âm (đồng)`
    case 'decimal':
      return /^\d{1,12}(\.\d{1,3})?$/.test(v)
        ? null
        : `giá trị "${v}" không hợp lệ; cần số không âm, tối đa 3 chữ số thập phân (ví dụ 35,5)`
    case 'list': {
      if (v === 'none') return null
      for (const item of v.split(';').map((s) => s.trim())) {
        if (!f.codes || !(item in f.codes))
          return `"${item}" không hợp lệ; cần các giá trị ${Object.keys(f.codes ?? {}).join(', ')} cách nhau bởi dấu ;, hoặc none`
      }
      return null
    }
    default:
      return null
  }
}

/** Every problem of a form, as the import would report them; empty when it can be sent. */
export function validate(form: HouseholdForm, today: string = todayIso()): Problem[] {
  const problems: Problem[] = []
  for (const f of HOUSEHOLD_FIELDS) {
    const msg = checkValue(f, form.household[f.key] ?? '')
    if (msg) problems.push({ column: f.key, message: msg })
  }
  for (const [key, value] of Object.entries(form.household)) {
    if (key.startsWith('deprived_') && value !== '' && value !== '0' && value !== '1')
      problems.push({ column: key, message: 'cần 1 (có) hoặc 0 (không)' })
  }
  if (form.members.length === 0) problems.push({ column: 'members', message: 'hộ phải có ít nhất một thành viên' })
  const seen = new Map<string, number>()
  let heads = 0
  form.members.forEach((m, i) => {
    const at = { member: i, member_id: m.member_id }
    for (const f of MEMBER_FIELDS) {
      if (f.key === 'birth_date' || f.key === 'personal_id') continue
      const msg = checkValue(f, m[f.key] ?? '')
      if (msg) problems.push({ ...at, column: f.key, message: msg })
    }
    const birth = (m.birth_date ?? '').trim()
    if (birth === '') problems.push({ ...at, column: 'birth_date', message: 'bắt buộc' })
    else if (/^\d{4}$/.test(birth)) {
      if (Number(birth) < 1) problems.push({ ...at, column: 'birth_date', message: `ngày "${birth}" không hợp lệ` })
      else if (Number(birth) > Number(today.slice(0, 4)))
        problems.push({ ...at, column: 'birth_date', message: `năm sinh ${birth} sau năm hiện tại` })
    } else if (!isRealDate(birth))
      problems.push({ ...at, column: 'birth_date', message: `ngày "${birth}" không hợp lệ; cần YYYY-MM-DD (ngày có thật) hoặc YYYY` })
    else if (birth > today)
      problems.push({ ...at, column: 'birth_date', message: `ngày sinh ${birth} sau ngày hiện tại ${today}` })
    const pid = (m.personal_id ?? '').trim()
    if (pid && !isMasked(pid) && (isRealDate(birth) || /^\d{4}$/.test(birth))) {
      const msg = personalIdProblem(pid, birth, m.sex ?? '')
      if (msg) problems.push({ ...at, column: 'personal_id', message: msg })
    }
    const id = m.member_id.trim()
    if (id) {
      if (seen.has(id))
        problems.push({ ...at, column: 'member_id', message: `mã thành viên "${id}" bị trùng với thành viên thứ ${(seen.get(id) ?? 0) + 1}` })
      else seen.set(id, i)
    }
    if (m.relation === 'head' && ++heads === 2)
      problems.push({ ...at, column: 'relation', message: 'hộ có nhiều hơn một chủ hộ' })
  })
  return problems
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
