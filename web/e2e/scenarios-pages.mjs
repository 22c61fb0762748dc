// Scenarios: monitoring reports, every page on a phone, printing.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { axeCheck, check, client, DESKTOP, householdOf, login, PHONE, settled, shot, shots, tmp } from './harness.mjs'

// Monitoring reports (issue 17): a commune fills the half-year form and sends it up, the province
// sends it back with a reason (and cannot without one), the commune fixes and resends, the
// province approves; a later edit of a household of the commune shows on the form as a change
// since approval. Screenshots of the board and the form on a desktop and a phone.
const stateOf = (page, state) => page.locator(`[data-test=report-facts] [data-test=report-state][data-state="${state}"]`).waitFor({ timeout: 15000 })
function reportCell(report, id) {
  for (const s of report.form.sections) for (const r of s.rows) for (const c of Object.values(r.cells)) if (c.id === id) return c
  return null
}
export async function scenarioReports(browser, base, users) {
  const commune = users.commune_officer, province = users.province_officer
  check(commune && province, 'a commune officer and a province officer are needed')
  const capi = client(base, commune)
  const papi = client(base, province)
  const forms = await capi.get('/reports/forms')
  check(forms.status === 200 && Array.isArray(forms.body), `GET /reports/forms answers a list (got ${forms.status})`)
  const form = forms.body.find((f) => f.code === 'bieu-02') ??
    forms.body.find((f) => f.periods.includes('half_year') && f.levels.includes('commune'))
  check(form, 'a half-year form that communes report')
  const periods = (await capi.get(`/reports/periods?form=${encodeURIComponent(form.code)}`)).body ?? []
  const period = periods.find((x) => x.id === '2026-H1') ?? periods.find((x) => x.kind === 'half_year')
  check(period, `a half-year period of ${form.code}`)
  const unit = commune.user.unit_code
  const formPath = `/bao-cao/${form.code}/${period.id}/${unit}`
  const apiPath = `/reports/${form.code}/${period.id}/${unit}`
  const stamp = Date.now().toString().slice(-5)

  // The commune: its board, then its form — one entered cell and the narrative, complete, submit.
  const c = await login(browser, base, commune, DESKTOP)
  await c.page.goto(`${base}/bao-cao?period=${encodeURIComponent(period.id)}`)
  await c.page.locator(`[data-test=own-report][data-form="${form.code}"]`).waitFor({ timeout: 20000 })
  await settled(c.page)
  await shot(c.page, 'bao-cao-xa')
  await axeCheck(c.page, '/bao-cao (xã)')
  await c.page.locator(`[data-test=open-${form.code}]`).click()
  await c.page.waitForURL((u) => u.pathname === formPath, { timeout: 15000 })
  await c.page.locator('[data-test=form-table]').waitFor({ timeout: 15000 })
  const first = c.page.locator('[data-test=cell-input]').first()
  check(await first.count(), 'the commune officer can type in an entered cell')
  const cellId = await first.getAttribute('data-cell')
  await first.fill('12')
  // the cells an error finding names (a required cell left empty) are filled too, else completing is refused
  let stored = (await capi.get(apiPath)).body
  for (const f of stored.findings.filter((x) => x.importance === 'error')) {
    for (const id of f.cells) {
      const input = c.page.locator(`input[data-test=cell-input][data-cell="${id}"]`)
      if (id !== cellId && await input.count()) await input.fill('5')
    }
  }
  const narrative = c.page.locator('[data-test=narrative] textarea')
  const hasNarrative = (await narrative.count()) > 0
  if (hasNarrative) await narrative.first().fill(`Đánh giá 6 tháng (e2e ${stamp})`)
  await c.page.locator('[data-test=save]').click()
  await c.page.locator('.el-message', { hasText: 'Đã lưu bản nháp' }).waitFor({ timeout: 15000 })
  stored = (await capi.get(apiPath)).body
  check(!stored.findings.some((x) => x.importance === 'error'), `no error finding is left (${stored.findings.map((x) => x.message_vi).join('; ')})`)
  const typed = reportCell(stored, cellId)
  check(typed && (typed.value === 12 || (typed.type === 'money' && typed.value === 12_000_000)), `the typed cell ${cellId} is saved (${JSON.stringify(typed?.value)})`)
  // a stale version is refused by the server
  const stale = await capi.put(apiPath, { values: { [cellId]: 13 } }, { 'If-Match': `"${Math.max(0, stored.version - 1)}"` })
  check(stale.status === 412, `a save over a stale version gets 412 (got ${stale.status})`)
  await shot(c.page, 'bieu-bao-cao-xa-dang-nhap')
  await axeCheck(c.page, '/bao-cao/… (biểu, xã)')
  await c.page.locator('[data-test=action-complete]').click()
  await stateOf(c.page, 'complete')
  await c.page.locator('[data-test=action-submit]').click()
  await stateOf(c.page, 'submitted')
  check(!(await c.page.locator('[data-test=cell-input]').count()), 'a submitted report is no longer editable by the commune')

  if (!hasNarrative) {
    // a half-year form of the commune with a narrative row (Mẫu 01 today)
    let other = null
    for (const f of forms.body.filter((x) => x.code !== form.code && x.periods.includes('half_year'))) {
      const r = (await capi.get(`/reports/${f.code}/${period.id}/${unit}`)).body
      if (r?.form?.sections?.some((sec) => sec.rows.some((row) => row.narrative))) { other = f; break }
    }
    check(other, 'a half-year form with a narrative row')
    const otherPath = `/bao-cao/${other.code}/${period.id}/${unit}`
    await c.page.goto(base + otherPath)
    const text = c.page.locator('[data-test=narrative] textarea').first()
    await text.waitFor({ timeout: 15000 })
    const typedText = `Đã hoàn thành các chỉ tiêu giao;\nkhó khăn: nguồn vốn về chậm (e2e ${stamp})`
    await text.fill(typedText)
    await c.page.locator('[data-test=save]').click()
    await c.page.locator('.el-message', { hasText: 'Đã lưu bản nháp' }).last().waitFor({ timeout: 15000 })
    const id = await c.page.locator('[data-test=narrative]').first().getAttribute('data-cell')
    const saved = reportCell((await capi.get(`/reports/${other.code}/${period.id}/${unit}`)).body, id)
    check(saved?.value === typedText, `the narrative ${id} of ${other.code} is saved as typed (${JSON.stringify(saved?.value)})`)
    await shot(c.page, 'bieu-bao-cao-xa-phan-loi-van')
    // filled in Excel: the downloaded form goes back in, checked first (a file that is no spreadsheet is refused, nothing written)
    const [sheet] = await Promise.all([c.page.waitForEvent('download', { timeout: 20000 }), c.page.locator('[data-test=report-xlsx]').click()])
    const sheetFile = path.join(tmp, sheet.suggestedFilename())
    await sheet.saveAs(sheetFile)
    const badFile = path.join(tmp, 'khong-phai-excel.xlsx')
    fs.writeFileSync(badFile, 'không phải bảng tính')
    await c.page.locator('input[data-test=import-file]').setInputFiles(badFile)
    const importDialog = c.page.locator('.el-dialog', { hasText: 'Nhập số liệu từ tệp Excel' })
    await importDialog.locator('[data-test=import-problems]').waitFor({ timeout: 15000 })
    await importDialog.locator('.el-dialog__footer').getByRole('button', { name: 'Đóng' }).click()
    await importDialog.waitFor({ state: 'hidden' })
    await c.page.locator('input[data-test=import-file]').setInputFiles(sheetFile)
    await importDialog.locator('[data-test=import-confirm]').waitFor({ timeout: 15000 })
    await c.page.waitForTimeout(300)
    await shot(c.page, 'bieu-bao-cao-nhap-excel')
    await importDialog.locator('[data-test=import-confirm]').click()
    await c.page.locator('.el-message', { hasText: 'từ tệp Excel' }).waitFor({ timeout: 15000 })
    const reimported = reportCell((await capi.get(`/reports/${other.code}/${period.id}/${unit}`)).body, id)
    check(reimported?.value === typedText, `the narrative survives the round trip through Excel (${JSON.stringify(reimported?.value)})`)
    await c.page.goto(base + formPath)
    await c.page.locator('[data-test=form-table]').waitFor({ timeout: 15000 })
  }

  // The province: the board shows it sent; a send-back without a reason is refused in the dialog.
  const p = await login(browser, base, province, DESKTOP)
  await p.page.goto(`${base}/bao-cao?period=${encodeURIComponent(period.id)}&form=${encodeURIComponent(form.code)}`)
  const cell = p.page.locator(`[data-test=cell-${form.code}][data-unit="${unit}"]`)
  await cell.waitFor({ timeout: 20000 })
  check((await cell.innerText()).includes('Đã gửi'), `the province board shows the commune's report as sent (${await cell.innerText()})`)
  await settled(p.page)
  await shot(p.page, 'bao-cao-tinh')
  await axeCheck(p.page, '/bao-cao (tỉnh)')
  await cell.locator('a.open').click()
  await p.page.waitForURL((u) => u.pathname === formPath, { timeout: 15000 })
  await stateOf(p.page, 'submitted')
  await p.page.locator('[data-test=action-send-back]').click()
  const dialog = p.page.locator('.el-dialog', { hasText: 'Lý do trả lại' })
  await dialog.waitFor()
  await dialog.locator('[data-test=reason-confirm]').click()
  await dialog.locator('.el-form-item__error').waitFor({ timeout: 5000 })
  await p.page.waitForTimeout(400)
  await shot(p.page, 'tra-lai-chua-co-ly-do')
  await axeCheck(p.page, '/bao-cao/… (trả lại)')
  check((await papi.get(apiPath)).body.state === 'submitted', 'a send-back without a reason changes nothing')
  const reason = `Số hộ cần đối chiếu lại (e2e ${stamp})`
  await dialog.locator('textarea[data-test=reason-input]').fill(reason)
  await dialog.locator('[data-test=reason-confirm]').click()
  await p.page.locator('[data-test=history-reason]', { hasText: reason }).waitFor({ timeout: 15000 })
  const sentBack = (await papi.get(apiPath)).body.state
  check(sentBack !== 'submitted', `the report left 'submitted' after the send-back (${sentBack})`)

  // The commune sees the reason, fixes and sends again.
  await c.page.goto(base + formPath)
  await c.page.locator('[data-test=history-reason]', { hasText: reason }).waitFor({ timeout: 15000 })
  await c.page.locator(`input[data-test=cell-input][data-cell="${cellId}"]`).fill('14')
  // meanwhile someone else saves the report: the page's save meets 412, says so, and keeps what was typed
  const current = (await capi.get(apiPath)).body
  const bumped = await capi.put(apiPath, { values: { [cellId]: 13 } }, { 'If-Match': `"${current.version}"` })
  check(bumped.status === 200, `a save from elsewhere (got ${bumped.status})`)
  await c.page.locator('[data-test=save]').click()
  const staleDialog = c.page.locator('.el-dialog', { hasText: 'vừa được người khác lưu' })
  await staleDialog.waitFor({ timeout: 15000 })
  await c.page.waitForTimeout(400)
  await shot(c.page, 'bieu-bao-cao-xung-dot')
  await staleDialog.locator('[data-test=stale-keep]').click()
  await c.page.locator('.el-message', { hasText: 'Đã tải bản mới' }).waitFor({ timeout: 15000 })
  await c.page.waitForFunction((id) => document.querySelector(`input[data-test=cell-input][data-cell="${id}"]`)?.value === '14', cellId, { timeout: 15000 })
  await c.page.locator('[data-test=save]').click()
  await c.page.locator('.el-message', { hasText: 'Đã lưu bản nháp' }).last().waitFor({ timeout: 15000 })
  check(reportCell((await capi.get(apiPath)).body, cellId)?.value === 14, 'the value typed before the conflict is saved after reloading')
  if (await c.page.locator('[data-test=action-complete]').count()) {
    await c.page.locator('[data-test=action-complete]').click()
    await stateOf(c.page, 'complete')
  }
  await c.page.locator('[data-test=action-submit]').click()
  await stateOf(c.page, 'submitted')

  // The form and the board as spreadsheets; the dashboard shows what is due.
  const [download] = await Promise.all([c.page.waitForEvent('download', { timeout: 20000 }), c.page.locator('[data-test=report-xlsx]').click()])
  check(/\.xlsx$/.test(download.suggestedFilename()), `the form downloads as XLSX (${download.suggestedFilename()})`)
  const board = await fetch(`${base}/api/v1/reports/board.xlsx?unit=${unit}&period=${period.id}`, { headers: { Cookie: commune.cookie } })
  check(board.status === 200 && (board.headers.get('content-type') ?? '').includes('spreadsheet'), `the board downloads as XLSX (${board.status})`)
  await c.page.goto(`${base}/tong-quan`)
  await c.page.locator('[data-test=dashboard-due] [data-test=due-item]').first().waitFor({ timeout: 20000 })
  await settled(c.page)
  await shot(c.page, 'tong-quan-viec-can-lam')
  await axeCheck(c.page, '/tong-quan (xã)')

  // The province approves.
  await p.page.goto(base + formPath)
  await stateOf(p.page, 'submitted')
  await p.page.locator('[data-test=action-approve]').click()
  await stateOf(p.page, 'approved')
  await settled(p.page)
  await shot(p.page, 'bieu-bao-cao-tinh-da-duyet')

  // Someone reads the form without acting on it.
  if (users.viewer) {
    const v = await login(browser, base, users.viewer, DESKTOP)
    await v.page.goto(base + formPath)
    await v.page.locator('[data-test=form-table]').waitFor({ timeout: 15000 })
    check(!(await v.page.locator('[data-test=save], [data-test^=action-], [data-test=cell-input]').count()), 'a viewer is offered no action and no input')
    await v.context.close()
  }

  // The province edits a poor household of the commune on the household page: the approved form
  // now differs from what the registry says.
  const poor = await papi.get(`/households?unit=${encodeURIComponent(unit)}&class=poor&page_size=20`)
  check(poor.status === 200 && poor.body.items.length, `a poor household of the commune (${poor.status})`)
  let hid = null
  for (const h of poor.body.items) {
    const record = (await papi.get(`/households/${encodeURIComponent(h.household_id)}`)).body
    if (Number(record?.income_per_capita ?? 0) < 3_000_000) { hid = h.household_id; break }
  }
  check(hid, 'a poor household of the commune whose income was not raised already')
  await p.page.goto(`${base}/ho/${encodeURIComponent(hid)}/sua`)
  await p.page.locator('[data-test=field-income_per_capita] input').fill('90000000')
  await p.page.locator('[data-test=save]').click()
  await p.page.waitForURL((u) => !u.pathname.endsWith('/sua'), { timeout: 15000 })
  stored = (await capi.get(apiPath)).body
  check(stored.modified_since_approval && stored.modified_since_approval.count > 0, `the form reports a change since approval (${JSON.stringify(stored.modified_since_approval)?.slice(0, 200)})`)
  await c.page.goto(base + formPath)
  await c.page.locator('[data-test=modified-since-approval]').waitFor({ timeout: 15000 })
  check((await c.page.locator('[data-test=modified-since-approval]').innerText()).includes('Đã thay đổi sau khi duyệt'), 'the commune sees "Đã thay đổi sau khi duyệt"')
  await settled(c.page)
  await shot(c.page, 'bieu-bao-cao-thay-doi-sau-duyet')
  await c.context.close(); await p.context.close()

  // The same pages on a phone: the table scrolls sideways, the actions wrap.
  for (const s of [commune, province]) {
    const m = await login(browser, base, s, PHONE)
    await m.page.goto(`${base}/bao-cao?period=${encodeURIComponent(period.id)}`)
    await m.page.locator('[data-test=own-reports]').waitFor({ timeout: 20000 })
    await settled(m.page)
    await shot(m.page, `bao-cao-dien-thoai-${s === commune ? 'xa' : 'tinh'}`)
    await m.page.goto(base + formPath)
    await m.page.locator('[data-test=form-table]').waitFor({ timeout: 15000 })
    await settled(m.page)
    const wide = await m.page.evaluate(() => document.documentElement.scrollWidth)
    check(wide <= PHONE.width + 1, `the form page does not scroll the whole page sideways on a phone (${wide} px)`)
    const scroller = await m.page.locator('[data-test=form-scroll]').evaluate((e) => e.scrollWidth > e.clientWidth)
    check(scroller, 'the form table scrolls sideways inside its box on a phone')
    await shot(m.page, `bieu-bao-cao-dien-thoai-${s === commune ? 'xa' : 'tinh'}`)
    await m.context.close()
  }
}

// Every page on a phone (issue 15): the header is one bar whose button opens the menu (named,
// aria-expanded, Escape closes it and gives the focus back); no page scrolls sideways as a whole,
// a wide table scrolls inside its box; a dialog shows its buttons. On a computer the menu is as before.
export async function scenarioPhone(browser, base, users) {
  const s = users.commune_officer ?? users.province_officer
  check(s, 'a commune or province officer demo user is needed')
  const api = client(base, s)
  const [h] = await householdOf(api)
  const id = encodeURIComponent(h.household_id)
  const d = await login(browser, base, s, DESKTOP)
  check(!(await d.page.locator('[data-test=menu-button]').isVisible()), 'no menu button on a computer')
  check(await d.page.locator('nav .router-link-active, nav a').first().isVisible(), 'the menu shows on a computer')
  const hdr = await d.page.locator('header').boundingBox()
  check(hdr && hdr.height <= 60, `the header is one row on a computer (${hdr?.height} px)`)
  await d.context.close()

  const { context, page } = await login(browser, base, s, PHONE)
  await page.goto(base + '/tong-quan')
  const button = page.locator('[data-test=menu-button]')
  await button.waitFor()
  const bar = await page.locator('header').boundingBox()
  check(bar && bar.height <= 64, `the header is one bar on a phone (${bar?.height} px)`)
  check(!(await page.locator('nav').isVisible()), 'the menu is folded on a phone')
  check(/menu/i.test(await button.getAttribute('aria-label') ?? '') && await button.getAttribute('aria-expanded') === 'false', 'the menu button is named and says it is closed')
  await button.focus()
  await page.keyboard.press('Enter')
  check(await button.getAttribute('aria-expanded') === 'true', 'Enter opens the menu (aria-expanded)')
  await page.locator('nav').waitFor()
  check(await page.locator('[data-test=user-name]').isVisible() && await page.locator('[data-test=sign-out]').isVisible(), 'the open menu shows the user and Đăng xuất')
  await shot(page, 'dien-thoai-menu-mo')
  await axeCheck(page, '/tong-quan (điện thoại, menu mở)')
  await page.keyboard.press('Escape')
  check(await button.getAttribute('aria-expanded') === 'false' && !(await page.locator('nav').isVisible()), 'Escape closes the menu')
  check(await button.evaluate((e) => e === document.activeElement), 'the focus is back on the menu button')
  await button.click()
  await page.locator('nav a', { hasText: 'Hộ gia đình' }).click()
  await page.waitForURL((u) => u.pathname === '/ho')
  check(!(await page.locator('nav').isVisible()), 'choosing a page closes the menu')

  const pages = [
    ['/tong-quan', '[data-test=summary]'], ['/ho', '[data-test=households-table] .el-table__row'], [`/ho/${id}`, '[data-test=answers]'],
    [`/ho/${id}/sua`, '[data-test=field-head_name]'], ['/ra-soat', '[data-test=open-round]'], ['/ra-soat/2', '[data-test=results-table] .el-table__row'],
    ['/ke-hoach', 'main h1'], ['/bao-cao', 'main h1'], ...(s.user.role === 'commune_officer' ? [['/nhap-du-lieu', '[data-test=dry-run]']] : []),
  ]
  for (const [u, ready] of pages) {
    await page.goto(base + u)
    await page.locator(ready).first().waitFor({ timeout: 20000 })
    await settled(page)
    await page.waitForTimeout(300)
    const wide = await page.evaluate(() => document.documentElement.scrollWidth)
    check(wide <= PHONE.width + 1, `${u} does not scroll the whole page sideways on a phone (${wide} px)`)
    await shot(page, `dien-thoai${u.replace(/[^a-z0-9]+/gi, '-').replace(/-+$/, '')}`)
  }
  // a household's answers are one field a line
  await page.goto(`${base}/ho/${id}`)
  await page.locator('[data-test=answers] tbody tr').first().waitFor({ timeout: 20000 })
  const cells = await page.locator('[data-test=answers] tbody tr').first().locator('th, td').count()
  check(cells === 2, `a household's answers are one field a line on a phone (${cells} cells)`)
  // a wide table scrolls inside its box
  await page.goto(`${base}/ra-soat/2`)
  await page.locator('[data-test=results-table] .el-table__row').first().waitFor({ timeout: 20000 })
  const inside = await page.locator('[data-test=results-table] .el-scrollbar__wrap').first().evaluate((e) => e.scrollWidth > e.clientWidth + 10)
  check(inside, 'the round results table scrolls sideways inside its box on a phone')
  // a dialog shows its buttons
  await page.goto(`${base}/ra-soat`)
  if (await page.locator('[data-test=new-round]').count()) {
    await page.locator('[data-test=new-round]').click()
    await page.locator('[data-test=run-round]').waitFor()
    await page.waitForTimeout(400)
    const b = await page.locator('[data-test=run-round]').boundingBox()
    check(b && b.x >= 0 && b.x + b.width <= PHONE.width && b.y + b.height <= PHONE.height, `the new-round dialog shows its button on a phone (${JSON.stringify(b)})`)
    await shot(page, 'dien-thoai-hop-thoai-dot-moi')
  }
  await context.close()
}

// Printing (issue 15): the "In" button of the household, the dashboard, the household list, a
// round's results and the reports board calls window.print(); here print() is replaced by a flag
// and the page is printed to PDF (page.pdf() fires beforeprint and afterprint like a real print),
// then each PDF page drawn to PNG (pdftoppm, when installed) next to the screenshots. A print
// without the button (Ctrl+P: page.pdf() alone) gives the same text. No menu or buttons on paper;
// the household prints every tab and its members at 10pt; a round prints no what-if.
export async function scenarioPrint(browser, base, users) {
  const s = users.commune_officer
  check(s, 'a commune officer demo user is needed')
  const [h] = await householdOf(client(base, s), '&class=poor')
  const id = encodeURIComponent(h.household_id)
  const { context, page } = await login(browser, base, s, DESKTOP)
  const pages = [
    ['ho-gia-dinh', `/ho/${id}`, '[data-test=answers]'], ['tong-quan', '/tong-quan', '[data-test=summary]'],
    ['danh-sach-ho', '/ho', '[data-test=households-table] .el-table__row'], ['ket-qua-ra-soat', '/ra-soat/2', '[data-test=results-table] .el-table__row'],
    ['bao-cao', '/bao-cao', '[data-test=own-reports]'],
  ]
  const pdftoppm = spawnSync('pdftoppm', ['-v']).error ? null : 'pdftoppm'
  const pdftotext = spawnSync('pdftotext', ['-v']).error ? null : 'pdftotext'
  for (const [name, u, ready] of pages) {
    await page.goto(base + u)
    await page.locator(ready).first().waitFor({ timeout: 20000 })
    await settled(page)
    await page.waitForTimeout(500)
    await page.evaluate(() => { window.__printed = false; window.print = () => { window.__printed = true } })
    await page.locator('[data-test=print]').click()
    await page.waitForFunction(() => window.__printed, null, { timeout: 10000 })
    const file = path.join(shots, `in-${name}.pdf`)
    // the page's own @page sizes (A4; A4 across for a round), as the browser's print dialog takes them
    await page.pdf({ path: file, printBackground: true, preferCSSPageSize: true })
    const ctrlP = path.join(tmp, `ctrl-p-${name}.pdf`)
    await page.pdf({ path: ctrlP, printBackground: true, preferCSSPageSize: true })
    if (pdftotext) {
      const text = (f) => spawnSync(pdftotext, ['-layout', f, '-']).stdout.toString()
      check(text(file) === text(ctrlP), `${u}: printed without the In button (Ctrl+P), the page reads the same`)
    }
    await page.emulateMedia({ media: 'print' })
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')))
    check(!(await page.locator('header').isVisible()) && !(await page.locator('[data-test=print]').isVisible()), `${u}: no menu and no buttons on paper`)
    if (name === 'ho-gia-dinh') {
      for (const t of ['Thông tin hộ', 'Thành viên', 'Chỉ số thiếu hụt', 'Lịch sử phân loại', 'Nhật ký thay đổi']) {
        check(await page.locator('h2.print-only', { hasText: t }).isVisible(), `the printed household shows its tab "${t}"`)
      }
      check(await page.locator('[data-test=members-print]').isVisible() && await page.locator('[data-test=indicators]').isVisible(), 'the printed household has its members and indicators')
      const sizes = await page.locator('[data-test=members-print] td, [data-test=members-print] th').evaluateAll((cells) => cells.map((c) => parseFloat(getComputedStyle(c).fontSize)))
      check(sizes.length && Math.min(...sizes) >= 13.3, `the printed members are at 10pt at least (${Math.min(...sizes)} px)`)
    }
    if (name === 'ket-qua-ra-soat') {
      check(await page.locator('h2.print-only', { hasText: 'Kết quả từng hộ' }).isVisible(), 'the printed round shows its results')
      check(!(await page.locator('[data-test=what-if-standard]').isVisible()), 'the printed round has no what-if')
    }
    const overflow = await page.evaluate(() => [...document.querySelectorAll('main .el-table, main .chart, main .print-table')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length)
    check(overflow === 0, `${u}: no table or chart is wider than the paper (${overflow})`)
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')))
    await page.emulateMedia({ media: null }) // not 'screen': page.pdf() would then print the screen's styles
    if (pdftoppm) spawnSync(pdftoppm, ['-png', '-r', '50', file, path.join(shots, `in-${name}`)])
  }
  await context.close()
}
