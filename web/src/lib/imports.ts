// The import page's words and files: what a dry run (or the import itself) will do to the
// households, in Vietnamese, and the list of problems as an XLSX a person can work through.
import type { ImportRefusal, ImportResult } from '../api/types.gen'
import { ApiError } from './api'
import { formatNumber } from './format'
import { fieldLabel } from './household'
import { exportXlsx } from './xlsx'

/** One problem of an uploaded file, as the API sends it (Problem of data/api/server.json). */
export type { Problem as ImportProblem } from '../api/types.gen'
import type { Problem as ImportProblem } from '../api/types.gen'

/** The server's ImportResult, or what a refusal says instead: its problems, and the reason when
 * the problems alone do not give it (households outside the user's unit). */
export type ImportReply = Pick<ImportResult, 'ok' | 'households' | 'members' | 'problems'> & { summary?: unknown }

/** An import refused with its problems, as the page shows it: 422 `invalid_import` (every problem
 * of the files by file, row and column, and what was read) or 403 `outside_scope` (the households
 * outside the user's unit as problems); null for any other error, which the page says as it is. */
export function importRefusal(e: unknown): ImportReply | null {
  if (!(e instanceof ApiError) || !Array.isArray(e.body.problems)) return null
  const body = e.body as Partial<ImportRefusal>
  return {
    ok: false, households: Number(body.households ?? 0), members: Number(body.members ?? 0), problems: body.problems ?? [],
    // The page titles a 422 with its count of problems: the server's sentence would say it twice.
    summary: e.status === 422 ? undefined : e.message,
  }
}

/** The server's counts of households (POST /imports: `summary`). */
export interface ImportCounts { created: number; updated: number; unchanged: number }

export function isCounts(s: unknown): s is ImportCounts {
  return !!s && typeof s === 'object' && ['created', 'updated', 'unchanged'].every((k) => typeof (s as Record<string, unknown>)[k] === 'number')
}

/** "3 hộ thêm mới · 1 hộ thay đổi · 5 hộ không đổi": each part always named, so "0" reads as none. */
export function countsText(c: ImportCounts): string {
  return [[c.created, 'thêm mới'], [c.updated, 'thay đổi'], [c.unchanged, 'không đổi']]
    .map(([n, what]) => `${formatNumber(n)} hộ ${what}`).join(' · ')
}

/** A column as a person reads it: "Ngày sinh (birth_date)"; a column the web does not know stays as sent. */
export function columnText(column: string): string {
  if (!column) return ''
  const name = fieldLabel(column)
  return name === column ? column : `${name} (${column})`
}

/** By file, then row (a problem of the whole file, row 0, first), keeping the server's order within a row. */
export function sortProblems(problems: ImportProblem[]): ImportProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.file || '').localeCompare(b.p.file || '', 'vi') || (a.p.row || 0) - (b.p.row || 0) || a.i - b.i)
    .map((x) => x.p)
}

export const PROBLEM_COLUMNS = [
  { header: 'Tệp', key: 'file', width: 28 },
  { header: 'Dòng', key: 'row', width: 8 },
  { header: 'Cột', key: 'column', width: 36 },
  { header: 'Nội dung lỗi', key: 'message', width: 90 },
]

export function problemRows(problems: ImportProblem[]): Record<string, string | number | null>[] {
  return sortProblems(problems).map((p) => ({ file: p.file, row: p.row || null, column: columnText(p.column), message: p.message }))
}

/** Downloads the problems as "danh-sach-loi-nhap-du-lieu.xlsx": the headers in row 1, one row per problem. */
export function downloadProblems(problems: ImportProblem[]): Promise<Blob> {
  return exportXlsx('danh-sach-loi-nhap-du-lieu.xlsx', 'Danh sách lỗi', PROBLEM_COLUMNS, problemRows(problems))
}
