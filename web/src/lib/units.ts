// The hierarchy on either map: which level lies below a unit (districts exist only on the 2024 map).
export type MapYear = 2024 | 2025

export function childLevel(level: string, map: MapYear): string | null {
  switch (level) {
    case 'country': case 'all': return 'province'
    case 'province': return map === 2024 ? 'district' : 'commune'
    case 'district': return 'commune'
    case 'commune': return 'village'
    default: return null
  }
}

/** Rates of one stats row, as numbers (the API may send them as text with 6 decimals). */
export function num(row: Record<string, unknown> | undefined, key: string): number {
  const v = row?.[key]
  const n = typeof v === 'number' ? v : Number(v)
  return Number.isFinite(n) ? n : 0
}
