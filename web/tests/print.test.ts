import { describe, expect, it } from 'vitest'
import { columnShares, printZoom } from '../src/lib/print'

describe('tables on paper', () => {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
  it('gives each column its share of the page, as on screen', () => {
    expect(columnShares([100, 300], [false, false], 700)).toEqual([25, 75])
    expect(columnShares([0, 0, 0, 0], [false, false, false, false], 700)).toEqual([25, 25, 25, 25])
  })
  it('keeps a column from getting too narrow for its words when the page has room', () => {
    const shares = columnShares([170, 150, 150, 150, 150, 40], [false, false, false, false, false, false], 700)
    expect(shares[5] / 100 * 700).toBeCloseTo(64)
    expect(sum(shares)).toBeCloseTo(100)
    expect(shares[0]).toBeGreaterThan(shares[1])
  })
  it('gives a column under an upright header only what the header needs', () => {
    const upright = [false, false, ...Array(12).fill(true)]
    const shares = columnShares([170, 130, ...Array(12).fill(90)], upright, 1000)
    expect(shares[2] / 100 * 1000).toBeCloseTo(34)
    expect(shares[0] / 100 * 1000).toBeCloseTo((1000 - 12 * 34) * 170 / 300)
  })
  it('shrinks only a table whose columns would be too narrow, and not below 0.7', () => {
    expect(printZoom(7, 703)).toBe(1)
    expect(printZoom(13, 703)).toBeCloseTo(703 / (13 * 64))
    expect(printZoom(30, 703)).toBe(0.7)
    expect(printZoom(0, 703)).toBe(1)
  })
})

describe('any print (the In button or Ctrl+P)', () => {
  it('lays the page out for paper on beforeprint and gives the screen back on afterprint', async () => {
    const { preparePrinting, printPage } = await import('../src/lib/print')
    document.body.innerHTML = `<main><div class="el-table" style="height: 200px">
      <table class="el-table__header" style="width: 1200px"><colgroup><col width="300"><col width="900"></colgroup></table>
      <table class="el-table__body" style="width: 1200px"><colgroup><col width="300"><col width="900"></colgroup></table>
    </div></main>`
    preparePrinting()
    let resized = 0
    window.addEventListener('resize', () => resized++)
    window.dispatchEvent(new Event('beforeprint'))
    const html = document.documentElement
    expect(html.classList.contains('printing')).toBe(true)
    expect(resized).toBe(1)
    for (const t of document.querySelectorAll<HTMLElement>('table')) {
      expect(t.style.width).toBe('100%')
      expect([...t.querySelectorAll('col')].map((c) => c.style.width)).toEqual(['25%', '75%'])
    }
    window.dispatchEvent(new Event('afterprint'))
    expect(html.classList.contains('printing')).toBe(false)
    expect(document.querySelector<HTMLElement>('table')!.getAttribute('style')).toBe('width: 1200px')
    expect(document.querySelector('col')!.hasAttribute('style')).toBe(false)
    expect(document.querySelector<HTMLElement>('.el-table')!.getAttribute('style')).toBe('height: 200px')
    // the In button is the browser's print, laid out the same way
    let printed = 0
    window.print = () => { printed++ }
    printPage()
    expect(printed).toBe(1)
  })
})
