import ExcelJS from 'exceljs'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../src/lib/api'
import { columnText, countsText, downloadProblems, importRefusal, isCounts, problemRows, sortProblems, type ImportProblem } from '../src/lib/imports'

describe('import counts', () => {
  it('says what will be added, changed and left unchanged, in Vietnamese numbers', () => {
    expect(countsText({ created: 1234, updated: 1, unchanged: 0 })).toBe('1.234 hộ thêm mới · 1 hộ thay đổi · 0 hộ không đổi')
  })
  it('knows the server’s counts from a message', () => {
    expect(isCounts({ created: 3, updated: 1, unchanged: 5 })).toBe(true)
    expect(isCounts('Tệp có 2 hộ ngoài đơn vị bạn được giao')).toBe(false)
    expect(isCounts({ created: 3 })).toBe(false)
  })
})

describe('import problems', () => {
  const problems: ImportProblem[] = [
    { file: 'thanh-vien.csv', row: 3, column: 'birth_date', message: 'ngày không có thật' },
    { file: 'ho.csv', row: 12, column: 'unit_code', message: 'đơn vị không tồn tại' },
    { file: 'thanh-vien.csv', row: 2, column: 'personal_id', message: 'cần 12 chữ số' },
    { file: 'ho.csv', row: 0, column: '', message: 'thiếu cột household_id' },
    { file: 'thanh-vien.csv', row: 2, column: 'sex', message: 'mã không có trong danh mục' },
  ]
  it('sorts by file, then row, keeping the server’s order within a row', () => {
    expect(sortProblems(problems).map((p) => `${p.file}:${p.row}:${p.column}`)).toEqual([
      'ho.csv:0:', 'ho.csv:12:unit_code', 'thanh-vien.csv:2:personal_id', 'thanh-vien.csv:2:sex', 'thanh-vien.csv:3:birth_date',
    ])
  })
  it('names a column by its Vietnamese label and its code', () => {
    expect(columnText('birth_date')).toBe('Ngày sinh (birth_date)')
    expect(columnText('unit_code')).toBe('Mã xã (unit_code)')
    expect(columnText('nonsense')).toBe('nonsense')
  })
  it('gives one spreadsheet row per problem, a whole-file problem without a row number', () => {
    const rows = problemRows(problems)
    expect(rows).toHaveLength(5)
    expect(rows[0]).toEqual({ file: 'ho.csv', row: null, column: '', message: 'thiếu cột household_id' })
    expect(rows[2]).toEqual({ file: 'thanh-vien.csv', row: 2, column: 'Số định danh cá nhân (personal_id)', message: 'cần 12 chữ số' })
  })
  it('downloads them as an XLSX with Vietnamese headers in row 1', async () => {
    // jsdom has no object URLs and no navigation: the link's click is only counted
    Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => undefined })
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    const blob = await downloadProblems(problems)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await blob.arrayBuffer())
    const ws = wb.worksheets[0]
    expect(ws.name).toBe('Danh sách lỗi')
    expect(ws.getRow(1).values).toEqual([undefined, 'Tệp', 'Dòng', 'Cột', 'Nội dung lỗi'])
    expect(ws.rowCount).toBe(6)
    expect(ws.getRow(4).values).toEqual([undefined, 'thanh-vien.csv', 2, 'Số định danh cá nhân (personal_id)', 'cần 12 chữ số'])
    expect(click).toHaveBeenCalledOnce()
    click.mockRestore()
  })
})

describe('an import refused', () => {
  const problems: ImportProblem[] = [
    { file: 'ho.csv', row: 2, column: 'income_per_capita', message: 'giá trị "nhiều" không hợp lệ' },
    { file: 'thanh-vien.csv', row: 4, column: 'birth_date', message: 'bắt buộc nhưng đang để trống' },
  ]
  it('reads the 422 Error of a file with problems: every problem and what was read, no second sentence', () => {
    const e = new ApiError(422, { error: { code: 'invalid_import', message: 'Tệp có 2 lỗi; không có dữ liệu nào được ghi.' }, problems, dry_run: true, households: 1200, members: 4800 })
    expect(importRefusal(e)).toEqual({ ok: false, households: 1200, members: 4800, problems, summary: undefined })
  })
  it('keeps the reason of a 403 whose problems are the households outside the unit', () => {
    const e = new ApiError(403, { error: { code: 'outside_scope', message: 'Tệp có 1 hộ ngoài đơn vị bạn được giao; không có dữ liệu nào được ghi.' }, problems: problems.slice(0, 1) })
    expect(importRefusal(e)).toEqual({ ok: false, households: 0, members: 0, problems: problems.slice(0, 1), summary: 'Tệp có 1 hộ ngoài đơn vị bạn được giao; không có dữ liệu nào được ghi.' })
  })
  it('leaves any other error to the page', () => {
    expect(importRefusal(new ApiError(503, { error: { code: 'busy', message: 'Máy chủ đang bận' } }))).toBeNull()
    expect(importRefusal(new Error('x'))).toBeNull()
  })
})
