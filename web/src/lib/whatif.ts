// What another standard would change, in words: the server sends each household's indicator
// changes as "key:old>new;…" ('1' deprived, '0' not, '?' unknown, '-' not in that standard).
import type { WhatIfRow } from '../api/types.gen'
import { INDICATORS, label } from './labels'

const STATE: Record<string, string> = { '1': 'thiếu hụt', '0': 'không thiếu hụt', '?': 'chưa rõ', '-': 'không có trong chuẩn' }

/** "info_access:1>-;water:0>1" → "Phương tiện …: thiếu hụt → không có trong chuẩn; Nguồn nước …: không thiếu hụt → thiếu hụt". */
export function describeChanges(changes: unknown, names: Record<string, string> = {}): string {
  if (typeof changes !== 'string' || !changes) return ''
  return changes.split(';').map((part) => {
    const m = /^([^:]+):(.)>(.)$/.exec(part)
    if (!m) return part
    const [, key, before, after] = m
    return `${names[key] ?? label(INDICATORS, key)}: ${STATE[before] ?? before} → ${STATE[after] ?? after}`
  }).join('; ')
}

/** Households whose class would change, by (before, after), most first; the others only change indicators or income. */
export function classChanges(rows: Pick<WhatIfRow, 'class_before' | 'class_after'>[]): { moved: number; counts: [string, string, number][] } {
  const counts = new Map<string, number>()
  let moved = 0
  for (const r of rows) {
    if (r.class_before === r.class_after) continue
    moved++
    const key = `${r.class_before}>${r.class_after}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return {
    moved,
    counts: [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k.split('>')[0], k.split('>')[1], n]),
  }
}
