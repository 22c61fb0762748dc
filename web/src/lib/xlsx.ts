// XLSX export in the browser with exceljs, loaded only when a person asks for a file.
export interface Column { header: string; key: string; width?: number; numFmt?: string }

export async function exportXlsx(filename: string, sheet: string, columns: Column[], rows: Record<string, unknown>[], title?: string): Promise<Blob> {
  const ExcelJS = (await import('exceljs')).default
  const wb = new ExcelJS.Workbook()
  wb.creator = 'giamngheo'
  const ws = wb.addWorksheet(sheet.slice(0, 31))
  let first = 1
  if (title) {
    ws.addRow([title]).font = { bold: true, size: 13 }
    ws.addRow([])
    first = 3
  }
  const header = ws.addRow(columns.map((c) => c.header))
  header.font = { bold: true }
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDBEAFE' } }
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1)
    col.width = c.width ?? Math.max(10, c.header.length + 2)
    if (c.numFmt) col.numFmt = c.numFmt
  })
  for (const r of rows) ws.addRow(columns.map((c) => (r[c.key] ?? null) as string | number | null))
  ws.views = [{ state: 'frozen', ySplit: first }]
  const buffer = await wb.xlsx.writeBuffer()
  const blob = new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
  download(blob, filename)
  return blob
}

export function download(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10000)
}
