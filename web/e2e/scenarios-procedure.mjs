// Scenario: the review procedure of Decision 24/2021 run for one village of the demo's round 2 (2025,
// a draft): the commune officer lists every household of Làng Sao, the reviewer surveys one on the
// survey page (Phiếu B: poor), one on a tablet (Phiếu A: not poor), the others by the step, and
// classifies them, the officer holds the village meeting (one household gets 19 of 40 votes and goes back to the
// list, the others 30 of 40), posts the list; the board counts each step; a request received long ago
// shows "Quá hạn" and is refused with its reason. On a computer and on a phone. Anyone, signed in
// or not, checks a certificate's code on the public page reached from the sign-in page.
import path from 'node:path'
import { readFileSync } from 'node:fs'
import JSZip from 'jszip'
import { axeCheck, check, client, DESKTOP, login, PHONE, settled, shot, shots } from './harness.mjs'

const ROUND = 2
const VILLAGE = 'Làng Sao'
const TABLET = { width: 820, height: 1180 }
const page = (base) => `${base}/ra-soat/${ROUND}/quy-trinh?thon=${encodeURIComponent(VILLAGE)}`

async function boardCount(p, key) {
  const row = p.locator('[data-test=board-table] .el-table__body tr', { hasText: VILLAGE }).first()
  return Number((await row.locator(`[data-test=board-${key}]`).innerText()).replace(/\./g, ''))
}

async function selectAll(p) {
  await p.locator('[data-test=cases-table] thead .el-checkbox').first().click()
}

async function takeStep(p, step, fill = async () => undefined) {
  await p.locator(`[data-test=step-${step}]`).click()
  const dialog = p.locator('.el-dialog[data-test=step-dialog]')
  await dialog.waitFor({ timeout: 10000 })
  await fill(dialog)
  await dialog.locator('[data-test=step-confirm]').click()
  await dialog.waitFor({ state: 'hidden', timeout: 20000 })
  await p.locator('.el-message--success').last().waitFor({ timeout: 10000 })
  await settled(p)
}

// a message fading out would be measured at half its contrast: checked once it is gone
const quiet = (p) => p.waitForFunction(() => !document.querySelector('.el-message'), null, { timeout: 10000 }).catch(() => undefined)

async function chooseState(p, text) {
  await p.locator('[data-test=state-select]').click()
  await p.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
  await settled(p)
}

export async function scenarioProcedure(browser, base, users) {
  const officer = users.commune_officer
  const reviewer = users.reviewer
  check(officer && reviewer, 'a commune officer and a reviewer demo user are needed')
  const round = (await client(base, officer).get('/rounds')).body.find((x) => x.id === ROUND)
  check(round?.year === 2025 && round.status === 'draft', `round ${ROUND} is the draft of 2025 (got ${JSON.stringify(round)?.slice(0, 120)})`)
  const before = (await client(base, officer).get(`/rounds/${ROUND}/procedure`)).body
  const households = before.cases.filter((c) => c.village === VILLAGE)
  check(households.length > 2 && households.every((c) => c.state === ''), `${VILLAGE} has households none of which is listed yet`)
  const n = households.length

  // ---- the officer opens the procedure from the round and lists every household of Làng Sao ----
  const o = await login(browser, base, officer, DESKTOP)
  await o.page.goto(`${base}/ra-soat/${ROUND}`)
  await o.page.locator('[data-test=open-procedure]').click()
  await o.page.locator('[data-test=board-table]', { hasText: VILLAGE }).waitFor({ timeout: 15000 })
  await o.page.locator('[data-test=board-village]', { hasText: VILLAGE }).click()
  await o.page.locator('.el-tabs__item', { hasText: `Các hộ thôn ${VILLAGE}` }).waitFor({ timeout: 10000 })
  await settled(o.page)
  check(await o.page.locator('[data-test=cases-table] .el-table__body tr').count() === n, `the table shows the ${n} households of ${VILLAGE}`)
  await selectAll(o.page)
  check(Number(await o.page.locator('[data-test=selected-count]').innerText()) === n, 'every household is selected')
  const offered = await o.page.locator('[data-test=step-toolbar] .el-button').allInnerTexts()
  check(offered.length === 1 && offered[0] === 'Lập danh sách hộ cần rà soát', `only listing is offered (got ${offered.join(', ')})`)
  await takeStep(o.page, 'list', async (d) => {
    check((await d.locator('[data-test=step-count]').innerText()) === String(n), 'the dialog says how many households')
    await shot(o.page, 'quy-trinh-lap-danh-sach')
  })
  check(await boardCount(o.page, 'listed') === n, `the board counts ${n} listed households`)
  await o.context.close()

  // ---- the reviewer surveys one household on the survey page (Phiếu B: poor), one on a tablet
  // (a sign of Phiếu A: not poor), and the others by the step; then classifies those ----
  const r = await login(browser, base, reviewer, DESKTOP)
  await r.page.goto(page(base))
  await r.page.locator('[data-test=cases-table]', { hasText: 'Trong danh sách rà soát' }).waitFor({ timeout: 15000 })
  const [surveyed, signed, onPhone] = households.map((c) => c.household_id)
  await r.page.locator('[data-test=cases-table] [data-test=case-open]', { hasText: surveyed }).click()
  await r.page.locator('[data-test=case-survey]').click()
  await r.page.locator('[data-test=phieu-b2]').waitFor({ timeout: 15000 })
  await settled(r.page)
  check((await r.page.locator('[data-test=phieu-b2] .b2-row').count()) === 12, 'B2 asks the 12 indicators of the standard')
  await r.page.locator('input[data-test=survey-income]').fill('1200000')
  check(await r.page.locator('input[data-test=survey-income]').inputValue() === '1.200.000', 'the income is grouped as it is typed')
  const b2 = (i, n) => r.page.locator(`[data-test=b2-${i}] .el-radio-button`).nth(n)  // 0 deprived, 1 not, 2 from the members
  for (const i of ['employment', 'water', 'latrine']) await b2(i, 0).click()
  await b2('telecom', 1).click()
  await axeCheck(r.page, 'phiếu khảo sát')
  await shot(r.page, 'khao-sat-phieu-b')
  await r.page.locator('[data-test=survey-save]').click()
  await r.page.locator('[data-test=survey-result]').waitFor({ timeout: 15000 })
  const obtained = await r.page.locator('[data-test=survey-class]').innerText()
  check(obtained === 'Hộ nghèo', `below the line with three deprivations the household is poor (got ${obtained})`)
  await shot(r.page, 'khao-sat-ket-qua')
  await r.page.locator('[data-test=survey-done]').click()
  await r.page.locator('[data-test=cases-table]', { hasText: 'Trong danh sách rà soát' }).waitFor({ timeout: 15000 })
  const after = (await client(base, reviewer).get(`/households/${encodeURIComponent(surveyed)}`)).body
  check(after.income_per_capita === '1200000' && after.deprived_water === '1', 'the survey is written into the household\'s record')

  const t = await login(browser, base, reviewer, TABLET)
  await t.page.goto(`${base}/ra-soat/${ROUND}/khao-sat/${encodeURIComponent(signed)}`)
  await t.page.locator('[data-test=phieu-a]').waitFor({ timeout: 15000 })
  await settled(t.page)
  await shot(t.page, 'khao-sat-may-tinh-bang')
  await t.page.locator('[data-test=phieu-a] .el-checkbox', { hasText: 'Có ô tô' }).click()
  check(await t.page.locator('[data-test=phieu-b2]').count() === 0, 'a sign of Phiếu A leaves Phiếu B out')
  await t.page.locator('[data-test=survey-save]').click()
  await t.page.locator('[data-test=survey-class]', { hasText: 'Không thuộc diện nghèo' }).waitFor({ timeout: 15000 })
  await t.context.close()
  const p = await login(browser, base, reviewer, PHONE)
  await p.page.goto(`${base}/ra-soat/${ROUND}/khao-sat/${encodeURIComponent(onPhone)}`)
  await p.page.locator('[data-test=phieu-b2]').waitFor({ timeout: 15000 })
  await settled(p.page)
  await p.page.locator('[data-test=survey-save]').click()
  await p.page.locator('[role=alert]', { hasText: 'cần sửa' }).waitFor({ timeout: 5000 })
  await p.page.locator('[data-test=phieu-b1] .el-form-item__error', { hasText: 'Nhập thu nhập bình quân' }).waitFor({ timeout: 5000 })
  const narrow = await p.page.evaluate(() => document.documentElement.scrollWidth)
  check(narrow <= PHONE.width + 1, `the survey page does not scroll sideways on a phone (${narrow} px)`)
  await shot(p.page, 'khao-sat-dien-thoai')
  await axeCheck(p.page, 'phiếu khảo sát (điện thoại)')
  await p.context.close()

  // the tablet's survey since the page was read
  await r.page.reload()
  await r.page.locator('[data-test=cases-table]', { hasText: 'Trong danh sách rà soát' }).waitFor({ timeout: 15000 })
  await chooseState(r.page, 'Trong danh sách rà soát')
  await selectAll(r.page)
  await takeStep(r.page, 'survey')
  await chooseState(r.page, 'Đã khảo sát (phiếu A, B)')
  await selectAll(r.page)
  await takeStep(r.page, 'classify')
  check(await boardCount(r.page, 'classified') === n, `the board counts ${n} classified households`)
  await shot(r.page, 'quy-trinh-da-phan-loai')
  await r.context.close()

  // ---- the officer holds the meeting: one household 19/40, the others 30/40 ----
  const m = await login(browser, base, officer, DESKTOP)
  await m.page.goto(page(base))
  await m.page.locator('[data-test=cases-table]', { hasText: 'Đã chấm điểm, phân loại' }).waitFor({ timeout: 15000 })
  const firstRow = m.page.locator('[data-test=cases-table] .el-table__body tr').first()
  const first = (await firstRow.locator('[data-test=case-open]').innerText()).trim()
  await firstRow.locator('.el-checkbox').click()
  await takeStep(m.page, 'meeting', async (d) => {
    await d.locator('[data-test=vote-attendees] input').fill('40')
    await d.locator('[data-test=vote-agree] input').fill('19')
    await d.locator('[data-test=vote-disagree] input').fill('21')
    await d.locator('[data-test=vote-result]').click()
    await d.locator('[data-test=vote-result]', { hasText: '47,5%' }).waitFor({ timeout: 5000 })
    check((await d.locator('[data-test=vote-result]').innerText()).includes('cần ít nhất 50%'), 'the threshold is shown')
    await shot(m.page, 'quy-trinh-hop-khong-dat')
  })
  const back = m.page.locator('[data-test=cases-table] .el-table__body tr', { hasText: first })
  check((await back.locator('[data-test=case-state]').innerText()) === 'Trong danh sách rà soát', `household ${first} goes back to the list after 19/40`)
  await chooseState(m.page, 'Đã chấm điểm, phân loại')
  await selectAll(m.page)
  check(Number(await m.page.locator('[data-test=selected-count]').innerText()) === n - 1, 'the others are selected')
  await takeStep(m.page, 'meeting', async (d) => {
    await d.locator('[data-test=vote-attendees] input').fill('40')
    await d.locator('[data-test=vote-agree] input').fill('30')
    await d.locator('[data-test=vote-disagree] input').fill('10')
    await d.locator('[data-test=vote-result]').click()
    await d.locator('[data-test=vote-result]', { hasText: '75%' }).waitFor({ timeout: 5000 })
  })
  await chooseState(m.page, 'Họp thôn đã thống nhất')
  await selectAll(m.page)
  await takeStep(m.page, 'post', async (d) => { await d.locator('input[data-test=step-place]').fill('Nhà văn hóa thôn Làng Sao') })
  // a step the law does not allow yet is refused with the server's message: recognising before the posting ends
  await chooseState(m.page, 'Đang niêm yết công khai')
  check(await m.page.locator('[data-test=cases-table] .el-table__body tr').count() === n - 1, `${n - 1} households are posted`)
  await selectAll(m.page)
  await m.page.locator('[data-test=step-recognise]').click()
  const dlg = m.page.locator('.el-dialog[data-test=step-dialog]')
  await dlg.locator('input[data-test=step-decision]').fill('15/QĐ-UBND')
  await dlg.locator('[data-test=step-confirm]').click()
  await dlg.locator('[data-test=step-refusal]', { hasText: 'chưa hết thời gian niêm yết' }).waitFor({ timeout: 10000 })
  await shot(m.page, 'quy-trinh-tu-choi')
  await dlg.getByRole('button', { name: 'Huỷ' }).click()

  // the village's papers: the meeting minutes name the household sent back with its 19 of 40
  await m.page.locator('[data-test=papers-button]').click()
  const [minutes] = await Promise.all([m.page.waitForEvent('download', { timeout: 20000 }),
    m.page.locator('[data-test=paper-meeting-minutes-docx]:visible').click()])
  check(minutes.suggestedFilename() === 'bien-ban-hop-thon-lang-sao-ky-2.docx', `the minutes are saved by village (${minutes.suggestedFilename()})`)
  const minutesXml = await (await JSZip.loadAsync(readFileSync(await minutes.path()))).file('word/document.xml').async('string')
  check(minutesXml.includes('BIÊN BẢN HỌP THÔN') && minutesXml.includes('47,5%') && minutesXml.includes('Rà soát lại'),
    'the minutes hold the vote of the household sent back')
  await m.page.locator('[data-test=papers-button]').click()
  await m.page.locator('[data-test=paper-recognition-decision-docx]:visible').click()
  await m.page.locator('.el-message--error', { hasText: 'chưa có quyết định công nhận' }).waitFor({ timeout: 10000 })

  // the board: one household back on the list, the others posted and being posted now
  check(await boardCount(m.page, 'listed') === 1, 'the board counts 1 household back on the list')
  check(await boardCount(m.page, 'posted') === n - 1, `the board counts ${n - 1} posted households`)
  check(await boardCount(m.page, 'posted-now') === n - 1, `the board counts ${n - 1} lists being posted now`)
  check(await boardCount(m.page, 'none') === 0, 'no household of the village is left unlisted')
  await quiet(m.page)
  await axeCheck(m.page, '/ra-soat/2/quy-trinh')
  await shot(m.page, 'quy-trinh-bang-tong-hop')

  // the household sent back: its history names the meeting and its vote
  await m.page.locator('[data-test=state-select]').click()
  await m.page.locator('.el-select-dropdown__item:visible', { hasText: 'Trong danh sách rà soát' }).first().click()
  await m.page.locator('[data-test=cases-table] [data-test=case-open]', { hasText: first }).click()
  const drawer = m.page.locator('[data-test=case-history]')
  await drawer.waitFor({ timeout: 10000 })
  const history = await drawer.innerText()
  check(history.includes('Họp dân thống nhất kết quả') && history.includes('19/40 đồng ý (47,5%)'), `the history shows the meeting's vote (got ${history.slice(0, 300)})`)
  check(history.includes(`Người ghi: ${officer.username}`), `the history names who recorded the meeting (got ${history.slice(0, 300)})`)
  await axeCheck(m.page, 'lịch sử hộ')
  await shot(m.page, 'quy-trinh-lich-su-ho')
  await m.page.keyboard.press('Escape')

  // ---- a request received long ago is overdue; refusing it needs a reason ----
  await m.page.locator('.el-tabs__item', { hasText: 'Đơn đề nghị' }).click()
  await m.page.locator('[data-test=request-new]').click()
  const rd = m.page.locator('.el-dialog[data-test=request-dialog]')
  await rd.waitFor({ timeout: 10000 })
  await rd.locator('[data-test=request-household]').click()
  await m.page.keyboard.type(first)
  await m.page.locator('.el-select-dropdown__item:visible', { hasText: first }).first().click()
  const received = rd.locator('.el-date-editor input').first()
  await received.fill('01/09/2026')
  await received.press('Enter')
  await rd.locator('input[data-test=request-applicant]').fill('Lò Văn Sao')
  await rd.locator('[data-test=request-save]').click()
  await rd.waitFor({ state: 'hidden', timeout: 10000 })
  const row = m.page.locator('[data-test=requests-table] .el-table__body tr', { hasText: first }).first()
  await row.locator('[data-test=request-overdue]', { hasText: 'Quá hạn' }).waitFor({ timeout: 10000 })
  check((await row.locator('[data-test=request-due]').innerText()) === '16/09/2026', 'due 15 days after 01/09/2026, as dd/mm/yyyy')
  await quiet(m.page)
  await shot(m.page, 'quy-trinh-don-qua-han')
  await axeCheck(m.page, 'đơn đề nghị')
  await row.locator('[data-test=request-refuse]').click()
  const dd = m.page.locator('.el-dialog[data-test=decide-dialog]')
  check(await dd.locator('[data-test=decide-confirm]').isDisabled(), 'a refusal without its reason cannot be sent')
  await dd.locator('textarea[data-test=decide-reason]').fill('Hộ đã được rà soát trong đợt định kỳ năm 2025.')
  await dd.locator('[data-test=decide-confirm]').click()
  await dd.waitFor({ state: 'hidden', timeout: 10000 })
  await row.locator('.el-tag', { hasText: 'Từ chối' }).waitFor({ timeout: 10000 })

  // a Mẫu 04 request opens its case: a regular round of that household alone, on its own page
  await m.page.locator('[data-test=request-new]').click()
  await rd.waitFor({ timeout: 10000 })
  await rd.locator('[data-test=request-form]').click()
  await m.page.locator('.el-select-dropdown__item:visible', { hasText: 'Mẫu số 04' }).first().click()
  await rd.locator('[data-test=request-household]').click()
  await m.page.keyboard.type(first)
  await m.page.locator('.el-select-dropdown__item:visible', { hasText: first }).first().click()
  await rd.locator('[data-test=request-save]').click()
  await rd.waitFor({ state: 'hidden', timeout: 10000 })
  const leaving = m.page.locator('[data-test=requests-table] .el-table__body tr', { hasText: 'Mẫu số 04' }).first()
  await leaving.locator('[data-test=request-open]').click()
  await m.page.waitForURL((u) => /\/ra-soat\/\d+\/quy-trinh/.test(u.pathname) && !u.pathname.startsWith('/ra-soat/2/'), { timeout: 15000 })
  await m.page.locator('h1', { hasText: 'thường xuyên' }).waitFor({ timeout: 15000 })
  const caseRows = m.page.locator('[data-test=cases-table] .el-table__body tr')
  await caseRows.first().waitFor({ timeout: 10000 })
  // the periodic round's rows may still be on the page while the regular round's load
  await m.page.waitForFunction(() => document.querySelectorAll('[data-test=cases-table] .el-table__body tr').length === 1,
    null, { timeout: 10000 }).catch(() => {})
  check(await caseRows.count() === 1, 'the regular round holds the household alone')
  check((await caseRows.first().locator('[data-test=case-state]').innerText()) === 'Đã nhận đơn, chờ rà soát', 'the household is listed for its request')
  check(await m.page.locator('[data-test=step-meeting]').count() === 0, 'no village meeting in the regular review')
  await quiet(m.page)
  await shot(m.page, 'quy-trinh-thuong-xuyen')
  await m.context.close()

  // ---- on a phone: the tables scroll with a hint, a step's dialog shows its button ----
  const ph = await login(browser, base, officer, PHONE)
  await ph.page.goto(page(base))
  await ph.page.locator('[data-test=cases-table]', { hasText: first }).waitFor({ timeout: 15000 })
  await settled(ph.page)
  const wide = await ph.page.evaluate(() => document.documentElement.scrollWidth)
  check(wide <= PHONE.width + 1, `the page does not scroll sideways on a phone (${wide} px)`)
  check(await ph.page.locator('.scroll-hint').first().isVisible(), 'the board says it scrolls sideways')
  await shot(ph.page, 'quy-trinh-dien-thoai')
  await axeCheck(ph.page, '/ra-soat/2/quy-trinh (điện thoại)')
  // a posted household's complaint: the dialog with the most fields
  await ph.page.locator('[data-test=cases-table] .el-table__body tr').nth(1).locator('.el-checkbox').click()
  await ph.page.locator('[data-test=step-complain]').click()
  const pd = ph.page.locator('.el-dialog[data-test=step-dialog]')
  await pd.waitFor({ timeout: 10000 })
  const box = await pd.locator('[data-test=step-confirm]').boundingBox()
  check(box && box.y + box.height <= PHONE.height && box.x + box.width <= PHONE.width, `the dialog's button is on the screen (${JSON.stringify(box)})`)
  // what the phone's screen shows (a full-page picture would stretch the fixed dialog's veil)
  await ph.page.waitForFunction(() => document.getAnimations().every((x) => x.playState !== 'running'), null, { timeout: 5000 }).catch(() => undefined)
  await ph.page.screenshot({ path: path.join(shots, 'quy-trinh-dien-thoai-hop-thoai.png') })
  await axeCheck(ph.page, 'hộp thoại khiếu nại (điện thoại)')
  await pd.getByRole('button', { name: 'Huỷ' }).click()
  await pd.waitFor({ state: 'hidden', timeout: 10000 })
  await ph.page.locator('[data-test=cases-table] [data-test=case-open]', { hasText: first }).click()
  await ph.page.locator('[data-test=case-history]').waitFor({ timeout: 10000 })
  await ph.page.waitForFunction(() => document.getAnimations().every((x) => x.playState !== 'running'), null, { timeout: 5000 }).catch(() => undefined)
  await ph.page.screenshot({ path: path.join(shots, 'quy-trinh-dien-thoai-lich-su.png') })
  await ph.page.keyboard.press('Escape')
  await ph.page.locator('.el-tabs__item', { hasText: 'Đơn đề nghị' }).click()
  await ph.page.locator('[data-test=requests-table]', { hasText: 'Từ chối' }).waitFor({ timeout: 10000 })
  const wideRequests = await ph.page.evaluate(() => document.documentElement.scrollWidth)
  check(wideRequests <= PHONE.width + 1, `the requests do not scroll the page sideways on a phone (${wideRequests} px)`)
  await shot(ph.page, 'quy-trinh-dien-thoai-don')
  await ph.context.close()

  for (const viewport of [DESKTOP, PHONE]) await verifyAnonymously(browser, base, viewport)
}

// Nobody signed in: the sign-in page leads to the check; a code no certificate has is said so.
async function verifyAnonymously(browser, base, viewport) {
  const phone = viewport === PHONE
  const context = await browser.newContext({ locale: 'vi-VN', viewport })
  const p = await context.newPage()
  await p.goto(`${base}/dang-nhap`)
  await p.locator('[data-test=verify-link]').click()
  await p.locator('input[data-test=verify-code]').fill('khongcoma')
  check(await p.locator('input[data-test=verify-code]').inputValue() === 'KHONGCOMA', 'the code is read in upper case')
  await p.locator('[data-test=verify-submit]').click()
  await p.locator('[data-test=verify-not-found]', { hasText: 'Không có giấy chứng nhận nào mang mã này' }).waitFor({ timeout: 10000 })
  check(new URL(p.url()).pathname === '/xac-minh/KHONGCOMA', `the code is in the address (${p.url()})`)
  await p.goto(`${base}/xac-minh/KHONGCOMA`)
  await p.locator('[data-test=verify-not-found]').waitFor({ timeout: 10000 })
  check(!(await p.locator('[data-test=user-name]').count()), 'no signed-in chrome for an anonymous visitor')
  const wide = await p.evaluate(() => document.documentElement.scrollWidth)
  check(wide <= viewport.width + 1, `the check does not scroll sideways (${wide} px)`)
  await shot(p, phone ? 'xac-minh-dien-thoai' : 'xac-minh')
  await axeCheck(p, `/xac-minh${phone ? ' (điện thoại)' : ''}`)
  await context.close()
}
