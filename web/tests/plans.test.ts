import { describe, expect, it } from 'vitest'
import { ApiError } from '../src/lib/api'
import { formatMillion, layoutImportRefused, layoutImportSummary, millionToVnd, progressPercent } from '../src/lib/plans'

describe('plan amounts in million VND', () => {
  it('shows whole VND as million VND in Vietnamese format', () => {
    expect(formatMillion(259_000_000)).toBe('259')
    expect(formatMillion(1_500_000)).toBe('1,5')
    expect(formatMillion(7_782_000_000)).toBe('7.782')
  })
  it('stores typed million VND as whole VND', () => {
    expect(millionToVnd('1,5')).toBe(1_500_000)
    expect(millionToVnd('7.782')).toBe(7_782_000_000)
    expect(millionToVnd('0,0005')).toBe(500)
    expect(millionToVnd('abc')).toBeNull()
    expect(millionToVnd('-3')).toBeNull()
  })
  it('clamps progress bars and builds paths', () => {
    expect(progressPercent(0.5)).toBe(50)
    expect(progressPercent(1.7)).toBe(100)
    expect(progressPercent(null)).toBe(0)
  })
})

import {
  copyPlan, emptyPlan, findingMessage, findingSubject, formatQuantity, indicatorName, linesOf, listOf, nodeLabel, nodeName,
  progressText, SOURCES, FUND_KINDS, type PlanDocument, type PlanUnit,
} from '../src/lib/plans'
import binhLuong from '../../modules/plans/tests/fixtures/binh-luong-2024.json'

const hoaQuy: PlanUnit = { code: '16186', name: 'Hóa Quỳ', full_name: 'Xã Hóa Quỳ', level: 'commune', province_code: '38', province_name: 'Thanh Hóa' }

describe('plan codes in Vietnamese', () => {
  it('names nodes, sources, fund kinds and indicators', () => {
    expect(nodeLabel('DA2')).toBe('Dự án 2')
    expect(nodeLabel('DA4.TDA3')).toBe('Dự án 4 - Tiểu dự án 3')
    expect(nodeName('DA4.TDA3')).toBe('Dự án 4 - Tiểu dự án 3: Hỗ trợ việc làm bền vững')
    expect(SOURCES.central_recurrent).toBe('Ngân sách trung ương - vốn sự nghiệp')
    expect(FUND_KINDS.recurrent).toBe('Vốn sự nghiệp')
    expect(indicatorName('poor_households')).toBe('Số hộ nghèo')
    expect(indicatorName('something_new')).not.toMatch(/_/)
  })
  it('removes codes from the findings', () => {
    const message = 'vượt mức tối đa (community_production_project_max_amount, Thanh Hóa); thiếu (binh_phuoc_district_counterpart_2023); DA7.TDA2 dùng central_recurrent'
    const shown = findingMessage(message)
    expect(shown).not.toMatch(/[a-z]+_[a-z]+/)
    // Rules are named by their label_vi in data/programmes/funding.json.
    expect(shown).toContain('mức hỗ trợ tối đa một dự án phát triển sản xuất cộng đồng')
    expect(shown).toContain('tỷ lệ vốn đối ứng ngân sách huyện')
    expect(shown).toContain('Dự án 7 - Tiểu dự án 2')
    expect(findingSubject('budget_lines[0]')).toBe('Dòng kinh phí 1')
    expect(findingSubject('nodes[DA2]')).toBe('Dự án 2')
    expect(findingSubject('targets[2]')).toBe('Chỉ tiêu 3')
    expect(findingSubject('budget_lines')).toBe('Dự toán kinh phí')
    expect(findingSubject('issuer')).toBe('Đơn vị ban hành')
    expect(findingSubject('announced_totals[1]')).toBe('Tổng in trong kế hoạch thứ 2')
  })
  it('shows actual values in their unit and progress as a percentage', () => {
    expect(formatQuantity(2, 'percent')).toBe('2%')
    expect(formatQuantity(4.39, 'percent')).toBe('4,39%')
    expect(formatQuantity(14, 'households')).toBe('14 hộ')
    expect(formatQuantity(null, 'households')).toBe('—')
    expect(progressText(1.7445)).toBe('174%')
    expect(progressText(0.5)).toBe('50%')
    expect(progressText(null)).toBe('')
  })
})

describe('a new plan', () => {
  it('copies the previous year with the year moved and nothing of its execution', () => {
    const source = { ...(binhLuong as unknown as PlanDocument), version: 3 }
    const copy = copyPlan(source, hoaQuy, 2025)
    expect(copy.year).toBe(2025)
    expect(copy.version).toBe(0)
    expect(copy.issuer).toMatchObject({ unit_code: '16186', name_vi: 'Ủy ban nhân dân xã Hóa Quỳ', province_code: '38' })
    expect(copy.budget_lines.map((l) => [l.node, l.budget_year, l.origin_year, l.amount_vnd])).toEqual([
      ['DA2', 2025, 2025, 259_000_000], ['DA4.TDA3', 2025, 2025, 2_000_000], ['DA7.TDA2', 2025, 2025, 15_000_000],
    ])
    expect(copy.disbursements).toEqual([])
    expect(copy.production_projects).toEqual([])
    expect(copy.previous_year_results).toBeNull()
    expect(copy.document?.title_printed).toContain('năm 2025')
    expect(copy.document?.title_printed).toContain('xã Hóa Quỳ')
    expect(copy.document?.number).toBeNull()
    expect((copy.objectives?.targets ?? []).every((t) => t.year === 2025 && !('actual' in t))).toBe(true)
    // the source is left as it was
    expect(source.year).toBe(2024)
    expect(source.budget_lines.length).toBe(7)
  })
  it('starts from an empty template with every node of the programme', () => {
    const plan = emptyPlan(hoaQuy, 2026)
    expect(plan.nodes.length).toBe(16)
    expect(plan.nodes.every((n) => !n.applicable)).toBe(true)
    expect(plan.budget_lines).toEqual([])
    expect(plan.document?.title_printed).toBe('Triển khai thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2026 trên địa bàn xã Hóa Quỳ')
  })
  it('edits lists as one item a line', () => {
    expect(linesOf(['a', 'b'])).toBe('a\nb')
    expect(listOf(' a \n\n b\n')).toEqual(['a', 'b'])
  })
})

describe('public-investment layout upload', () => {
  const base = { ok: true, dry_run: true, written: false, rows: 1234, changes: 2, problems: [], findings: [] }
  it('says what a dry run found before anything is written', () => {
    expect(layoutImportSummary(base)).toBe('Đọc 1.234 dòng số liệu, 2 ô khác kế hoạch, không có lỗi. Bấm “Ghi vào kế hoạch” để ghi.')
    expect(layoutImportSummary({ ...base, changes: 0 })).toBe('Đọc 1.234 dòng số liệu; không ô nào khác kế hoạch, không có gì để ghi.')
    expect(layoutImportSummary({ ...base, findings: [{ severity: 'error', code: 'estimate_over_allocation', subject: 'nodes[DA2]', message: 'x' }] }))
      .toBe('Đọc 1.234 dòng số liệu, 2 ô khác kế hoạch; 1 lỗi kiểm tra, sẽ không ghi được nếu đó là lỗi mới.')
  })
  it('counts problems and says nothing was written', () => {
    expect(layoutImportSummary({ ...base, ok: false, problems: [{ file: 'ke-hoach-dau-tu-cong.xlsx', row: 11, column: 'F', message: 'x' }] }))
      .toBe('Đọc 1.234 dòng số liệu; 1 lỗi, chưa ghi gì. Sửa trong tệp rồi nhập lại.')
    expect(layoutImportSummary({ ...base, dry_run: false, written: true })).toBe('Đã ghi 2 ô khác kế hoạch vào kế hoạch.')
  })
  it('reads the 422 Error of a sheet with problems as a read-back that wrote nothing', () => {
    const problems = [{ file: 'ke-hoach-dau-tu-cong.xlsx (Biểu 1)', row: 11, column: 'F', message: 'không phải số' }]
    const e = new ApiError(422, { error: { code: 'invalid_public_investment', message: 'Biểu có 1 lỗi; chưa ghi gì vào kế hoạch.' }, problems, findings: [], dry_run: true, rows: 1234, changes: 0 })
    const refused = layoutImportRefused(e)
    expect(refused).toEqual({ ok: false, written: false, dry_run: true, rows: 1234, changes: 0, problems, findings: [] })
    expect(layoutImportSummary(refused!)).toBe('Đọc 1.234 dòng số liệu; 1 lỗi, chưa ghi gì. Sửa trong tệp rồi nhập lại.')
    expect(layoutImportRefused(new ApiError(403, { error: { code: 'outside_scope', message: 'x' } }))).toBeNull()
  })
})
