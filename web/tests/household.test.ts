import { describe, expect, it } from 'vitest'
import { HOUSEHOLD_FIELDS, MEMBER_FIELDS, answerText, changeText, fieldLabel, fromForm, fromInputText, inputText, placeProblems, toForm, emptyMember, type Household } from '../src/lib/household'
import { COLUMNS, INFO_ASSETS, SEXES, WATER_SOURCES } from '../src/lib/labels'
import { myChanges, reapply } from '../src/lib/conflict'
import { childLevel } from '../src/lib/units'
import { parseCredentials } from '../e2e/credentials.mjs'

const base: Household = {
  household_id: 'H1', unit_code: '16204', village: 'Làng Sao', head_name: 'Vi Văn A', area: null,
  income_per_capita: 1200000, score_a: null, housing_type: 'simple', housing_area_m2: 20.5, water_source: 'surface',
  latrine: 'none', info_assets: ['radio'], hears_loudspeaker: true, waste_treatment: null, version: 3,
  members: [
    { member_id: 'H1-01', full_name: 'Vi Văn A', personal_id: '038080123456', relation: 'head', sex: 'male', birth_date: '1980-05-02', health_insurance: true },
    { member_id: 'H1-02', full_name: 'Lò Thị B', personal_id: '0381******56', relation: 'spouse', sex: 'female', birth_date: '1982', health_insurance: false },
  ],
}

describe('household form', () => {
  it('round-trips through the form keeping JSON types', () => {
    const form = toForm(base)
    expect(form.household.income_per_capita).toBe('1200000')
    expect(form.household.info_assets).toBe('radio')
    expect(form.household.hears_loudspeaker).toBe('1')
    expect(form.members[1].health_insurance).toBe('0')
    const back = fromForm(form, base)
    expect(back).toEqual(base)
  })
  it('turns edits into typed values', () => {
    const form = toForm(base)
    form.household.info_assets = 'none'
    form.household.housing_area_m2 = '35.25'
    form.members[0].uses_internet = '1'
    const back = fromForm(form, base)
    expect(back.info_assets).toEqual([])
    expect(back.housing_area_m2).toBe(35.25)
    expect(back.members[0].uses_internet).toBe(true)
  })
  it('places the server\'s problems on the household and its members', () => {
    const form = toForm(base)
    const placed = placeProblems([
      { file: 'households', row: 2, column: 'housing_type', message: 'giá trị "castle" không hợp lệ' },
      { file: 'members', row: 3, column: 'personal_id', message: 'số định danh cá nhân phải gồm đúng 12 chữ số' },
      { column: 'members', message: 'hộ phải có ít nhất một thành viên' },
    ], form)
    expect(placed).toEqual([
      { column: 'housing_type', message: 'giá trị "castle" không hợp lệ' },
      { column: 'personal_id', message: 'số định danh cá nhân phải gồm đúng 12 chữ số', member: 1, member_id: 'H1-02' },
      { column: 'members', message: 'hộ phải có ít nhất một thành viên' },
    ])
  })
  it('names a new member after the household', () => {
    expect(emptyMember('H1', toForm(base).members).member_id).toBe('H1-03')
  })
})

describe('stale write (412)', () => {
  it('re-applies my changes on top of the current values', () => {
    const original = toForm(base)
    const mine = toForm(base)
    mine.household.head_name = 'Vi Văn Mới'
    mine.members[1].health_insurance = '1'
    const current = toForm({ ...base, village: 'Hợp Thành', head_name: 'Vi Văn Khác' })
    const changes = myChanges(original, mine, current)
    expect(changes.find((c) => c.field === 'head_name')).toMatchObject({ mine: 'Vi Văn Mới', current: 'Vi Văn Khác', clash: true })
    expect(changes.find((c) => c.field === 'health_insurance')).toMatchObject({ member_id: 'H1-02', clash: false })
    const merged = reapply(original, mine, current)
    expect(merged.household.village).toBe('Hợp Thành')
    expect(merged.household.head_name).toBe('Vi Văn Mới')
    expect(merged.members[1].health_insurance).toBe('1')
  })
  it('keeps added and removed members', () => {
    const original = toForm(base)
    const mine = toForm(base)
    mine.members.splice(1, 1)
    mine.members.push({ ...emptyMember('H1', mine.members), member_id: 'H1-09', birth_date: '2020' })
    const merged = reapply(original, mine, toForm(base))
    expect(merged.members.map((m) => m.member_id)).toEqual(['H1-01', 'H1-09'])
  })
})

describe('hierarchy', () => {
  it('skips districts on the 2025 map', () => {
    expect(childLevel('province', 2024)).toBe('district')
    expect(childLevel('province', 2025)).toBe('commune')
    expect(childLevel('commune', 2025)).toBe('village')
    expect(childLevel('village', 2025)).toBeNull()
  })
})

describe('demo users printed by the server', () => {
  it('reads several ways of printing them', () => {
    const text = [
      'Mở http://127.0.0.1:8080/ để dùng thử',
      '  admin / admin-demo-2025   admin — Tỉnh Thanh Hóa',
      'commune_officer: xa / S3cret!x',
      'username=tinh password=abc12345 role=province_officer',
      'Tên đăng nhập: xem, mật khẩu: xem-12345',
    ].join('\n')
    const found = parseCredentials(text).map((c: { username: string; password: string }) => `${c.username}:${c.password}`)
    expect(found).toEqual(expect.arrayContaining(['admin:admin-demo-2025', 'xa:S3cret!x', 'tinh:abc12345', 'xem:xem-12345']))
  })

  it('reads what giamngheo serve --demo prints (Vietnamese role labels)', () => {
    const text = [
      'Tài khoản demo (mật khẩu mới mỗi lần khởi động):',
      '  Quản trị hệ thống: admin / _TWfhfCWDKOU',
      '  Cán bộ cấp xã: xa.hoaquy / Mts5slgFQMJq',
      'Mở http://127.0.0.1:38123/ trong trình duyệt. Dừng bằng Ctrl+C.',
    ].join('\n')
    const found = parseCredentials(text).map((c: { username: string; password: string }) => `${c.username}:${c.password}`)
    expect(found).toEqual(['admin:_TWfhfCWDKOU', 'xa.hoaquy:Mts5slgFQMJq'])
  })
})

describe('field names', () => {
  it('are the Vietnamese headers of the interchange columns in data/vocabulary.json', () => {
    for (const f of [...HOUSEHOLD_FIELDS, ...MEMBER_FIELDS]) expect(f.label, f.key).toBe(COLUMNS[f.key])
    expect(fieldLabel('unit_code')).toBe('Mã xã')
    expect(fieldLabel('birth_date')).toBe('Ngày sinh')
  })
})

describe('answers and changes as a person reads them', () => {
  const field = (key: string) => [...HOUSEHOLD_FIELDS, ...MEMBER_FIELDS].find((f) => f.key === key)!
  it('gives labels, Có/Không and Vietnamese numbers and dates', () => {
    expect(answerText(field('water_source'), 'piped')).toBe(WATER_SOURCES.piped)
    expect(answerText(field('hears_loudspeaker'), true)).toBe('Có')
    expect(answerText(field('income_per_capita'), 1500000)).toBe('1.500.000 đ')
    expect(answerText(field('birth_date'), '1980-05-02')).toBe('02/05/1980')
    expect(answerText(field('info_assets'), ['radio', 'tv'])).toBe(`${INFO_ASSETS.radio}, ${INFO_ASSETS.tv}`)
    expect(answerText(field('head_name'), null)).toBe('—')
  })
  it('says a change in the log the same way, and a field it does not know as it came', () => {
    expect(changeText('sex', 'male')).toBe(SEXES.male)
    expect(changeText('health_insurance', 0)).toBe('Không')
    expect(changeText('member', 'H1-03')).toBe('H1-03')
    expect(changeText('member', null)).toBe('—')
    expect(fieldLabel('member')).toBe('Thành viên')
  })
})

describe('numbers and dates typed in the form', () => {
  const field = (key: string) => [...HOUSEHOLD_FIELDS, ...MEMBER_FIELDS].find((f) => f.key === key)!
  it('are shown in Vietnamese', () => {
    expect(inputText(field('income_per_capita'), '1500000')).toBe('1.500.000')
    expect(inputText(field('housing_area_m2'), '10.981')).toBe('10,981')
    expect(inputText(field('housing_area_m2'), '36')).toBe('36')
    expect(inputText(field('birth_date'), '1967-04-23')).toBe('23/04/1967')
    expect(inputText(field('birth_date'), '1959')).toBe('1959')
    expect(inputText(field('income_per_capita'), 'abc')).toBe('abc')
  })
  it('are read back as the interchange file holds them', () => {
    expect(fromInputText(field('income_per_capita'), '1.500.000')).toBe('1500000')
    expect(fromInputText(field('income_per_capita'), '1500000')).toBe('1500000')
    expect(fromInputText(field('housing_area_m2'), '36,5')).toBe('36.5')
    expect(fromInputText(field('housing_area_m2'), '36.5')).toBe('36.5')
    expect(fromInputText(field('birth_date'), '23/04/1967')).toBe('1967-04-23')
    expect(fromInputText(field('birth_date'), '1967')).toBe('1967')
    expect(fromInputText(field('income_per_capita'), '1,5')).toBe('1,5')
    expect(fromInputText(field('head_name'), ' Vi Văn A ')).toBe(' Vi Văn A ')
  })
  it('round-trip: what is shown reads back to the same value', () => {
    for (const [key, v] of [['income_per_capita', '3465000'], ['housing_area_m2', '1234.5'], ['birth_date', '2001-12-30']] as const)
      expect(fromInputText(field(key), inputText(field(key), v))).toBe(v)
  })
})
