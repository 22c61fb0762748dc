// Scenario: follow-up of households that left poverty. The demo's 2025 round is approved (its
// recognition decision of 20/12/2025), which marks the households it took out of poverty; the commune
// officer opens "Theo dõi hộ thoát nghèo" from the menu, sees them all not yet visited, opens one,
// records a visit that found it at risk, and finds it under that filter with its last visit. On a
// computer and on a phone; a viewer sees the visits but no form.
import { axeCheck, check, client, DESKTOP, login, PHONE, settled, shot } from './harness.mjs'

const quiet = (p) => p.waitForFunction(() => !document.querySelector('.el-message'), null, { timeout: 10000 }).catch(() => undefined)
const ddmmyyyy = (iso) => iso.split('-').reverse().join('/')

export async function scenarioFollowUp(browser, base, users) {
  const officer = users.commune_officer
  const approver = users.admin ?? users.province_officer
  check(officer && approver, 'a commune officer and an administrator or province officer demo user are needed')
  const round = (await client(base, approver).get('/rounds')).body.find((x) => x.id === 2)
  if (round?.status === 'draft') {
    const r = await client(base, approver).post('/rounds/2/approve', { decision_date: '2025-12-20', reason: 'kiểm thử theo dõi hộ thoát nghèo' })
    check(r.status === 200, `approving round 2: ${r.status} ${JSON.stringify(r.body)?.slice(0, 200)}`)
  }
  const list = (await client(base, officer).get('/follow-up')).body
  check(list?.round?.id === 2 && list.items.length > 0, `the officer's unit has households to follow (got ${JSON.stringify(list)?.slice(0, 200)})`)
  const n = list.items.length
  const target = list.items[0]

  // ---- the list, reached from the menu ----
  const o = await login(browser, base, officer, DESKTOP)
  await o.page.locator('[data-test=nav-follow-up]').click()
  await o.page.locator('[data-test=follow-up-table]').waitFor({ timeout: 15000 })
  await settled(o.page)
  check(await o.page.locator('[data-test=follow-up-table] .el-table__body tr').count() === n, `the table shows the ${n} households`)
  check((await o.page.locator('[data-test=follow-up-basis]').innerText()).includes('20/12/2025'), 'the basis names the decision day')
  check(await o.page.locator('[data-test=follow-up-table] .row-not-visited').count() === n, 'every household is highlighted as not yet visited')
  await axeCheck(o.page, 'follow-up list')
  await shot(o.page, 'follow-up-list')

  // ---- one household: its card, a visit recorded ----
  await o.page.locator('[data-test=follow-up-table] a', { hasText: target.household_id }).click()
  const card = o.page.locator('[data-test=follow-up-card]')
  await card.waitFor({ timeout: 15000 })
  check(await card.locator('[data-test=follow-up-none]').count() === 1, 'the card says the household has not been visited')
  await card.locator('[data-test=follow-up-situation]').click()
  await o.page.locator('.el-select-dropdown__item:visible', { hasText: 'Có nguy cơ tái nghèo' }).first().click()
  await card.locator('input[data-test=follow-up-support], [data-test=follow-up-support] input').fill('Vay vốn chăn nuôi bò sinh sản')
  await card.locator('textarea[data-test=follow-up-note], [data-test=follow-up-note] textarea').fill('Mất mùa ngô vụ thu; gia đình còn một lao động chính')
  await card.locator('[data-test=follow-up-save]').click()
  await o.page.locator('.el-message--success').last().waitFor({ timeout: 10000 })
  await card.locator('[data-test=follow-up-visits]').waitFor({ timeout: 10000 })
  const visits = (await client(base, officer).get(`/households/${encodeURIComponent(target.household_id)}/follow-up`)).body
  check(visits.visits.length === 1, 'one visit is stored')
  const row = await card.locator('[data-test=follow-up-visits] .el-table__body tr').first().innerText()
  check(row.includes(ddmmyyyy(visits.today)) && row.includes('Có nguy cơ tái nghèo') && row.includes(officer.username),
    `the visit shows its day (dd/mm/yyyy), situation and visitor (got ${row})`)
  await quiet(o.page)
  await axeCheck(o.page, 'household follow-up card')
  await shot(o.page, 'follow-up-card')

  // ---- back to the list: under "at risk", with its last visit ----
  await o.page.goto(`${base}/theo-doi`)
  await o.page.locator('[data-test=follow-up-table]').waitFor({ timeout: 15000 })
  await settled(o.page)
  await o.page.locator('[data-test=follow-up-filter-at_risk]').click()
  const rows = o.page.locator('[data-test=follow-up-table] .el-table__body tr')
  check(await rows.count() === 1, 'one household is at risk')
  const text = await rows.first().innerText()
  check(text.includes(target.household_id) && text.includes(ddmmyyyy(visits.today)) && text.includes('Hôm nay'), `its last visit is today (got ${text})`)
  await shot(o.page, 'follow-up-at-risk')
  await o.context.close()

  // ---- on a phone ----
  const m = await login(browser, base, officer, PHONE)
  await m.page.goto(`${base}/theo-doi`)
  await m.page.locator('[data-test=follow-up-cards]').waitFor({ timeout: 15000 })
  await settled(m.page)
  check(await m.page.locator('[data-test=follow-up-cards] li').count() === n, `one block per household on a phone (${n})`)
  check(await m.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'the list page does not scroll sideways on a phone')
  await axeCheck(m.page, 'follow-up list on a phone')
  await shot(m.page, 'follow-up-list-phone')
  await m.page.goto(`${base}/ho/${encodeURIComponent(target.household_id)}`)
  await m.page.locator('[data-test=follow-up-card]').waitFor({ timeout: 15000 })
  await settled(m.page)
  check(await m.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'the household page does not scroll sideways on a phone')
  await shot(m.page, 'follow-up-card-phone')
  await m.context.close()

  // ---- a viewer reads the visits, records none ----
  if (users.viewer) {
    const v = await login(browser, base, users.viewer, DESKTOP)
    const seen = (await client(base, users.viewer).get(`/households/${encodeURIComponent(target.household_id)}/follow-up`)).status
    if (seen === 200) {
      await v.page.goto(`${base}/ho/${encodeURIComponent(target.household_id)}`)
      await v.page.locator('[data-test=follow-up-card]').waitFor({ timeout: 15000 })
      check(await v.page.locator('[data-test=follow-up-form]').count() === 0, 'a viewer has no form')
    }
    await v.context.close()
  }
}
