import { describe, expect, it } from 'vitest'
import { classChanges, describeChanges } from '../src/lib/whatif'

describe('what another standard would change', () => {
  it('says each indicator change in words, with the standard’s names when given', () => {
    expect(describeChanges('info_access:1>-;water:0>1', { water: 'Nguồn nước sinh hoạt' }))
      .toBe('Phương tiện phục vụ tiếp cận thông tin: thiếu hụt → không có trong chuẩn; Nguồn nước sinh hoạt: không thiếu hụt → thiếu hụt')
    expect(describeChanges('')).toBe('')
    expect(describeChanges(null)).toBe('')
  })
  it('counts only households whose class changes', () => {
    const rows = [
      { household_id: 'a', class_before: 'poor', class_after: 'near_poor', changes: '' },
      { household_id: 'b', class_before: 'poor', class_after: 'poor', changes: 'water:0>1' },
      { household_id: 'c', class_before: 'poor', class_after: 'near_poor', changes: '' },
      { household_id: 'd', class_before: 'average', class_after: 'poor', changes: '' },
    ]
    expect(classChanges(rows)).toEqual({ moved: 3, counts: [['poor', 'near_poor', 2], ['average', 'poor', 1]] })
  })
})
