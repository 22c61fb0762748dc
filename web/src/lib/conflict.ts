// A stale write (412): what the person changed, what the other writer changed, and the
// person's changes applied again on top of the current values.
import type { FormRecord, HouseholdForm } from './household'

export interface Change { member_id?: string; field: string; before: string; mine: string; current: string; clash: boolean }

function byId(list: FormRecord[]): Map<string, FormRecord> {
  return new Map(list.map((m) => [m.member_id, m]))
}

/** Fields the person changed from `original` to `mine`, with the current value beside each. */
export function myChanges(original: HouseholdForm, mine: HouseholdForm, current: HouseholdForm): Change[] {
  const out: Change[] = []
  const keys = new Set([...Object.keys(original.household), ...Object.keys(mine.household)])
  for (const k of keys) {
    const before = original.household[k] ?? ''
    const m = mine.household[k] ?? ''
    if (before === m) continue
    const cur = current.household[k] ?? ''
    out.push({ field: k, before, mine: m, current: cur, clash: cur !== before && cur !== m })
  }
  const o = byId(original.members)
  const c = byId(current.members)
  for (const mm of mine.members) {
    const before = o.get(mm.member_id)
    const cur = c.get(mm.member_id)
    if (!before) { out.push({ member_id: mm.member_id, field: 'member', before: '', mine: 'thêm mới', current: cur ? 'đã có' : '', clash: !!cur }); continue }
    for (const k of Object.keys(mm)) {
      if ((before[k] ?? '') === (mm[k] ?? '')) continue
      const curV = cur ? cur[k] ?? '' : '(đã xoá)'
      out.push({ member_id: mm.member_id, field: k, before: before[k] ?? '', mine: mm[k] ?? '', current: curV, clash: curV !== (before[k] ?? '') && curV !== mm[k] })
    }
  }
  const mineIds = new Set(mine.members.map((m) => m.member_id))
  for (const before of original.members) {
    if (mineIds.has(before.member_id)) continue
    out.push({ member_id: before.member_id, field: 'member', before: 'có', mine: 'xoá', current: c.has(before.member_id) ? 'có' : '(đã xoá)', clash: false })
  }
  return out
}

/** The current values with the person's changes applied again (the person's value wins on a clash). */
export function reapply(original: HouseholdForm, mine: HouseholdForm, current: HouseholdForm): HouseholdForm {
  const merged: HouseholdForm = { household: { ...current.household }, members: current.members.map((m) => ({ ...m })) }
  for (const ch of myChanges(original, mine, current)) {
    if (!ch.member_id) { merged.household[ch.field] = ch.mine; continue }
    if (ch.field === 'member') {
      if (ch.mine === 'xoá') merged.members = merged.members.filter((m) => m.member_id !== ch.member_id)
      else if (!merged.members.some((m) => m.member_id === ch.member_id)) merged.members.push({ ...mine.members.find((m) => m.member_id === ch.member_id)! })
      continue
    }
    const target = merged.members.find((m) => m.member_id === ch.member_id)
    if (target) target[ch.field] = ch.mine
  }
  return merged
}
