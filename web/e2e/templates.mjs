// The import templates as an officer fills them in Excel: the first sheet's row 1 holds the
// Vietnamese headers; each row below is a household (or a member). A row starts from the example
// row of the "Ví dụ" sheet, with the given values put under their headers.
import ExcelJS from 'exceljs'

export async function fillTemplate(template, rows, out) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.readFile(template)
  const sheet = wb.worksheets[0]
  const headers = sheet.getRow(1).values.slice(1).map(String)
  const example = wb.getWorksheet('Ví dụ')
  const base = example ? Object.fromEntries(example.getRow(1).values.slice(1).map((h, i) => [String(h), example.getRow(2).getCell(i + 1).value])) : {}
  rows.forEach((values, r) => {
    for (const name of Object.keys(values)) if (!headers.includes(name)) throw new Error(`the template has no column "${name}" (${headers.join(', ')})`)
    const row = sheet.getRow(r + 2)
    headers.forEach((h, i) => { row.getCell(i + 1).value = values[h] ?? base[h] ?? null })
    row.commit()
  })
  await wb.xlsx.writeFile(out)
  return headers
}
