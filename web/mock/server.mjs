// A small in-memory stand-in for `giamngheo serve --demo`, following docs/API.md, so the
// interface can be developed and its end-to-end tests exercised before the real server exists.
// It is never shipped: `npm run mock` (API only, for `npm run dev`) or
// `node mock/server.mjs --port 8091 --static dist` (API + built front end, for `npm run e2e -- --mock`).
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'

const args = process.argv.slice(2)
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def }
const PORT = Number(opt('--port', process.env.PORT ?? 8091))
const STATIC = opt('--static', null)
const JOB_MS = Number(opt('--job-ms', 2500))

// ---------- units: a hand-written piece of Thanh Hóa on both maps ----------
const U = (code, name, full_name, type, level, parent_code, map) => ({ code, name, full_name, type, level, parent_code, map, area: type === 'Xã' ? 'rural' : type === 'Thị trấn' || type === 'Phường' ? 'urban' : null })
const units = { 2024: [
  U('38', 'Thanh Hóa', 'Tỉnh Thanh Hóa', 'Tỉnh', 'province', null, 2024),
  U('402', 'Như Xuân', 'Huyện Như Xuân', 'Huyện', 'district', '38', 2024),
  U('406', 'Quảng Xương', 'Huyện Quảng Xương', 'Huyện', 'district', '38', 2024),
  U('16204', 'Bình Lương', 'Xã Bình Lương', 'Xã', 'commune', '402', 2024),
  U('16186', 'Hóa Quỳ', 'Xã Hóa Quỳ', 'Xã', 'commune', '402', 2024),
  U('16174', 'Yên Cát', 'Thị trấn Yên Cát', 'Thị trấn', 'commune', '402', 2024),
  U('16438', 'Tân Phong', 'Thị trấn Tân Phong', 'Thị trấn', 'commune', '406', 2024),
], 2025: [
  U('38', 'Thanh Hóa', 'Tỉnh Thanh Hóa', 'Tỉnh', 'province', null, 2025),
  U('16186', 'Hóa Quỳ', 'Xã Hóa Quỳ', 'Xã', 'commune', '38', 2025),
  U('16174', 'Như Xuân', 'Xã Như Xuân', 'Xã', 'commune', '38', 2025),
  U('16438', 'Lưu Vệ', 'Xã Lưu Vệ', 'Xã', 'commune', '38', 2025),
] }
const to2025 = { 16204: '16186', 16186: '16186', 16174: '16174', 16438: '16438' }
const villages = {
  16204: ['Quang Trung', 'Làng Gió', 'Thảng Lộc', 'Làng Sao', 'Hợp Thành', 'Làng Mài'],
  16186: ['Thôn 1', 'Thôn 2', 'Thôn 3'], 16174: ['Khu phố 1', 'Khu phố 2'], 16438: ['Tổ 1', 'Tổ 2', 'Tổ 3'],
}
const unitOf = (code, map) => units[map].find((u) => u.code === code)
const anyUnit = (code) => unitOf(code, 2024) ?? unitOf(code, 2025)
function ancestors(code, map) {
  const out = []
  let u = unitOf(code, map)
  while (u && u.parent_code) { u = unitOf(u.parent_code, map); if (u) out.unshift(u) }
  return out
}
function isUnder(code, top, map) {
  if (code === top) return true
  return ancestors(code, map).some((a) => a.code === top)
}
/** The 2024 communes (households are recorded under them) that a unit covers, on either map. */
function communesOf(top) {
  const set = new Set()
  for (const c of Object.keys(to2025)) {
    if (unitOf(top, 2024) && isUnder(c, top, 2024)) set.add(c)
    if (unitOf(top, 2025) && isUnder(to2025[c], top, 2025)) set.add(c)
  }
  return set
}

// ---------- deterministic synthetic households ----------
let seed = 2024
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
const pick = (a) => a[Math.floor(rnd() * a.length)]
const family = ['Nguyễn', 'Lê', 'Trần', 'Phạm', 'Hoàng', 'Vi', 'Lò', 'Lương', 'Hà', 'Cầm']
const male = ['Văn Hùng', 'Văn Sơn', 'Văn Tuấn', 'Văn Bình', 'Đức Thắng', 'Văn Phúc', 'Minh Quang']
const female = ['Thị Phương', 'Thị Lan', 'Thị Hoa', 'Thị Mai', 'Thị Hằng', 'Thị Nga']
function personalId(year, sex) {
  const cs = (Math.floor(year / 100) - 19) * 2 + (sex === 'female' ? 1 : 0)
  return '038' + cs + String(year % 100).padStart(2, '0') + String(Math.floor(rnd() * 1e6)).padStart(6, '0')
}
const households = new Map()
const counts = { 16204: 120, 16186: 70, 16174: 50, 16438: 60 }
let serial = 0
for (const [commune, n] of Object.entries(counts)) {
  for (let i = 0; i < n; i++) {
    const id = `${commune}-2024-${String(serial++).padStart(5, '0')}`
    const fam = pick(family)
    const poorish = rnd() < 0.18
    const size = 1 + Math.floor(rnd() * 5)
    const members = []
    for (let k = 0; k < size; k++) {
      const sex = k === 0 ? (rnd() < 0.8 ? 'male' : 'female') : k === 1 ? 'female' : pick(['male', 'female'])
      const year = k < 2 ? 1955 + Math.floor(rnd() * 40) : 2000 + Math.floor(rnd() * 24)
      const bd = `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`
      members.push({
        member_id: `${id}-${String(k + 1).padStart(2, '0')}`,
        full_name: `${fam} ${pick(sex === 'male' ? male : female)}`,
        personal_id: personalId(year, sex), relation: k === 0 ? 'head' : k === 1 ? 'spouse' : 'child', sex, birth_date: bd,
        ethnicity: commune === '16204' ? pick(['Thái', 'Mường', 'Kinh']) : 'Kinh', disability: 'none',
        social_protection: false, revolutionary_merit: rnd() < 0.03, health_insurance: rnd() < (poorish ? 0.6 : 0.95),
        employment: year > 2008 ? 'not_in_labour_force' : pick(['self_employed', 'wage_contract', 'wage_no_contract', 'unemployed']),
        attending_level: year > 2008 ? 'primary' : 'none', completed_level: year > 2008 ? 'none' : 'upper_secondary',
        stunted: null, underweight: null, uses_phone: true, uses_internet: rnd() < (poorish ? 0.4 : 0.9),
      })
    }
    households.set(id, {
      household_id: id, unit_code: commune, village: pick(villages[commune]), head_name: members[0].full_name,
      area: null, income_per_capita: poorish ? 800000 + Math.floor(rnd() * 9) * 100000 : 1600000 + Math.floor(rnd() * 50) * 100000,
      score_a: null, housing_type: poorish ? pick(['less_permanent', 'simple', 'semi_permanent']) : pick(['permanent', 'semi_permanent']),
      housing_area_m2: Math.round((20 + rnd() * 80) * 100) / 100, water_source: poorish ? pick(['surface', 'drilled_well', 'unprotected_dug_well']) : 'drilled_well',
      latrine: poorish ? pick(['unhygienic', 'none', 'septic']) : 'septic', info_assets: poorish ? pick([[], ['radio'], ['tv']]) : ['tv', 'smartphone'],
      hears_loudspeaker: rnd() < 0.7, waste_treatment: 'collected', members, version: 1,
    })
  }
}

// ---------- a simplified review engine (the real one is in core/) ----------
const STANDARDS = [
  { id: 'vn-2022', name: 'Chuẩn nghèo đa chiều 2022–2025 (Nghị định 07/2021/NĐ-CP)', status: 'in_force', line: { rural: 1500000, urban: 2000000 }, band: 1.5,
    indicators: [['employment', 'Việc làm', 'Việc làm'], ['dependants', 'Người phụ thuộc trong hộ', 'Việc làm'], ['nutrition', 'Dinh dưỡng', 'Y tế'], ['health_insurance', 'Bảo hiểm y tế', 'Y tế'], ['adult_education', 'Trình độ giáo dục của người lớn', 'Giáo dục'], ['child_schooling', 'Tình trạng đi học của trẻ em', 'Giáo dục'], ['housing_quality', 'Chất lượng nhà ở', 'Nhà ở'], ['housing_area', 'Diện tích nhà ở bình quân đầu người', 'Nhà ở'], ['water', 'Nguồn nước sinh hoạt', 'Nước sinh hoạt và vệ sinh'], ['latrine', 'Nhà tiêu hợp vệ sinh', 'Nước sinh hoạt và vệ sinh'], ['telecom', 'Sử dụng dịch vụ viễn thông', 'Thông tin'], ['info_access', 'Phương tiện phục vụ tiếp cận thông tin', 'Thông tin']] },
  { id: 'vn-2027', name: 'Chuẩn nghèo đa chiều 2027–2030 (Nghị định 351/2025/NĐ-CP, tạm thời)', status: 'provisional', line: { rural: 2200000, urban: 2800000 }, band: 1.5,
    indicators: [['employment', 'Việc làm', 'Việc làm'], ['dependants', 'Người phụ thuộc trong hộ', 'Việc làm'], ['nutrition', 'Dinh dưỡng', 'Y tế'], ['health_insurance', 'Bảo hiểm y tế', 'Y tế'], ['adult_education', 'Trình độ giáo dục của người lớn', 'Giáo dục'], ['child_schooling', 'Tình trạng đi học của trẻ em', 'Giáo dục'], ['housing_quality', 'Chất lượng nhà ở', 'Nhà ở'], ['housing_area', 'Diện tích nhà ở bình quân đầu người', 'Nhà ở'], ['water', 'Nguồn nước sinh hoạt', 'Nước sinh hoạt và vệ sinh'], ['latrine', 'Nhà tiêu hợp vệ sinh', 'Nước sinh hoạt và vệ sinh'], ['telecom', 'Sử dụng dịch vụ viễn thông', 'Thông tin'], ['digital_services', 'Sử dụng dịch vụ số', 'Thông tin'], ['waste', 'Xử lý rác thải', 'Nước sinh hoạt và vệ sinh']] },
].map((s) => ({ ...s, indicators: s.indicators.map(([key, name, dimension]) => ({ key, name, dimension })) }))
const std = (id) => STANDARDS.find((s) => s.id === id)
const areaOf = (h) => h.area ?? (unitOf(h.unit_code, 2024)?.area ?? 'rural')
const b = (v) => v === true || v === 1 || v === '1'
const nb = (v) => v === false || v === 0 || v === '0'
function indicatorValue(h, key, year) {
  const ms = h.members
  const age = (m) => year - Number(String(m.birth_date).slice(0, 4))
  switch (key) {
    case 'employment': return ms.some((m) => age(m) >= 15 && age(m) < 60 && ['unemployed', 'wage_no_contract'].includes(m.employment)) ? 1 : 0
    case 'dependants': return ms.filter((m) => age(m) < 16 || age(m) >= 60).length / ms.length > 0.5 ? 1 : 0
    case 'nutrition': return ms.some((m) => age(m) < 16 && (b(m.stunted) || b(m.underweight))) ? 1 : 0
    case 'health_insurance': return ms.some((m) => age(m) >= 6 && nb(m.health_insurance)) ? 1 : 0
    case 'adult_education': return ms.some((m) => age(m) >= 18 && age(m) <= 30 && m.attending_level === 'none' && ['none', 'primary', 'lower_secondary'].includes(m.completed_level)) ? 1 : 0
    case 'child_schooling': return ms.some((m) => age(m) >= 6 && age(m) < 16 && m.attending_level === 'none') ? 1 : 0
    case 'housing_quality': return h.housing_type == null ? null : ['less_permanent', 'simple'].includes(h.housing_type) ? 1 : 0
    case 'housing_area': return h.housing_area_m2 == null ? null : Number(h.housing_area_m2) / ms.length < 8 ? 1 : 0
    case 'water': return h.water_source == null ? null : ['piped', 'drilled_well', 'protected_dug_well', 'protected_spring', 'rainwater', 'bottled'].includes(h.water_source) ? 0 : 1
    case 'latrine': return h.latrine == null ? null : ['septic', 'semi_septic', 'pour_flush', 'double_vault', 'ventilated_pit'].includes(h.latrine) ? 0 : 1
    case 'telecom': case 'digital_services': return ms.some((m) => b(m.uses_internet)) ? 0 : 1
    case 'info_access': return (Array.isArray(h.info_assets) && h.info_assets.length) || b(h.hears_loudspeaker) ? 0 : 1
    case 'waste': return h.waste_treatment == null ? null : h.waste_treatment === 'unhygienic' ? 1 : 0
    default: return null
  }
}
function flagsOf(h) {
  const head = h.members.find((m) => m.relation === 'head') ?? h.members[0]
  return { ethnic_minority: head && head.ethnicity && head.ethnicity !== 'Kinh' ? 1 : 0, revolutionary_merit: h.members.some((m) => b(m.revolutionary_merit)) ? 1 : 0,
    social_protection_only: h.members.every((m) => b(m.social_protection)) ? 1 : 0, no_labour_capacity: 0, female_head: head?.sex === 'female' ? 1 : 0 }
}
function classify(h, standardId, year) {
  const s = std(standardId)
  const values = Object.fromEntries(s.indicators.map((i) => [i.key, indicatorValue(h, i.key, year)]))
  const count = Object.values(values).filter((v) => v === 1).length
  const area = areaOf(h)
  const line = s.line[area]
  const inc = h.income_per_capita == null ? null : Number(h.income_per_capita)
  const income_test = inc == null ? 'unknown' : inc <= line ? 'low_income' : inc <= line * s.band ? 'average_band' : 'above'
  const cls = income_test === 'unknown' ? 'unclassified' : income_test === 'low_income' ? (count >= 3 ? 'poor' : 'near_poor') : income_test === 'average_band' ? 'average' : 'above_average'
  return { household_id: h.household_id, unit_code: h.unit_code, area, class: cls, income_test, deprivation_count: count, score_b: count * 10, ...values, ...flagsOf(h) }
}
const TRANS = { 'poor>poor': 'remained_poor', 'poor>near_poor': 'escaped_poverty', 'poor>average': 'escaped_poverty', 'poor>above_average': 'escaped_poverty', 'near_poor>poor': 'fell_into_poverty', 'near_poor>near_poor': 'remained_near_poor', 'near_poor>average': 'escaped_near_poverty', 'near_poor>above_average': 'escaped_near_poverty', 'average>poor': 'newly_poor', 'above_average>poor': 'newly_poor', 'average>near_poor': 'newly_near_poor', 'above_average>near_poor': 'newly_near_poor' }

const rounds = []
function runRound({ year, kind = 'periodic', scope = null, reference_date, standard = 'vn-2022' }) {
  const previous = [...rounds].reverse().find((r) => r.status === 'approved' && r.year < year)
  const results = new Map()
  for (const h of households.values()) {
    if (scope && !communesOf(scope).has(h.unit_code)) continue
    const r = classify(h, standard, year)
    const before = previous?.results.get(h.household_id)
    r.transition = before ? (TRANS[`${before.class}>${r.class}`] ?? '') : ''
    results.set(h.household_id, r)
  }
  const by_class = {}
  for (const r of results.values()) by_class[r.class] = (by_class[r.class] ?? 0) + 1
  const round = { id: rounds.length + 1, year, kind, scope, reference_date, standard, status: 'draft', decision_date: null, households: results.size, by_class, results }
  rounds.push(round)
  return round
}
const publicRound = ({ results, ...r }) => r
runRound({ year: 2024, reference_date: '2024-11-01' })
Object.assign(rounds[0], { status: 'approved', decision_date: '2024-12-20' })
// a little change between the years, so trends and transitions show something
for (const h of households.values()) if (rnd() < 0.25 && h.income_per_capita < 1500000) h.income_per_capita += 900000
runRound({ year: 2025, reference_date: '2025-11-01' })

// ---------- users, sessions, audit ----------
const users = new Map()
const addUser = (username, full_name, role, unit_code, password) => users.set(username, { username, full_name, role, unit_code, disabled: false, password })
addUser('admin', 'Nguyễn Quản Trị', 'admin', '38', 'admin-demo-2025')
addUser('tinh', 'Lê Thị Thanh', 'province_officer', '38', 'tinh-demo-2025')
addUser('xa', 'Vi Văn Lương', 'commune_officer', '16204', 'xa-demo-2025')
addUser('xa2', 'Hà Thị Quỳ', 'commune_officer', '16186', 'xa2-demo-2025')
addUser('ratsoat', 'Lò Văn Sao', 'reviewer', '16204', 'ratsoat-demo-2025')
addUser('xem', 'Phạm Minh Xem', 'viewer', '38', 'xem-demo-2025')
const publicUser = (u) => ({ username: u.username, full_name: u.full_name, role: u.role, unit_code: u.unit_code, unit_name: anyUnit(u.unit_code)?.full_name ?? u.unit_code, disabled: u.disabled })
const sessions = new Map()
const failures = new Map()
const audit = []
const histories = new Map()
const jobs = new Map()
let jobSerial = 0

// ---------- HTTP helpers ----------
const ERR = { 400: 'invalid_input', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 412: 'stale_version', 413: 'too_large', 422: 'validation', 429: 'too_many_attempts' }
function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers })
  res.end(status === 204 ? undefined : text)
}
const fail = (res, status, message, extra = {}) => send(res, status, { error: { code: ERR[status] ?? 'error', message, details: extra.details ?? null }, ...extra.body })
function readBody(req, limit = 10 * 1024 * 1024) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    req.on('data', (c) => { size += c.length; if (size > limit) { reject(Object.assign(new Error('too large'), { status: 413 })); req.destroy() } else chunks.push(c) })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
function cookies(req) {
  return Object.fromEntries((req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).filter((p) => p[0]))
}
const canSeeIds = (role) => ['admin', 'province_officer', 'commune_officer'].includes(role)
const mask = (id) => (id && id.length === 12 ? id.slice(0, 4) + '******' + id.slice(10) : id)
function view(h, user) {
  const copy = structuredClone(h)
  if (!canSeeIds(user.role)) for (const m of copy.members) m.personal_id = mask(m.personal_id)
  return copy
}
const inScope = (user, communeCode) => user.role === 'admin' || communesOf(user.unit_code).has(communeCode)
const unitInScope = (user, code) => {
  if (user.role === 'admin') return true
  const mine = communesOf(user.unit_code)
  const theirs = communesOf(code)
  return theirs.size > 0 && [...theirs].every((c) => mine.has(c))
}
const writer = (u) => ['admin', 'province_officer', 'commune_officer'].includes(u.role)
function record(user, action, household_id, changes = []) {
  audit.push({ at: new Date().toISOString(), user: user.username, action, source: 'web', household_id: household_id ?? null, changes })
}
function diff(before, after) {
  const changes = []
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (k === 'members' || k === 'version') continue
    if (JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)) changes.push({ field: k, old: before[k] ?? null, new: after[k] ?? null })
  }
  const bm = new Map(before.members.map((m) => [m.member_id, m]))
  for (const m of after.members) {
    const o = bm.get(m.member_id) ?? {}
    for (const k of Object.keys(m)) if (JSON.stringify(o[k] ?? null) !== JSON.stringify(m[k] ?? null)) changes.push({ field: k, member_id: m.member_id, old: o[k] ?? null, new: m[k] ?? null })
    bm.delete(m.member_id)
  }
  for (const id of bm.keys()) changes.push({ field: 'member', member_id: id, old: 'có', new: null })
  return changes
}

// ---------- validation shared by PUT and import (simplified io/interchange.cpp) ----------
const CODES = {
  area: ['rural', 'urban'], housing_type: ['permanent', 'semi_permanent', 'less_permanent', 'simple'],
  water_source: ['piped', 'drilled_well', 'protected_dug_well', 'protected_spring', 'rainwater', 'bottled', 'unprotected_dug_well', 'unprotected_spring', 'surface', 'other'],
  latrine: ['septic', 'semi_septic', 'pour_flush', 'double_vault', 'ventilated_pit', 'pit_with_slab', 'unhygienic', 'none'], waste_treatment: ['collected', 'hygienic_self', 'unhygienic'],
  relation: ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'], sex: ['male', 'female'], disability: ['none', 'mild', 'severe', 'very_severe'],
  employment: ['wage_contract', 'wage_no_contract', 'self_employed', 'unpaid_family', 'unemployed', 'not_in_labour_force'],
  attending_level: ['none', 'preschool', 'primary', 'lower_secondary', 'upper_secondary', 'vocational', 'higher'],
  completed_level: ['none', 'primary', 'lower_secondary', 'upper_secondary', 'vocational_elementary', 'vocational_intermediate', 'college', 'university'],
}
function personalIdProblem(id, birth, sex) {
  if (!/^\d{12}$/.test(id)) return 'số định danh cá nhân phải gồm đúng 12 chữ số'
  const year = Number(String(birth).slice(0, 4))
  if (Math.floor(year / 100) !== 19 + Math.floor(Number(id[3]) / 2)) return `chữ số thứ 4 (${id[3]}) không khớp với thế kỷ của năm sinh ${year}`
  if (Number(id.slice(4, 6)) !== year % 100) return `chữ số thứ 5–6 (${id.slice(4, 6)}) không khớp với năm sinh ${year}`
  if (sex && (Number(id[3]) % 2 === 1) !== (sex === 'female')) return `chữ số thứ 4 (${id[3]}) không khớp với giới tính`
  return null
}
function checkHousehold(h, user, push) {
  if (!h.household_id) push('household_id', 'bắt buộc')
  if (!h.unit_code) push('unit_code', 'bắt buộc')
  else if (!unitOf(h.unit_code, 2024) || unitOf(h.unit_code, 2024).level !== 'commune') push('unit_code', `mã đơn vị "${h.unit_code}" không có trong danh mục đơn vị hành chính`)
  else if (!inScope(user, h.unit_code)) push('unit_code', `đơn vị "${h.unit_code}" nằm ngoài phạm vi của bạn`)
  for (const k of ['area', 'housing_type', 'water_source', 'latrine', 'waste_treatment']) if (h[k] != null && h[k] !== '' && !CODES[k].includes(h[k])) push(k, `giá trị "${h[k]}" không hợp lệ`)
  if (h.income_per_capita != null && h.income_per_capita !== '' && !/^\d+$/.test(String(h.income_per_capita))) push('income_per_capita', `giá trị "${h.income_per_capita}" không hợp lệ; cần số nguyên không âm`)
}
function checkMember(m, push) {
  if (!m.member_id) push('member_id', 'bắt buộc')
  if (!m.birth_date) push('birth_date', 'bắt buộc')
  else if (!/^\d{4}(-\d{2}-\d{2})?$/.test(m.birth_date)) push('birth_date', `ngày "${m.birth_date}" không hợp lệ; cần YYYY-MM-DD (ngày có thật) hoặc YYYY`)
  for (const k of ['relation', 'sex', 'disability', 'employment', 'attending_level', 'completed_level']) if (m[k] != null && m[k] !== '' && !CODES[k].includes(m[k])) push(k, `giá trị "${m[k]}" không hợp lệ`)
  if (m.personal_id && !String(m.personal_id).includes('*') && m.birth_date) { const p = personalIdProblem(String(m.personal_id), m.birth_date, m.sex); if (p) push('personal_id', p) }
}

// ---------- CSV / XLSX / multipart for imports ----------
function parseCsv(text) {
  const rows = []; let row = []; let field = ''; let q = false
  text = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (q) { if (c === '"') { if (text[i + 1] === '"') { field += '"'; i++ } else q = false } else field += c }
    else if (c === '"') q = true
    else if (c === ',') { row.push(field); field = '' }
    else if (c === '\n' || c === '\r') { if (c === '\r' && text[i + 1] === '\n') i++; row.push(field); rows.push(row); row = []; field = '' }
    else field += c
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row) }
  return rows.filter((r) => r.some((f) => f !== ''))
}
async function parseTable(part) {
  if (/\.xlsx$/i.test(part.filename) || part.data.slice(0, 2).toString() === 'PK') {
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(part.data)
    const ws = wb.worksheets[0]
    const rows = []
    ws.eachRow({ includeEmpty: false }, (r) => { const vals = []; for (let i = 1; i <= ws.columnCount; i++) { const v = r.getCell(i).value; vals.push(v == null ? '' : typeof v === 'object' && 'text' in v ? String(v.text) : String(v)) } rows.push(vals) })
    return rows
  }
  return parseCsv(part.data.toString('utf8'))
}
function multipart(buf, type) {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type ?? '')
  if (!m) return {}
  const boundary = Buffer.from('--' + (m[1] ?? m[2]))
  const parts = {}
  let start = buf.indexOf(boundary)
  while (start >= 0) {
    const next = buf.indexOf(boundary, start + boundary.length)
    if (next < 0) break
    const chunk = buf.slice(start + boundary.length + 2, next - 2)
    const sep = chunk.indexOf('\r\n\r\n')
    const head = chunk.slice(0, sep).toString()
    const name = /name="([^"]+)"/.exec(head)?.[1]
    const filename = /filename="([^"]*)"/.exec(head)?.[1] ?? ''
    if (name) parts[name] = { filename, data: chunk.slice(sep + 4) }
    start = next
  }
  return parts
}
const BOOLS = ['hears_loudspeaker', 'social_protection', 'revolutionary_merit', 'health_insurance', 'stunted', 'underweight', 'uses_phone', 'uses_internet']
async function importFiles(parts, user, dryRun) {
  const problems = []
  if (!parts.households || !parts.members) return { ok: false, households: 0, members: 0, problems: [{ file: parts.households ? 'members' : 'households', row: 0, column: '', message: 'thiếu tệp' }], summary: 'Thiếu tệp.' }
  const hname = parts.households.filename || 'households'; const mname = parts.members.filename || 'members'
  const [ht, mt] = [await parseTable(parts.households), await parseTable(parts.members)]
  const table = (rows) => rows.slice(1).map((r) => Object.fromEntries(rows[0].map((h, i) => [h.trim(), (r[i] ?? '').trim()])))
  for (const [rows, file, req] of [[ht, hname, ['household_id', 'unit_code']], [mt, mname, ['household_id', 'member_id', 'birth_date']]])
    for (const c of req) if (!rows[0]?.map((x) => x.trim()).includes(c)) problems.push({ file, row: 1, column: c, message: 'thiếu cột bắt buộc' })
  if (problems.length) return { ok: false, households: 0, members: 0, problems, summary: `${problems.length} lỗi` }
  const hs = new Map()
  table(ht).forEach((h, i) => {
    const push = (column, message) => problems.push({ file: hname, row: i + 2, column, message })
    for (const k of Object.keys(h)) if (h[k] === '') h[k] = null
    if (h.income_per_capita != null && /^\d+$/.test(h.income_per_capita)) h.income_per_capita = Number(h.income_per_capita)
    if (h.housing_area_m2 != null) h.housing_area_m2 = Number(h.housing_area_m2)
    h.info_assets = h.info_assets == null ? null : h.info_assets === 'none' ? [] : h.info_assets.split(';')
    if (h.hears_loudspeaker != null) h.hears_loudspeaker = h.hears_loudspeaker === '1'
    checkHousehold(h, user, push)
    if (hs.has(h.household_id)) push('household_id', `mã hộ "${h.household_id}" bị trùng`)
    h.members = []; hs.set(h.household_id, h)
  })
  let memberCount = 0
  table(mt).forEach((m, i) => {
    const push = (column, message) => problems.push({ file: mname, row: i + 2, column, message })
    for (const k of Object.keys(m)) if (m[k] === '') m[k] = null
    for (const k of BOOLS) if (m[k] != null) m[k] = m[k] === '1'
    checkMember(m, push)
    const h = hs.get(m.household_id)
    if (!h) push('household_id', `hộ "${m.household_id}" không có trong ${hname}`)
    else { const { household_id, ...rest } = m; h.members.push(rest); memberCount++ }
  })
  for (const h of hs.values()) if (!h.members.length) problems.push({ file: hname, row: 0, column: 'household_id', message: `hộ "${h.household_id}" không có thành viên nào trong ${mname}` })
  const ok = problems.length === 0
  if (ok && !dryRun) for (const h of hs.values()) {
    const old = households.get(h.household_id)
    const next = { ...h, version: (old?.version ?? 0) + 1 }
    households.set(h.household_id, next)
    pushHistory(next, user, 'import', old ? diff(old, next) : [{ field: 'household', old: null, new: 'nhập mới' }])
    record(user, 'import', h.household_id)
  }
  return { ok, households: hs.size, members: memberCount, problems, summary: ok ? `${hs.size} hộ, ${memberCount} thành viên${dryRun ? ' hợp lệ (chạy thử, chưa ghi)' : ' đã được nhập'}` : `${problems.length} lỗi; chưa ghi gì` }
}
function pushHistory(h, user, source, changes) {
  if (!histories.has(h.household_id)) histories.set(h.household_id, [])
  histories.get(h.household_id).push({ version: h.version, at: new Date().toISOString(), user: user.username, source, changes })
}

// ---------- statistics ----------
function statsRows(round, level, map, unit, user) {
  const std0 = std(round.standard)
  const groups = new Map()
  const top = unit || (user.role === 'admin' ? null : user.unit_code)
  const within = top ? communesOf(top) : null
  for (const r of round.results.values()) {
    if (!inScope(user, r.unit_code) || (within && !within.has(r.unit_code))) continue
    const h = households.get(r.household_id)
    const commune = map === 2025 ? to2025[r.unit_code] : r.unit_code
    let key
    if (level === 'village') key = `${r.unit_code}:${h?.village ?? ''}`
    else if (level === 'commune') key = commune
    else key = [...ancestors(commune, map), unitOf(commune, map)].find((u) => u?.level === level)?.code
    if (!key) continue
    if (!groups.has(key)) groups.set(key, [])
    groups.get(key).push(r)
  }
  const row = (code, name, lvl, list) => {
    const n = list.length || 1
    const c = (k) => list.filter((r) => r.class === k).length
    const o = { unit_code: code, unit_name: name, level: lvl, households: list.length, members: list.reduce((s, r) => s + (households.get(r.household_id)?.members.length ?? 0), 0),
      poor: c('poor'), near_poor: c('near_poor'), average: c('average'), above_average: c('above_average'), unclassified: c('unclassified') }
    o.poor_rate = o.poor / n; o.near_poor_rate = o.near_poor / n; o.multidimensional_rate = (o.poor + o.near_poor) / n; o.poor_rate_excluding = o.poor_rate
    const af = list.filter((r) => std0.indicators.every((i) => r[i.key] != null)); const poorAf = af.filter((r) => r.deprivation_count >= 3)
    o.af_households = af.length; o.H = af.length ? poorAf.length / af.length : 0; o.A = poorAf.length ? poorAf.reduce((s, r) => s + r.deprivation_count, 0) / poorAf.length / std0.indicators.length : 0; o.M0 = o.H * o.A
    for (const i of std0.indicators) {
      o[`h_${i.key}`] = af.length ? af.filter((r) => r[i.key] === 1).length / af.length : 0
      o[`hk_${i.key}`] = af.length ? poorAf.filter((r) => r[i.key] === 1).length / af.length : 0
      o[`contrib_${i.key}`] = o.M0 ? (o[`hk_${i.key}`] / std0.indicators.length) / o.M0 * 100 : 0
    }
    return o
  }
  const rows = [...groups.entries()].map(([code, list]) => {
    if (level === 'village') { const [c, v] = code.split(':'); return row(code, `${v} (${unitOf(c, 2024)?.name})`, 'village', list) }
    const u = unitOf(code, map); return row(code, u?.full_name ?? code, level, list)
  }).sort((a, b2) => a.unit_code.localeCompare(b2.unit_code))
  rows.push(row('ALL', 'Tổng số', 'all', [...groups.values()].flat()))
  return { rows, unplaced: 0 }
}

// ---------- routes ----------
async function handle(req, res) {
  const url = new URL(req.url, 'http://x')
  const p = url.pathname
  const q = Object.fromEntries(url.searchParams)
  if (p === '/healthz') return send(res, 200, { status: 'ok' })
  if (!p.startsWith('/api/v1/')) return serveStatic(req, res, p)
  const route = p.slice('/api/v1'.length)
  const method = req.method
  if (route === '/openapi.json') return send(res, 200, { openapi: '3.0.3', info: { title: 'giamngheo (mock)', version: '1' }, paths: {} })
  if (route === '/session' && method === 'POST') {
    const body = JSON.parse((await readBody(req)).toString() || '{}')
    const f = failures.get(body.username) ?? { n: 0, at: 0 }
    if (f.n >= 5 && Date.now() - f.at < 60000) return fail(res, 429, 'Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 1 phút.')
    const u = users.get(body.username)
    if (!u || u.password !== body.password || u.disabled) {
      failures.set(body.username, { n: f.n + 1, at: Date.now() })
      return fail(res, 401, 'Tên đăng nhập hoặc mật khẩu không đúng.')
    }
    failures.delete(body.username)
    const sid = crypto.randomBytes(18).toString('hex'); const csrf = crypto.randomBytes(18).toString('hex')
    sessions.set(sid, { username: u.username, csrf })
    return send(res, 200, { user: publicUser(u), csrf_token: csrf }, { 'Set-Cookie': `giamngheo_session=${sid}; Path=/; HttpOnly; SameSite=Strict` })
  }
  const sid = cookies(req).giamngheo_session
  const sess = sid && sessions.get(sid)
  const user = sess && users.get(sess.username)
  if (!user || user.disabled) return fail(res, 401, 'Chưa đăng nhập hoặc phiên làm việc đã hết.')
  if (method !== 'GET' && req.headers['x-csrf-token'] !== sess.csrf) return fail(res, 403, 'Thiếu hoặc sai mã chống giả mạo (CSRF). Tải lại trang rồi thử lại.')
  if (route === '/session' && method === 'DELETE') { sessions.delete(sid); return send(res, 204, undefined, { 'Set-Cookie': 'giamngheo_session=; Path=/; Max-Age=0' }) }
  if (route === '/me') return send(res, 200, { user: publicUser(user), csrf_token: sess.csrf })
  const writeOk = () => { if (!writer(user)) { fail(res, 403, 'Vai trò của bạn không được thay đổi dữ liệu.'); return false } return true }
  let m
  // users
  if (route === '/users' && method === 'GET') {
    if (user.role === 'admin') return send(res, 200, [...users.values()].map(publicUser))
    if (user.role === 'province_officer') return send(res, 200, [...users.values()].filter((u) => unitInScope(user, u.unit_code)).map(publicUser))
    return fail(res, 403, 'Chỉ quản trị hệ thống và cán bộ cấp tỉnh xem được người dùng.')
  }
  if (route === '/users' && method === 'POST') {
    if (!['admin', 'province_officer'].includes(user.role)) return fail(res, 403, 'Không có quyền quản lý người dùng.')
    const body = JSON.parse((await readBody(req)).toString() || '{}')
    const problems = []
    if (!/^[a-z0-9._-]{3,32}$/.test(body.username ?? '')) problems.push({ column: 'username', message: 'tên đăng nhập 3–32 ký tự a-z, 0-9, . _ -' })
    if (users.has(body.username)) return fail(res, 409, `Tên đăng nhập "${body.username}" đã có.`)
    if (!['admin', 'province_officer', 'commune_officer', 'reviewer', 'viewer'].includes(body.role)) problems.push({ column: 'role', message: 'vai trò không hợp lệ' })
    if (!anyUnit(body.unit_code)) problems.push({ column: 'unit_code', message: 'mã đơn vị không có' })
    else if (!unitInScope(user, body.unit_code)) return fail(res, 403, 'Đơn vị nằm ngoài phạm vi của bạn.')
    if ((body.password ?? '').length < 8) problems.push({ column: 'password', message: 'mật khẩu cần ít nhất 8 ký tự' })
    if (problems.length) return fail(res, 422, 'Dữ liệu chưa hợp lệ.', { details: problems, body: { problems } })
    addUser(body.username, body.full_name ?? '', body.role, body.unit_code, body.password)
    record(user, `user.create ${body.username}`)
    return send(res, 200, publicUser(users.get(body.username)))
  }
  if ((m = /^\/users\/([^/]+)$/.exec(route)) && method === 'PUT') {
    if (!['admin', 'province_officer'].includes(user.role)) return fail(res, 403, 'Không có quyền quản lý người dùng.')
    const u = users.get(decodeURIComponent(m[1]))
    if (!u) return fail(res, 404, 'Không có người dùng này.')
    if (!unitInScope(user, u.unit_code)) return fail(res, 403, 'Người dùng nằm ngoài phạm vi của bạn.')
    const body = JSON.parse((await readBody(req)).toString() || '{}')
    for (const k of ['full_name', 'role', 'unit_code', 'disabled']) if (body[k] !== undefined) u[k] = body[k]
    if (body.password) u.password = body.password
    record(user, `user.update ${u.username}`)
    return send(res, 200, publicUser(u))
  }
  // units
  if (route === '/units') {
    const map = Number(q.map ?? 2025)
    if (!units[map]) return fail(res, 400, 'Bản đồ phải là 2024 hoặc 2025.')
    return send(res, 200, units[map].filter((u) => (q.parent ? u.parent_code === q.parent : !u.parent_code)))
  }
  if ((m = /^\/units\/([^/]+)$/.exec(route))) {
    const map = Number(q.map ?? 2025)
    const u = unitOf(decodeURIComponent(m[1]), map)
    return u ? send(res, 200, { ...u, ancestors: ancestors(u.code, map) }) : fail(res, 404, 'Không có đơn vị này trên bản đồ đã chọn.')
  }
  // households
  if (route === '/households' && method === 'GET') {
    if (q.unit && !unitInScope(user, q.unit)) return fail(res, 403, 'Đơn vị này nằm ngoài phạm vi của bạn.')
    const round = q.round ? rounds.find((r) => String(r.id) === q.round) : rounds[rounds.length - 1]
    const within = q.unit ? communesOf(q.unit) : null
    const needle = (q.q ?? '').toLowerCase()
    let list = [...households.values()].filter((h) => inScope(user, h.unit_code) && (!within || within.has(h.unit_code)))
    if (q.village) list = list.filter((h) => h.village === q.village)
    if (needle) list = list.filter((h) => (h.head_name ?? '').toLowerCase().includes(needle) || h.members.some((mm) => (mm.full_name ?? '').toLowerCase().includes(needle) || (canSeeIds(user.role) && mm.personal_id === q.q)))
    const res1 = (h) => round?.results.get(h.household_id)
    if (q.class) list = list.filter((h) => res1(h)?.class === q.class)
    if (q.flag) list = list.filter((h) => res1(h)?.[q.flag] === 1)
    const sort = q.sort ?? 'household_id'; const desc = sort.startsWith('-'); const key = sort.replace(/^-/, '')
    list.sort((a, b2) => String(a[key] ?? '').localeCompare(String(b2[key] ?? ''), 'vi') * (desc ? -1 : 1))
    const page = Math.max(1, Number(q.page ?? 1)); const size = Math.min(500, Math.max(1, Number(q.page_size ?? 50)))
    const items = list.slice((page - 1) * size, page * size).map((h) => {
      const r = res1(h)
      return { household_id: h.household_id, unit_code: h.unit_code, unit_name: unitOf(h.unit_code, 2024)?.full_name, village: h.village, head_name: h.head_name,
        members: h.members.length, class: r?.class ?? null, flags: r ? Object.keys(FLAGS0).filter((f) => r[f] === 1) : [], version: h.version }
    })
    return send(res, 200, { total: list.length, page, page_size: size, items })
  }
  if ((m = /^\/households\/([^/]+)(\/[a-z]+)?$/.exec(route))) {
    const id = decodeURIComponent(m[1]); const h = households.get(id)
    if (!h) return fail(res, 404, `Không có hộ "${id}".`)
    if (!inScope(user, h.unit_code)) return fail(res, 403, 'Hộ này thuộc đơn vị nằm ngoài phạm vi của bạn.')
    const sub = m[2]
    if (!sub && method === 'GET') return send(res, 200, view(h, user), { ETag: `"${h.version}"` })
    if (!sub && method === 'PUT') {
      if (!writeOk()) return
      const body = JSON.parse((await readBody(req)).toString() || '{}')
      const match = String(req.headers['if-match'] ?? '').replace(/"/g, '')
      if (!match) return fail(res, 400, 'Thiếu tiêu đề If-Match (phiên bản đang sửa).')
      if (match !== String(h.version)) return send(res, 412, { error: { code: 'stale_version', message: `Hộ ${id} đã được người khác sửa (phiên bản ${h.version}). Dữ liệu bạn gửi chưa được ghi.`, details: { current_version: h.version } }, current: view(h, user) }, { ETag: `"${h.version}"` })
      const problems = []
      checkHousehold(body, user, (column, message) => problems.push({ column, message }))
      if (body.household_id !== id) problems.push({ column: 'household_id', message: 'không được đổi mã hộ' })
      if (!Array.isArray(body.members) || !body.members.length) problems.push({ column: 'members', message: 'hộ phải có ít nhất một thành viên' })
      for (const mm of body.members ?? []) checkMember(mm, (column, message) => problems.push({ member_id: mm.member_id, column, message }))
      if (problems.length) return send(res, 422, { error: { code: 'validation', message: 'Dữ liệu chưa hợp lệ.', details: problems }, problems })
      // a masked personal id sent back means "unchanged"
      const old = new Map(h.members.map((mm) => [mm.member_id, mm]))
      for (const mm of body.members) if (String(mm.personal_id ?? '').includes('*')) mm.personal_id = old.get(mm.member_id)?.personal_id ?? null
      const next = { ...body, version: h.version + 1 }
      const changes = diff(h, next)
      households.set(id, next)
      pushHistory(next, user, 'web', changes)
      record(user, 'household.update', id, changes)
      return send(res, 200, view(next, user), { ETag: `"${next.version}"` })
    }
    if (sub === '/history') return send(res, 200, [...(histories.get(id) ?? [])].reverse())
    if (sub === '/results') return send(res, 200, rounds.filter((r) => r.results.has(id)).map((r) => ({ round_id: r.id, year: r.year, standard: r.standard, status: r.status, decision_date: r.decision_date, ...r.results.get(id) })))
    if (sub === '/explain') {
      const round = q.round ? rounds.find((r) => String(r.id) === q.round) : [...rounds].reverse().find((r) => r.results.has(id))
      const r = round?.results.get(id)
      if (!r) return fail(res, 404, 'Hộ chưa có kết quả trong đợt rà soát này.')
      const indicators = std(round.standard).indicators.map((i) => ({ key: i.key, name: i.name, value: r[i.key] == null ? '' : String(r[i.key]), detail: r[i.key] === 1 ? `Hộ thiếu hụt chỉ số ${i.name.toLowerCase()}.` : r[i.key] === 0 ? 'Không thiếu hụt.' : 'Chưa đủ thông tin để xác định.', members: [], missing: r[i.key] == null ? ['housing_type'] : [] }))
      const names = { poor: 'hộ nghèo', near_poor: 'hộ cận nghèo', average: 'hộ có mức sống trung bình', above_average: 'hộ trên mức trung bình', unclassified: 'chưa phân loại' }
      const line = std(round.standard).line[r.area]
      const text = `Thu nhập bình quân ${Number(h.income_per_capita ?? 0).toLocaleString('vi-VN')} đồng/người/tháng ${r.income_test === 'low_income' ? 'không vượt' : 'vượt'} chuẩn ${line.toLocaleString('vi-VN')} đồng (khu vực ${r.area === 'rural' ? 'nông thôn' : 'thành thị'}); thiếu hụt ${r.deprivation_count} chỉ số; vì vậy là ${names[r.class]}.`
      return send(res, 200, { text, indicators, class: r.class, income_test: r.income_test, reason: r.class === 'unclassified' ? 'thiếu thu nhập' : '' })
    }
    return fail(res, 404, 'Không có đường dẫn này.')
  }
  // rounds
  const visibleRound = (r) => user.role === 'admin' || !r.scope || unitInScope(user, r.scope) || communesOf(user.unit_code).size && [...communesOf(user.unit_code)].some((c) => !r.scope || communesOf(r.scope).has(c))
  if (route === '/rounds' && method === 'GET') {
    if (q.unit && !unitInScope(user, q.unit)) return fail(res, 403, 'Đơn vị này nằm ngoài phạm vi của bạn.')
    return send(res, 200, rounds.filter(visibleRound).map(publicRound))
  }
  if (route === '/rounds' && method === 'POST') {
    if (!['admin', 'province_officer', 'commune_officer', 'reviewer'].includes(user.role)) return fail(res, 403, 'Vai trò của bạn không được chạy rà soát.')
    const body = JSON.parse((await readBody(req)).toString() || '{}')
    const scope = body.scope || (user.role === 'admin' ? null : user.unit_code)
    if (scope && !unitInScope(user, scope)) return fail(res, 403, 'Phạm vi rà soát nằm ngoài đơn vị của bạn.')
    if (!std(body.standard)) return fail(res, 422, `Không có chuẩn "${body.standard}".`, { body: { problems: [{ column: 'standard', message: 'không có' }] } })
    if (!/^\d{4}-\d{2}-\d{2}$/.test(body.reference_date ?? '')) return fail(res, 422, 'Ngày tham chiếu không hợp lệ.', { body: { problems: [{ column: 'reference_date', message: 'cần YYYY-MM-DD' }] } })
    const id = String(++jobSerial); const started = Date.now()
    const job = { state: 'running', progress: 0, result: null }
    jobs.set(id, job)
    const tick = setInterval(() => {
      job.progress = Math.min(1, (Date.now() - started) / JOB_MS)
      if (job.progress >= 1) { clearInterval(tick); const r = runRound({ ...body, year: Number(body.year), scope }); record(user, `round.run ${r.id}`); job.result = publicRound(r); job.state = 'done' }
    }, 200)
    return send(res, 202, { job: id })
  }
  if ((m = /^\/rounds\/(\d+)(\/[a-z.-]+)?$/.exec(route))) {
    const round = rounds.find((r) => String(r.id) === m[1])
    if (!round) return fail(res, 404, 'Không có đợt rà soát này.')
    if (!visibleRound(round)) return fail(res, 403, 'Đợt rà soát này nằm ngoài phạm vi của bạn.')
    const sub = m[2]
    if (q.unit && !unitInScope(user, q.unit)) return fail(res, 403, 'Đơn vị này nằm ngoài phạm vi của bạn.')
    const rows = () => [...round.results.values()].filter((r) => inScope(user, r.unit_code) && (!q.unit || communesOf(q.unit).has(r.unit_code)))
    if (!sub) return send(res, 200, publicRound(round))
    if (sub === '/approve' && method === 'POST') {
      if (!writeOk()) return
      if (round.status === 'approved') return fail(res, 409, 'Đợt rà soát đã được phê duyệt.')
      const body = JSON.parse((await readBody(req)).toString() || '{}')
      if (!/^\d{4}-\d{2}-\d{2}$/.test(body.decision_date ?? '')) return fail(res, 422, 'Ngày quyết định không hợp lệ.', { body: { problems: [{ column: 'decision_date', message: 'cần YYYY-MM-DD' }] } })
      Object.assign(round, { status: 'approved', decision_date: body.decision_date })
      record(user, `round.approve ${round.id}`)
      return send(res, 200, publicRound(round))
    }
    if (sub === '/results') {
      let list = rows(); if (q.class) list = list.filter((r) => r.class === q.class)
      const page = Math.max(1, Number(q.page ?? 1)); const size = Math.min(500, Number(q.page_size ?? 50))
      return send(res, 200, { total: list.length, page, page_size: size, items: list.slice((page - 1) * size, page * size) })
    }
    if (sub === '/stats') {
      const map = Number(q.map ?? 2025)
      if (q.unit && !anyUnit(q.unit) && q.unit !== 'ALL') return fail(res, 404, 'Không có đơn vị này.')
      return send(res, 200, statsRows(round, q.level ?? 'province', map, q.unit, user))
    }
    if (sub === '/transitions') {
      const prev = [...rounds].reverse().find((r) => r.status === 'approved' && r.year < round.year)
      const matrix = {}; const countsT = {}
      for (const r of rows()) {
        const from = prev?.results.get(r.household_id)?.class ?? 'new'
        matrix[from] ??= {}; matrix[from][r.class] = (matrix[from][r.class] ?? 0) + 1
        if (r.transition) countsT[r.transition] = (countsT[r.transition] ?? 0) + 1
      }
      return send(res, 200, { matrix, counts: countsT })
    }
    if (sub === '/what-if') {
      if (!std(q.standard)) return fail(res, 400, `Không có chuẩn "${q.standard}".`)
      const out = []
      for (const r of rows()) {
        const after = classify(households.get(r.household_id), q.standard, round.year)
        if (after.class !== r.class) out.push({ household_id: r.household_id, class_before: r.class, class_after: after.class, changes: `thiếu hụt ${r.deprivation_count} → ${after.deprivation_count}; ${after.income_test === 'low_income' ? 'thu nhập dưới chuẩn mới' : 'thu nhập trên chuẩn mới'}` })
      }
      return send(res, 200, out)
    }
    if (sub === '/export.xlsx') {
      const ExcelJS = (await import('exceljs')).default
      const wb = new ExcelJS.Workbook(); const ws = wb.addWorksheet('results')
      const list = rows(); const cols = list.length ? Object.keys(list[0]) : ['household_id']
      ws.addRow(cols); for (const r of list) ws.addRow(cols.map((c) => r[c]))
      const buf = await wb.xlsx.writeBuffer()
      res.writeHead(200, { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': `attachment; filename="round-${round.id}.xlsx"` })
      return res.end(Buffer.from(buf))
    }
    return fail(res, 404, 'Không có đường dẫn này.')
  }
  if (route === '/imports' && method === 'POST') {
    if (!writeOk()) return
    const buf = await readBody(req)
    const parts = multipart(buf, req.headers['content-type'])
    const dry = q.dry_run === '1' || q.dry_run === 'true'
    const out = await importFiles(parts, user, dry)
    return send(res, out.ok ? 200 : 422, out.ok ? out : { ...out, error: { code: 'validation', message: out.summary, details: out.problems } })
  }
  if (route === '/standards') return send(res, 200, STANDARDS.map(({ line, band, ...s }) => s))
  if (route === '/audit') {
    let list = audit.filter((a) => !a.household_id || inScope(user, households.get(a.household_id)?.unit_code))
    if (user.role !== 'admin' && user.role !== 'province_officer') list = list.filter((a) => a.user === user.username || a.household_id)
    if (q.user) list = list.filter((a) => a.user === q.user)
    if (q.household) list = list.filter((a) => a.household_id === q.household)
    const page = Math.max(1, Number(q.page ?? 1))
    return send(res, 200, { total: list.length, page, page_size: 50, items: list.slice().reverse().slice((page - 1) * 50, page * 50) })
  }
  if ((m = /^\/jobs\/([^/]+)$/.exec(route))) {
    const job = jobs.get(m[1])
    return job ? send(res, 200, job) : fail(res, 404, 'Không có công việc này.')
  }
  return fail(res, 404, 'Không có đường dẫn này.')
}
const FLAGS0 = { ethnic_minority: 1, revolutionary_merit: 1, social_protection_only: 1, no_labour_capacity: 1, female_head: 1 }

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.ico': 'image/x-icon', '.json': 'application/json' }
function serveStatic(req, res, p) {
  if (!STATIC) return fail(res, 404, 'Không có đường dẫn này.')
  const root = path.resolve(STATIC)
  let file = path.resolve(root, '.' + decodeURIComponent(p))
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html')
  res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': file.includes('/assets/') ? 'max-age=31536000, immutable' : 'no-cache' })
  fs.createReadStream(file).pipe(res)
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((e) => { if (!res.headersSent) fail(res, e.status ?? 500, e.status === 413 ? 'Tệp quá lớn.' : 'Lỗi máy chủ: ' + e.message) })
})
server.listen(PORT, '127.0.0.1', () => {
  console.log(`giamngheo (mô phỏng API) đang chạy: http://127.0.0.1:${PORT}/`)
  console.log('Người dùng demo (tên đăng nhập / mật khẩu):')
  for (const u of users.values()) console.log(`  ${u.username} / ${u.password}   ${u.role} — ${anyUnit(u.unit_code)?.full_name}`)
})
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { server.close(); process.exit(0) })
