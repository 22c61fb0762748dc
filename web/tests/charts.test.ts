import { describe, expect, it } from 'vitest'
import { axisPercent, categoryLabels, legendAbove, legendRows, sideLabels } from '../src/lib/charts'

const TREND = ['Tỷ lệ hộ nghèo', 'Tỷ lệ hộ cận nghèo', 'Tỷ lệ nghèo đa chiều']

describe('chart layout for its width', () => {
  it('wraps the legend into rows on a phone, one row on a computer', () => {
    expect(legendRows(TREND, 1200)).toBe(1)
    expect(legendRows(TREND, 350)).toBe(2)
    expect(legendRows(TREND, 150)).toBe(3)
    expect(legendRows([], 350)).toBe(1)
  })
  it('puts the plot below the legend, holding its axis labels', () => {
    const wide = legendAbove(TREND, 1200)
    const narrow = legendAbove(TREND, 350)
    expect(narrow.grid.top).toBeGreaterThan(wide.grid.top)
    expect(narrow.legend.top).toBe(0)
    expect(narrow.grid).toMatchObject({ outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' })
  })
  it('keeps category names level when they fit, else turns and shortens them', () => {
    const villages = ['Hợp Thành', 'Làng Gió', 'Làng Mài', 'Làng Sao', 'Quang Trung', 'Thắng Lộc']
    expect(categoryLabels(villages, 1300)).toEqual({ interval: 0, rotate: 0 })
    expect(categoryLabels(villages, 350)).toMatchObject({ rotate: 60, width: 80, overflow: 'truncate' })
    expect(categoryLabels([...villages, ...villages], 800)).toMatchObject({ rotate: 30, width: 140 })
  })
  it('wraps long names on the side on a phone and cuts them on a computer', () => {
    expect(sideLabels(350)).toMatchObject({ overflow: 'break', width: 147 })
    expect(sideLabels(800)).toMatchObject({ overflow: 'truncate', width: 220 })
  })
  it('writes axis percentages with only the decimals they have', () => {
    expect(axisPercent(0.05)).toBe('5%')
    expect(axisPercent(0.025)).toBe('2,5%')
    expect(axisPercent(0)).toBe('0%')
  })
})
