// Vietnamese labels of the codes of the interchange format and of the API, from
// data/vocabulary.json: the same file the server compiles in, so both say the same.
import vocabulary from '../../../data/vocabulary.json'

export type Options = ReadonlyArray<readonly [string, string]>

type CodeListName = keyof typeof vocabulary.code_lists
/** A code list of the interchange format as code → label, in the order of its stored ids. */
function codeList(field: CodeListName): Record<string, string> {
  return Object.fromEntries(vocabulary.code_lists[field].codes.map((c) => [c.code, c.label]))
}

export const ROLES: Record<string, string> = vocabulary.labels.role

export const CLASSES: Record<string, string> = vocabulary.labels.household_class

export const CLASS_TAG: Record<string, 'danger' | 'warning' | 'success' | 'info' | 'primary'> = {
  poor: 'danger',
  near_poor: 'warning',
  average: 'primary',
  above_average: 'success',
  unclassified: 'info',
  not_poor: 'success',
}

export const INCOME_TEST: Record<string, string> = vocabulary.labels.income_test

export const TRANSITIONS: Record<string, string> = vocabulary.labels.transition

export const FLAGS: Record<string, string> = vocabulary.labels.flag

export const LEVELS: Record<string, string> = vocabulary.labels.level

export const AREAS: Record<string, string> = codeList('area')

export const ROUND_KINDS: Record<string, string> = vocabulary.labels.round_kind

export const ROUND_STATUS: Record<string, string> = vocabulary.labels.round_status

export const HOUSING_TYPES: Record<string, string> = codeList('housing_type')

export const WATER_SOURCES: Record<string, string> = codeList('water_source')

export const LATRINES: Record<string, string> = codeList('latrine')

export const INFO_ASSETS: Record<string, string> = codeList('info_assets')

export const WASTE: Record<string, string> = codeList('waste_treatment')

export const RELATIONS: Record<string, string> = codeList('relation')

export const SEXES: Record<string, string> = codeList('sex')

export const DISABILITIES: Record<string, string> = codeList('disability')

export const EMPLOYMENT: Record<string, string> = codeList('employment')

export const ATTENDING_LEVELS: Record<string, string> = codeList('attending_level')

export const COMPLETED_LEVELS: Record<string, string> = codeList('completed_level')

/** Indicator names when the standard does not give one (vn-2022 and vn-2027 keys). */
export const INDICATORS: Record<string, string> = vocabulary.labels.indicator

/** Monitoring reports (issue 17): states, workflow actions (send-back, not-reporting as in the
 *  API's paths) and period kinds. */
export const REPORT_STATES: Record<string, string> = vocabulary.labels.report_state

export const REPORT_ACTIONS: Record<string, string> = vocabulary.labels.report_action

export const PERIOD_KINDS: Record<string, string> = vocabulary.labels.period_kind

/** Follow-up of households that left poverty: how a visit found the household. */
export const FOLLOW_UP_SITUATIONS: Record<string, string> = vocabulary.labels.follow_up_situation

export const BOOLEAN: Record<string, string> = { '1': vocabulary.labels.answer.yes, '0': vocabulary.labels.answer.no }

/** The Vietnamese header of each column of the interchange files (households, then members), as the
 *  import templates print it and an import accepts it. */
export const COLUMNS: Record<string, string> = Object.fromEntries(
  [...vocabulary.columns.households, ...vocabulary.columns.members].map((c) => [c.key, c.label]))

export function label(map: Record<string, string>, code: unknown): string {
  if (code === null || code === undefined || code === '') return '—'
  const key = String(code)
  return map[key] ?? key
}

export function options(map: Record<string, string>): Options {
  return Object.entries(map)
}
