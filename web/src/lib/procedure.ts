// The review procedure of Decision 24/2021/QĐ-TTg as the API serves it (docs/API.md, "Review
// procedure"): its types, and what the procedure page works out from them (the steps a selection of
// households can take together, the fields a step asks for, a vote's share of those present).

import { api } from '../api/client'
import type { Case, Procedure, VillageProgress, Vote } from '../api/types.gen'

// The API's shapes are generated from data/api/procedure.json (src/api/types.gen.ts); these name the
// parts of a procedure the schema leaves unnamed.
export type ProcedureState = Procedure['states'][number]
export type ProcedureStep = Procedure['steps'][number]

/** The state of a household not yet listed: the board's first column. */
export const NOT_LISTED = ''

/** The steps every selected household may take now, in the procedure's order. */
export function commonSteps(steps: ProcedureStep[], selected: Pick<Case, 'next_steps'>[]): ProcedureStep[] {
  if (!selected.length) return []
  return steps.filter((s) => selected.every((c) => c.next_steps.includes(s.key)))
}

/** What a step asks for besides its date. */
export type StepField = 'reason' | 'vote' | 'place' | 'complaint' | 'outcome_class' | 'decision_number' | 'certificate_number'

/** The fields of a step: listing (the first step, from no state) needs its reason; the others follow their kind. */
export function stepFields(step: Pick<ProcedureStep, 'kind' | 'from'>): StepField[] {
  switch (step.kind) {
    case 'record': return step.from.length ? [] : ['reason']
    case 'meeting': return ['vote']
    case 'posting': return ['place']
    case 'complaint': return ['complaint']
    case 'recheck': return ['outcome_class']
    case 'recognition': return ['decision_number']
    case 'certificate': return ['certificate_number']
    default: return []
  }
}

/** The share of those present who agree, in percent (null without attendees). */
export function votePercent(vote: Pick<Vote, 'attendees' | 'agree'>): number | null {
  return vote.attendees > 0 ? (vote.agree * 100) / vote.attendees : null
}

/** Whether a vote carries the meeting, as the server decides it: agree / attendees ≥ the threshold. */
export function votePasses(vote: Pick<Vote, 'attendees' | 'agree'>, percentMin: number): boolean {
  return vote.attendees > 0 && vote.agree * 100 >= percentMin * vote.attendees
}

/** A vote the server would refuse, in Vietnamese; empty when it is well formed. */
export function voteProblem(vote: Vote): string {
  if (!(vote.attendees > 0)) return 'Số người dự phải lớn hơn 0.'
  if (vote.agree < 0 || vote.disagree < 0) return 'Số phiếu không được âm.'
  if (vote.agree + vote.disagree > vote.attendees) return 'Số đồng ý và không đồng ý nhiều hơn số người dự.'
  return ''
}

/** The households of one village (all of them when none is chosen), in household id order. */
export function casesOf(cases: Case[], village: string): Case[] {
  return (village ? cases.filter((c) => c.village === village) : [...cases]).sort((a, b) => a.household_id.localeCompare(b.household_id))
}

/** The states the board shows as columns: not listed first, then those of the procedure. */
export function boardStates(states: ProcedureState[]): ProcedureState[] {
  return [{ key: NOT_LISTED, label: 'Chưa vào danh sách' }, ...states]
}

/** The board's total row: the households, each state's count, complaints and postings over every village. */
export function totals(villages: VillageProgress[]): VillageProgress {
  const out: VillageProgress = { unit_code: '', village: '', households: 0, by_state: {}, complaints_open: 0, posted_now: 0 }
  for (const v of villages) {
    out.households += v.households
    out.complaints_open += v.complaints_open
    out.posted_now += v.posted_now
    for (const [k, n] of Object.entries(v.by_state)) out.by_state[k] = (out.by_state[k] ?? 0) + n
  }
  return out
}

/** "còn 3 ngày", "hôm nay", "quá 2 ngày" for a request's days left. */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft > 0) return `còn ${daysLeft} ngày`
  if (daysLeft === 0) return 'hạn hôm nay'
  return `quá ${-daysLeft} ngày`
}

/** The procedure's papers (GET /rounds/{id}/procedure-documents/{key}.{docx|pdf}), as the commune prints them. */
export const PAPERS = [
  { key: 'review-list', label: 'Danh sách hộ cần rà soát', file: 'danh-sach-ho-ra-soat', perVillage: true },
  { key: 'survey-forms', label: 'Phiếu A, B điền sẵn (hộ chờ khảo sát)', file: 'phieu-khao-sat', perVillage: true },
  { key: 'meeting-minutes', label: 'Biên bản họp thôn', file: 'bien-ban-hop-thon', perVillage: true },
  { key: 'posting-notice', label: 'Thông báo niêm yết', file: 'thong-bao-niem-yet', perVillage: true },
  { key: 'recognition-decision', label: 'Quyết định công nhận (kèm danh sách)', file: 'quyet-dinh-cong-nhan', perVillage: false },
] as const
export type PaperKey = (typeof PAPERS)[number]['key']

/** Where a paper is fetched (the unit's, or the village's when it is a village paper), and the name it
 * is saved under (a village's paper names its village). */
export function paperRequest(round: string | number, key: PaperKey, kind: 'docx' | 'pdf', unit: string, village: string) {
  const paper = PAPERS.find((p) => p.key === key)!
  const forVillage = paper.perVillage && village !== ''
  const slug = forVillage ? '-' + village.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
    .toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') : ''
  return {
    url: api.rounds.procedureDocument(round, `${key}.${kind}`, { unit, village: forVillage ? village : undefined }),
    filename: `${paper.file}${slug}-ky-${round}.${kind}`,
  }
}
