// Scenarios: signing in, drilling down the dashboard, an edit conflict, the import, the scope of a user.
import fs from 'node:fs'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { axeCheck, check, client, householdOf, login, settled, shot, tmp } from './harness.mjs'
import { fillTemplate } from './templates.mjs'

export async function scenarioSignIn(browser, base, users) {
  const s = users.commune_officer ?? Object.values(users)[0]
  const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1366, height: 850 } })
  const page = await context.newPage()
  const missing = []
  page.on('response', (r) => { if (r.status() === 404) missing.push(r.url()) })
  await page.goto(base + '/ho')
  await page.locator('[data-test=sign-in]').waitFor()
  await page.waitForTimeout(300)
  check(missing.length === 0, `the sign-in page asks for nothing missing (${missing.join(', ')})`)
  check(page.url().includes('/dang-nhap'), 'an anonymous visit to /ho must lead to the sign-in page')
  await page.locator('input[data-test=username], [data-test=username] input').fill(s.username)
  await page.locator('input[data-test=password], [data-test=password] input').fill(s.password + '-sai')
  await page.locator('[data-test=sign-in]').click()
  await page.locator('[data-test=login-error]').waitFor()
  await shot(page, 'dang-nhap-sai-mat-khau')
  await page.locator('input[data-test=password], [data-test=password] input').fill(s.password)
  await page.locator('[data-test=sign-in]').click()
  await page.locator('[data-test=user-name]').waitFor()
  check(page.url().includes('/ho'), `after sign-in the page asked for (/ho) opens, got ${page.url()}`)
  check((await page.locator('[data-test=user-name]').innerText()).trim() === s.user.full_name, 'header shows the user name')
  check((await page.locator('[data-test=user-unit]').innerText()).trim() === s.user.unit_name, 'header shows the unit')
  await page.locator('[data-test=households-table] .el-table__row').first().waitFor()
  await shot(page, 'sau-dang-nhap-danh-sach-ho')
  await axeCheck(page, '/ho')
  await page.locator('[data-test=sign-out]').click()
  await page.locator('[data-test=sign-in]').waitFor()
  await page.goto(base + '/tong-quan')
  await page.locator('[data-test=sign-in]').waitFor()
  await context.close()
}

export async function scenarioDrillDown(browser, base, users) {
  const s = users.province_officer ?? users.admin
  check(s, 'a province officer or administrator demo user is needed')
  const { context, page } = await login(browser, base, s)
  for (const map of [2024, 2025]) {
    await page.goto(`${base}/tong-quan?map=${map}`)
    await page.locator('[data-test=summary]').waitFor()
    await page.locator('[data-test=units-table] [data-test=drill]').first().waitFor({ timeout: 20000 })
    await shot(page, `tong-quan-ban-do-${map}`)
    await settled(page)
    await axeCheck(page, `/tong-quan?map=${map}`)
    const seen = []
    for (let depth = 0; depth < 4; depth++) {
      const links = page.locator('[data-test=units-table] [data-test=drill]')
      if ((await links.count()) === 0) break
      const name = (await links.first().innerText()).trim()
      seen.push(name)
      const before = page.url()
      await links.first().click()
      await page.waitForURL((u) => u.toString() !== before, { timeout: 15000 })
      if (page.url().includes('/ho?') || new URL(page.url()).pathname === '/ho') {
        await page.locator('[data-test=households-table] .el-table__row').first().waitFor({ timeout: 15000 })
        await shot(page, `khoan-sau-${map}-danh-sach-ho`)
        await axeCheck(page, '/ho?unit=…')
        break
      }
      await page.locator('[data-test=summary]').waitFor()
      await page.waitForFunction(() => !document.querySelector('.el-loading-mask'), null, { timeout: 20000 }).catch(() => undefined)
      const crumbs = await page.locator('[data-test=breadcrumb]').innerText()
      check(crumbs.includes(name), `the breadcrumb shows the unit drilled into (${name}); got ${crumbs}`)
      await shot(page, `khoan-sau-${map}-cap-${depth + 1}`)
    }
    check(seen.length >= 2, `drill-down on the ${map} map went at least two levels deep (${seen.join(' › ')})`)
  }
  await context.close()
}

export async function scenarioConflict(browser, base, users) {
  const s = users.commune_officer
  check(s, 'a commune officer demo user is needed')
  const api = client(base, s)
  const [h] = await householdOf(api)
  const id = h.household_id
  const a = await login(browser, base, s)
  const b = await login(browser, base, s)
  for (const x of [a, b]) {
    await x.page.goto(`${base}/ho/${encodeURIComponent(id)}/sua`)
    await x.page.locator('[data-test=field-head_name] input').waitFor()
  }
  const stamp = Date.now().toString().slice(-5)
  await a.page.locator('[data-test=field-head_name] input').fill(`Người A ${stamp}`)
  await b.page.locator('[data-test=field-village] input').fill(`Thôn B ${stamp}`)
  await b.page.locator('[data-test=save]').click()
  await b.page.waitForURL((u) => !u.pathname.endsWith('/sua'), { timeout: 15000 })
  await a.page.locator('[data-test=save]').click()
  const dialog = a.page.locator('.el-dialog', { hasText: 'vừa được người khác sửa' })
  await dialog.waitFor({ timeout: 15000 })
  await a.page.waitForTimeout(500) // let the dialog finish opening before the screenshot
  check((await dialog.locator('[data-test=conflict-who]').innerText()).includes(s.username), 'the conflict dialog says who saved the other version')
  const table = await dialog.locator('[data-test=conflict-table]').innerText()
  check(table.includes(`Người A ${stamp}`), 'the conflict dialog shows the value the user typed')
  await shot(a.page, 'xung-dot-khi-sua')
  await axeCheck(a.page, '/ho/…/sua (xung đột)')
  await dialog.locator('[data-test=conflict-reapply]').click()
  await a.page.waitForURL((u) => !u.pathname.endsWith('/sua'), { timeout: 15000 })
  await a.page.locator('[data-test=answers]').waitFor()
  await shot(a.page, 'xung-dot-da-ap-dung-lai')
  await axeCheck(a.page, '/ho/…')
  const after = (await api.get(`/households/${encodeURIComponent(id)}`)).body
  check(after.head_name === `Người A ${stamp}`, `A's change is saved (head_name = ${after.head_name})`)
  check(after.village === `Thôn B ${stamp}`, `B's change is kept (village = ${after.village})`)
  // and a stale If-Match is refused by the server itself
  const stale = await api.put(`/households/${encodeURIComponent(id)}`, after, { 'If-Match': '"1"' })
  check(stale.status === 412 && stale.body?.current, `a stale If-Match gets 412 with the current values (got ${stale.status})`)
  // A wrong personal id: the server refuses it in the import's words, shown on the member's field.
  await a.page.goto(`${base}/ho/${encodeURIComponent(id)}/sua`)
  await a.page.locator('[data-test=field-head_name] input').waitFor()
  if (!(await a.page.locator('[data-test=member-0-personal_id] input').isVisible())) await a.page.locator('.el-collapse-item__header').first().click()
  await a.page.locator('[data-test=member-0-personal_id] input').waitFor()
  await a.page.locator('[data-test=member-0-personal_id] input').fill('03808012345')
  await a.page.locator('[data-test=save]').click()
  await a.page.locator('[data-test=problems]').waitFor({ timeout: 15000 })
  const listed = await a.page.locator('[data-test=problems]').innerText()
  check(listed.includes('12 chữ số'), `the refused personal id is listed in the server's words (${listed})`)
  await a.page.locator('[data-test=member-0-personal_id] .el-form-item__error', { hasText: '12 chữ số' }).waitFor({ timeout: 5000 })
  check(listed.includes('Thành viên 1'), `the problem names the member (${listed})`)
  check(a.page.url().endsWith('/sua'), 'a refused edit stays on the form')
  await shot(a.page, 'sua-ho-bi-tu-choi')
  await axeCheck(a.page, '/ho/…/sua (lỗi)')
  await a.context.close(); await b.context.close()
}

export async function scenarioImport(browser, base, users) {
  const s = users.commune_officer
  check(s, 'a commune officer demo user is needed')
  const api = client(base, s)
  const [h] = await householdOf(api)
  const unit = h.unit_code
  const stamp = Date.now().toString().slice(-6)
  const id1 = `E2E-${stamp}-1`; const id2 = `E2E-${stamp}-2`
  const hh = `household_id,unit_code,village,head_name,income_per_capita,housing_type,housing_area_m2,water_source,latrine,info_assets,hears_loudspeaker\n${id1},${unit},Thôn E2E,Lường Văn Một,1200000,simple,20.5,surface,none,radio,1\n${id2},${unit},Thôn E2E,Hà Thị Hai,2500000,permanent,60,piped,septic,tv;smartphone,1\n`
  const bad = `household_id,member_id,full_name,personal_id,relation,sex,birth_date,ethnicity,health_insurance,uses_internet\n${id1},${id1}-01,Lường Văn Một,03808012345,head,male,1980-05-02,Thái,1,0\n${id1},${id1}-02,Lò Thị Một,038180123456,spouse,female,1982-13-40,Thái,1,0\n${id2},${id2}-01,Hà Thị Hai,,head,female,,Kinh,1,1\n`
  const good = `household_id,member_id,full_name,personal_id,relation,sex,birth_date,ethnicity,health_insurance,uses_internet\n${id1},${id1}-01,Lường Văn Một,038080123456,head,male,1980-05-02,Thái,1,0\n${id1},${id1}-02,Lò Thị Một,038182123456,spouse,female,1982-12-30,Thái,1,0\n${id2},${id2}-01,Hà Thị Hai,,head,female,1975,Kinh,1,1\n`
  const dir = fs.mkdtempSync(path.join(tmp, 'import-'))
  fs.writeFileSync(path.join(dir, 'households.csv'), hh)
  fs.writeFileSync(path.join(dir, 'members.csv'), bad)
  const { context, page } = await login(browser, base, s)
  await page.goto(base + '/nhap-du-lieu')
  await page.locator('[data-test=households-file]').setInputFiles(path.join(dir, 'households.csv'))
  await page.locator('[data-test=members-file]').setInputFiles(path.join(dir, 'members.csv'))
  await page.locator('[data-test=dry-run]').click()
  await page.locator('[data-test=dry-run-errors]').waitFor({ timeout: 30000 })
  const problems = await page.locator('[data-test=problems-table]').allInnerTexts()
  const all = problems.join('\n')
  check(/personal_id/.test(all) && /birth_date/.test(all), `errors name the columns (personal_id, birth_date): ${all.slice(0, 300)}`)
  check(/\b2\b/.test(all) && /\b3\b/.test(all), 'errors name the rows')
  check((await page.locator('[data-test=dry-run-result]').innerText()).includes('members'), 'errors name the file')
  check(await page.locator('[data-test=confirm-import]').count() === 0, 'no confirm button while there are errors')
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=problems-xlsx]').click()])
  const errorsBook = new ExcelJS.Workbook()
  await errorsBook.xlsx.readFile(await download.path())
  const errorsSheet = errorsBook.worksheets[0]
  check(['Tệp', 'Dòng', 'Cột', 'Nội dung lỗi'].every((t, i) => errorsSheet.getRow(1).getCell(i + 1).value === t), 'the problems XLSX has Vietnamese headers')
  const errorRows = errorsSheet.getRows(2, errorsSheet.rowCount - 1).map((r) => [r.getCell(1).value, r.getCell(2).value, r.getCell(3).value])
  check(errorRows.some(([f, r, c]) => f === 'members.csv' && r === 2 && /^Số định danh cá nhân/.test(c)) && errorRows.some(([, r, c]) => r === 3 && /^Ngày sinh/.test(c)),
    `the problems XLSX names file, row and column by its label: ${JSON.stringify(errorRows)}`)
  await shot(page, 'nhap-du-lieu-co-loi')
  await axeCheck(page, '/nhap-du-lieu')
  check((await api.get(`/households/${id1}`)).status === 404, 'a dry run with errors writes nothing')
  fs.writeFileSync(path.join(dir, 'members-fixed.csv'), good)
  await page.locator('[data-test=members-file]').setInputFiles(path.join(dir, 'members-fixed.csv'))
  await page.locator('[data-test=dry-run]').click()
  await page.locator('[data-test=dry-run-ok]').waitFor({ timeout: 30000 })
  const counts = await page.locator('[data-test=dry-run-counts]').innerText()
  check(counts.includes('2 hộ thêm mới') && counts.includes('0 hộ thay đổi'), `the dry run says in Vietnamese what it will do: ${counts}`)
  await shot(page, 'nhap-du-lieu-chay-thu-hop-le')
  check((await api.get(`/households/${id1}`)).status === 404, 'a dry run writes nothing')
  await page.locator('[data-test=confirm-import]').click()
  await page.locator('[data-test=import-done]').waitFor({ timeout: 60000 })
  check((await page.locator('[data-test=import-counts]').innerText()).includes('2 hộ thêm mới'), 'the import says how many households it added')
  await shot(page, 'nhap-du-lieu-thanh-cong')
  const saved = await api.get(`/households/${id1}`)
  check(saved.status === 200 && saved.body.members.length === 2, `the imported household is there with its 2 members (${saved.status})`)
  await page.goto(`${base}/ho?q=${encodeURIComponent('Lường Văn Một')}`)
  await page.locator('[data-test=households-table]', { hasText: id1 }).waitFor({ timeout: 15000 })
  // the two templates, downloaded from the page, filled in under their Vietnamese headers
  await page.goto(base + '/nhap-du-lieu')
  const templates = {}
  for (const kind of ['households', 'members']) {
    const [file] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-test=template-${kind}]`).click()])
    check(/\.xlsx$/.test(file.suggestedFilename()), `the ${kind} template is an XLSX (${file.suggestedFilename()})`)
    templates[kind] = path.join(dir, file.suggestedFilename())
    await file.saveAs(templates[kind])
  }
  const id3 = `E2E-${stamp}-3`
  await fillTemplate(templates.households, [{ 'Mã hộ': id3, 'Mã xã': unit, 'Thôn / tổ dân phố': 'Thôn E2E', 'Họ tên chủ hộ': 'Đinh Văn Ba' }], path.join(dir, 'ho-mau.xlsx'))
  await fillTemplate(templates.members, [{ 'Mã hộ': id3, 'Mã thành viên': `${id3}-01`, 'Họ tên': 'Đinh Văn Ba', 'Giới tính': 'Nam', 'Ngày sinh': '02/05/1980' }], path.join(dir, 'thanh-vien-mau.xlsx'))
  await page.locator('[data-test=households-file]').setInputFiles(path.join(dir, 'ho-mau.xlsx'))
  await page.locator('[data-test=members-file]').setInputFiles(path.join(dir, 'thanh-vien-mau.xlsx'))
  await page.locator('[data-test=dry-run]').click()
  await page.locator('[data-test=dry-run-ok], [data-test=dry-run-errors]').first().waitFor({ timeout: 30000 })
  const outcome = await page.locator('[data-test=dry-run-result]').innerText()
  check(await page.locator('[data-test=dry-run-ok]').count() === 1, `the filled templates pass the dry run: ${outcome.slice(0, 400)}`)
  const filled = await page.locator('[data-test=dry-run-counts]').innerText()
  check(filled.includes('1 hộ thêm mới'), `the dry run of the filled templates says 1 household will be added: ${filled}`)
  await shot(page, 'nhap-du-lieu-tu-tep-mau')
  check((await api.get(`/households/${id3}`)).status === 404, 'a dry run of the templates writes nothing')
  await context.close()
}

export async function scenarioScope(browser, base, users) {
  const officer = users.commune_officer
  const wide = users.admin ?? users.province_officer
  check(officer && wide, 'a commune officer and an administrator or province officer are needed')
  const mine = client(base, officer)
  const all = client(base, wide)
  // a household that the officer may not see: listed for the wide user, refused to the officer
  let other = null
  for (let page = 1; page <= 40 && !other; page++) {
    const r = await all.get(`/households?page_size=200&page=${page}`)
    if (r.status !== 200 || !r.body.items.length) break
    for (const h of r.body.items) {
      if (h.unit_code === officer.user.unit_code) continue
      const probe = await mine.get(`/households/${encodeURIComponent(h.household_id)}`)
      if (probe.status === 403 || probe.status === 404) { other = h; break }
    }
  }
  check(other, 'found a household outside the commune officer\'s unit')
  const id = encodeURIComponent(other.household_id)
  const unit = encodeURIComponent(other.unit_code)
  const rounds = (await all.get('/rounds')).body ?? []
  const round = rounds.at(-1)?.id
  // the API refuses every route that would show it
  const refused = [
    `/households/${id}`, `/households/${id}/history`, `/households/${id}/results`, `/households/${id}/explain${round ? `?round=${round}` : ''}`,
    `/households?unit=${unit}`, `/audit?household=${id}`,
    ...(round ? [`/rounds/${round}/results?unit=${unit}`, `/rounds/${round}/stats?level=village&unit=${unit}`, `/rounds/${round}/transitions?unit=${unit}`, `/rounds/${round}/export.xlsx?unit=${unit}`] : []),
  ]
  for (const p of refused) {
    const r = await mine.get(p)
    const leaked = r.status === 200 && JSON.stringify(r.body ?? '').includes(other.household_id)
    check(r.status === 403 || r.status === 404 || (p.startsWith('/audit') && r.status === 200 && !leaked), `GET ${p} must be refused to the commune officer (got ${r.status})`)
  }
  const full = (await all.get(`/households/${id}`))
  const put = await mine.put(`/households/${id}`, full.body, { 'If-Match': full.headers.get('etag') ?? '"1"' })
  check(put.status === 403 || put.status === 404, `PUT /households/${other.household_id} must be refused (got ${put.status})`)
  // searching by the head's name finds nothing of the other commune
  if (other.head_name) {
    const r = await mine.get(`/households?q=${encodeURIComponent(other.head_name)}&page_size=500`)
    check(r.status === 200 && !r.body.items.some((h) => h.household_id === other.household_id), 'search does not reveal the other commune\'s household')
  }
  // and no page of the interface shows it, by any URL
  const { context, page } = await login(browser, base, officer)
  const urls = [`/ho/${id}`, `/ho/${id}/sua`, `/ho?unit=${unit}`, `/tong-quan?unit=${unit}`, ...(round ? [`/ra-soat/${round}?unit=${unit}`] : [])]
  for (const u of urls) {
    await page.goto(base + u)
    await page.waitForLoadState('networkidle')
    const text = await page.locator('main').innerText()
    check(!text.includes(other.household_id) || u.includes(other.household_id) && !(await page.locator('[data-test=answers]').count()), `${u} must not show the household`)
    if (u.startsWith('/ho/') || u.startsWith('/ho?') || u.startsWith('/tong-quan')) {
      check(await page.locator('[data-test=error-state]').count() > 0, `${u} says the data is out of reach`)
    }
    check(!(await page.locator('[data-test=answers]').count()), `${u} shows no household answers`)
    await shot(page, `ngoai-pham-vi-${u.split('?')[0].replace(/[^a-z]+/gi, '-').replace(/-+$/, '')}`)
  }
  await context.close()
}
