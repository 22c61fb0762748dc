export interface User {
  username: string
  full_name: string
  role: string
  unit_code: string
  unit_name: string
  disabled: boolean
}

export interface Unit {
  code: string
  name: string
  full_name: string
  type: string
  level: string
  parent_code: string | null
  area?: string | null
  map?: number | string
  ancestors?: Unit[]
}

export interface HouseholdSummary {
  household_id: string
  unit_code: string
  unit_name?: string
  village?: string | null
  head_name?: string | null
  members?: number
  member_count?: number
  class?: string | null
  flags?: string[] | Record<string, unknown>
  recently_escaped?: boolean
  [k: string]: unknown
}

export interface Paged<T> { total: number; page: number; page_size: number; items: T[] }

export interface Round {
  id: number | string
  year: number
  kind: string
  scope: string | null
  scope_name?: string
  reference_date: string
  standard: string
  status: string
  decision_date: string | null
  households: number
  by_class: Record<string, number>
  covers_unit?: boolean
  can_approve?: boolean
}

export interface Standard {
  id: string
  name: string
  status: string
  indicators: { key: string; name: string; dimension: string }[]
}

export type StatsRow = Record<string, string | number | null>

export interface ExplainIndicator { key: string; name: string; value: string | number | null; detail?: string; members?: unknown; missing?: unknown }
export interface Explain {
  text: string
  indicators: ExplainIndicator[]
  class: string
  income_test: string
  reason?: string
  round_id?: number
  household_version?: number
  /** The record as it is now under the round's standard, when it changed after the round. */
  current?: (Explain & { household_version: number }) | null
}

export interface HistoryEntry {
  version: number | string
  at: string
  user: string
  source: string
  changes: { field: string; member_id?: string; old: unknown; new: unknown }[]
}
