// Every number and date the interface shows goes through this module, so that the
// Vietnamese conventions are applied in one place: "." groups thousands, "," separates
// decimals (1.234.567; 4,39%), dates are day/month/year (23/11/2026).

export const EMPTY = '—'

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null
  const n = typeof value === 'number' ? value : Number(value)
  return Number.isFinite(n) ? n : null
}

function groupThousands(digits: string): string {
  let out = ''
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += '.'
    out += digits[i]
  }
  return out
}

/** 1234567 → "1.234.567"; 1234.5 with 2 decimals → "1.234,50". */
export function formatNumber(value: unknown, decimals = 0): string {
  const n = toNumber(value)
  if (n === null) return EMPTY
  const negative = n < 0
  const fixed = Math.abs(n).toFixed(decimals)
  const [whole, fraction] = fixed.split('.')
  let text = groupThousands(whole)
  if (fraction !== undefined) text += ',' + fraction
  if (negative && /[1-9]/.test(text)) text = '-' + text
  return text
}

/** Up to `maxDecimals` decimals, trailing zeros dropped: 71.56 → "71,56"; 8 → "8". */
export function formatDecimal(value: unknown, maxDecimals = 3): string {
  const n = toNumber(value)
  if (n === null) return EMPTY
  const text = formatNumber(n, maxDecimals)
  return text.includes(',') ? text.replace(/0+$/, '').replace(/,$/, '') : text
}

/** Money in whole đồng: 1500000 → "1.500.000 đ". */
export function formatMoney(value: unknown): string {
  const n = toNumber(value)
  return n === null ? EMPTY : formatNumber(Math.round(n)) + ' đ'
}

/** A fraction in [0, 1] as a percentage: 0.0439 → "4,39%". */
export function formatPercent(fraction: unknown, decimals = 2): string {
  const n = toNumber(fraction)
  return n === null ? EMPTY : formatNumber(n * 100, decimals) + '%'
}

/** "2026-11-23" (or a full ISO timestamp) → "23/11/2026"; "1959" → "1959". */
export function formatDate(value: unknown): string {
  if (value === null || value === undefined || value === '') return EMPTY
  const text = String(value)
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text)
  if (m) return `${m[3]}/${m[2]}/${m[1]}`
  if (/^\d{4}$/.test(text)) return text
  return text
}

/** An ISO timestamp → "23/11/2026 14:05" in local time. */
export function formatDateTime(value: unknown): string {
  if (value === null || value === undefined || value === '') return EMPTY
  const d = new Date(String(value))
  if (Number.isNaN(d.getTime())) return String(value)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${p(d.getDate())}/${p(d.getMonth() + 1)}/${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`
}

/** "23/11/2026" (what a person types) → "2026-11-23", or null when it is no real date. */
export function parseDate(text: string): string | null {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text)
  if (!m) return /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) && isRealDate(text.trim()) ? text.trim() : null
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`
  return isRealDate(iso) ? iso : null
}

export function isRealDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}

/** "1.234.567" or "1234567" (typed by a person) → 1234567; null when it is not a number. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/\s/g, '')
  if (t === '') return null
  if (!/^-?[\d.]*(,\d+)?$/.test(t)) return null
  const n = Number(t.replace(/\./g, '').replace(',', '.'))
  return Number.isFinite(n) ? n : null
}

/** Today in local time as YYYY-MM-DD. */
export function todayIso(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`
}
