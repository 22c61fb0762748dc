// Printing on A4, the same whether a person presses "In" or the browser's own Print (Ctrl+P): both
// go through the window's beforeprint, which lays the page out at the paper's width (html.printing
// in style.css: every tab shown, charts redrawn for the page), gives each table's columns their
// share of the page instead of the screen's pixels (a column of marks under an upright header a
// narrow one), and shrinks a table of many columns a little; afterprint puts the screen back.

/** Below this width (CSS px) a column of a printed table would be too narrow for its words. */
const COLUMN = 64
/** A column whose header is printed upright (th.print-vertical: a mark per row, e.g. ✗). */
const UPRIGHT = 34
/** The smallest scale a printed table is shrunk to. */
const MIN_ZOOM = 0.7

/** The scale of a printed table with `columns` columns (an upright one counts half) in `width` px:
 *  1 unless its columns would be too narrow. */
export function printZoom(columns: number, width: number): number {
  if (columns <= 0 || width <= 0) return 1
  return Math.min(1, Math.max(MIN_ZOOM, width / (columns * COLUMN)))
}

/** Each column's share of the page, in percent, for a table laid out at `width` px: an upright column
 *  gets what its header needs, the others share the rest as they did on screen, none under COLUMN px
 *  when the page has room for that. */
export function columnShares(screen: number[], upright: boolean[], width: number): number[] {
  const px: number[] = screen.map((_, i) => (upright[i] ? UPRIGHT : 0))
  let free = screen.map((_, i) => i).filter((i) => !upright[i])
  const room = width > 0 ? width : screen.reduce((a, b) => a + b, 0) // not laid out: as on screen
  let rest = Math.max(0, room - px.reduce((a, b) => a + b, 0))
  const floor = free.length * COLUMN <= rest
  for (;;) {
    const total = free.reduce((a, i) => a + screen[i], 0)
    for (const i of free) px[i] = total > 0 ? (rest * screen[i]) / total : rest / free.length
    const small = floor ? free.filter((i) => px[i] < COLUMN) : []
    if (!small.length) break
    for (const i of small) px[i] = COLUMN
    rest -= small.length * COLUMN
    free = free.filter((i) => !small.includes(i))
  }
  const sum = px.reduce((a, b) => a + b, 0)
  return px.map((w) => (sum > 0 ? (w / sum) * 100 : 100 / px.length))
}

/** An Element Plus table for paper: its header and body columns (kept aligned) as shares of the page. */
function fitTable(table: HTMLElement): () => void {
  const inner = [...table.querySelectorAll<HTMLTableElement>('table.el-table__header, table.el-table__body, table.el-table__footer')]
  const cols = inner[0]?.querySelectorAll<HTMLTableColElement>('colgroup col')
  if (!cols?.length) return () => undefined
  const heads = [...inner[0].querySelectorAll('thead tr:last-child th')]
  const upright = [...cols].map((_, i) => heads.length === cols.length && heads[i].classList.contains('print-vertical'))
  const width = table.parentElement?.clientWidth ?? 0
  const zoom = printZoom(upright.reduce((n, u) => n + (u ? 0.5 : 1), 0), width)
  const shares = columnShares([...cols].map((c) => Number(c.getAttribute('width')) || c.offsetWidth || 0), upright, width / zoom)
  const saved: [HTMLElement, string | null][] = [[table, table.getAttribute('style')]]
  for (const t of inner) {
    saved.push([t, t.getAttribute('style')])
    t.style.setProperty('width', '100%', 'important')
    t.querySelectorAll<HTMLTableColElement>('colgroup col').forEach((c, i) => {
      saved.push([c, c.getAttribute('style')])
      c.style.setProperty('width', `${shares[i] ?? 0}%`, 'important')
    })
  }
  if (zoom < 1) table.style.setProperty('zoom', String(zoom))
  return () => { for (const [el, style] of saved) if (style === null) el.removeAttribute('style'); else el.setAttribute('style', style) }
}

let undo: (() => void) | null = null

function beforePrint() {
  if (undo) return
  const html = document.documentElement
  html.classList.add('printing')
  window.dispatchEvent(new Event('resize')) // charts redraw at the page's width now, not later
  const tables = [...document.querySelectorAll<HTMLElement>('main .el-table')].map(fitTable)
  undo = () => {
    for (const restore of tables) restore()
    html.classList.remove('printing')
    window.dispatchEvent(new Event('resize'))
  }
}

function afterPrint() {
  undo?.()
  undo = null
}

/** Once, when the app starts: every print of a page is laid out for paper. */
export function preparePrinting() {
  window.addEventListener('beforeprint', beforePrint)
  window.addEventListener('afterprint', afterPrint)
}

/** The "In" button: the browser's print dialog, laid out as any print is. */
export function printPage() {
  window.print()
}
