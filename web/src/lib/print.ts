// The "In" button: lays the page out at the width of A4 (html.printing in style.css) so tables and
// charts size themselves for paper, shrinks a table still wider than the page to fit it, then opens
// the print dialog; the screen layout comes back after.
export async function printPage(settle = 400) {
  const html = document.documentElement
  html.classList.add('printing')
  window.dispatchEvent(new Event('resize'))
  await new Promise((r) => setTimeout(r, settle))
  const shrunk: HTMLElement[] = []
  for (const table of document.querySelectorAll<HTMLElement>('main .el-table')) {
    const wide = Math.max(0, ...[...table.querySelectorAll<HTMLElement>('.el-table__header, .el-table__body')].map((t) => t.offsetWidth))
    if (wide > table.clientWidth + 1 && table.clientWidth > 0) {
      table.style.setProperty('zoom', String(Math.max(0.45, (table.clientWidth / wide) * 0.98)))
      shrunk.push(table)
    }
  }
  const restore = () => {
    window.removeEventListener('afterprint', restore)
    for (const t of shrunk) t.style.removeProperty('zoom')
    html.classList.remove('printing')
    window.dispatchEvent(new Event('resize'))
  }
  window.addEventListener('afterprint', restore)
  window.print()
}
