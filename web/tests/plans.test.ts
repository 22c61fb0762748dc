import { describe, expect, it } from 'vitest'
import { formatMillion, millionToVnd, progressPercent, planPath } from '../src/lib/plans'

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
    expect(planPath('16204', 2024)).toBe('/plans/16204/2024')
  })
})
