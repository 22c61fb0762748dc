import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, formatDecimal, formatMoney, formatNumber, formatPercent, parseDate, parseNumber, isRealDate, EMPTY } from '../src/lib/format'

describe('Vietnamese number formats', () => {
  it('groups thousands with dots', () => {
    expect(formatNumber(1234567)).toBe('1.234.567')
    expect(formatNumber(0)).toBe('0')
    expect(formatNumber(999)).toBe('999')
    expect(formatNumber(1000)).toBe('1.000')
    expect(formatNumber(-1234567)).toBe('-1.234.567')
    expect(formatNumber('5000')).toBe('5.000')
  })
  it('uses a comma for decimals', () => {
    expect(formatNumber(1234.5, 2)).toBe('1.234,50')
    expect(formatNumber(-0.001, 2)).toBe('0,00')
    expect(formatDecimal(71.56)).toBe('71,56')
    expect(formatDecimal(8)).toBe('8')
    expect(formatDecimal('29.564')).toBe('29,564')
  })
  it('formats money and percentages', () => {
    expect(formatMoney(1500000)).toBe('1.500.000 đ')
    expect(formatPercent(0.0439)).toBe('4,39%')
    expect(formatPercent('0.054900')).toBe('5,49%')
    expect(formatPercent(1)).toBe('100,00%')
  })
  it('shows a dash for unknown values', () => {
    for (const v of [null, undefined, '', 'abc']) expect(formatNumber(v)).toBe(EMPTY)
    expect(formatPercent(null)).toBe(EMPTY)
    expect(formatDate('')).toBe(EMPTY)
  })
  it('parses what a person types', () => {
    expect(parseNumber('1.234.567')).toBe(1234567)
    expect(parseNumber('1234,5')).toBe(1234.5)
    expect(parseNumber(' 2 000 ')).toBe(2000)
    expect(parseNumber('12a')).toBeNull()
    expect(parseNumber('')).toBeNull()
  })
})

describe('Vietnamese date formats', () => {
  it('writes day/month/year', () => {
    expect(formatDate('2026-11-23')).toBe('23/11/2026')
    expect(formatDate('2025-01-05T10:00:00Z')).toBe('05/01/2025')
    expect(formatDate('1959')).toBe('1959')
  })
  it('writes date and time in local time', () => {
    const d = new Date(2026, 10, 23, 14, 5)
    expect(formatDateTime(d.toISOString())).toBe('23/11/2026 14:05')
  })
  it('parses day/month/year and refuses dates that do not exist', () => {
    expect(parseDate('23/11/2026')).toBe('2026-11-23')
    expect(parseDate('1/2/2024')).toBe('2024-02-01')
    expect(parseDate('29/02/2023')).toBeNull()
    expect(parseDate('2024-02-29')).toBe('2024-02-29')
    expect(isRealDate('2024-13-01')).toBe(false)
  })
})
