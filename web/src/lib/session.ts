import { reactive } from 'vue'
import { ApiError, net } from './api'
import { api } from '../api/client'
import type { ExtractInfo, SessionInfo, User } from '../api/types.gen'

// extract: the store is a unit's extract, worked on offline (store copy --unit), when set.
export const session = reactive<{ user: User | null; checked: boolean; extract: ExtractInfo | null }>({
  user: null, checked: false, extract: null,
})

function keep(r: SessionInfo) {
  session.user = r.user
  session.extract = r.extract ?? null
  net.csrf = r.csrf_token
}

/** Roles that may change data (households, imports, rounds); viewers only read. */
export const canEdit = (role?: string) => ['admin', 'province_officer', 'commune_officer'].includes(role ?? '')
export const canReview = (role?: string) => ['admin', 'province_officer', 'commune_officer', 'reviewer'].includes(role ?? '')
// Who may record a follow-up visit (kernel capability record_follow_up).
export const canRecordFollowUp = (role?: string) => ['admin', 'province_officer', 'commune_officer', 'reviewer'].includes(role ?? '')
export const canAdminUsers = (role?: string) => ['admin', 'province_officer'].includes(role ?? '')

export async function loadSession(): Promise<User | null> {
  try {
    keep(await api.session.me())
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) throw e
    session.user = null
  } finally {
    session.checked = true
  }
  return session.user
}

export async function signIn(username: string, password: string): Promise<User> {
  const r = await api.session.signIn({ username, password })
  keep(r)
  session.checked = true
  return r.user
}

export async function signOut(): Promise<void> {
  try { await api.session.signOut() } finally {
    session.user = null
    net.csrf = ''
  }
}
