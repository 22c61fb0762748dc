// What the end-to-end scenarios share: where screenshots and throw-away files go, signing in (in
// the browser and for API calls), screenshots, checks, the accessibility check and the viewports.
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const here = path.dirname(fileURLToPath(import.meta.url))
export const web = path.resolve(here, '..')
export const shots = path.join(here, 'screenshots')
fs.mkdirSync(shots, { recursive: true })
export const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'giamngheo-e2e-'))
// The store the server under test runs on: E2E_DB (a PostgreSQL database), else a throw-away SQLite file.
export const storeLocation = process.env.E2E_DB || path.join(tmp, 'e2e.db')
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
export function freePort() {
  return new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)) }) })
}
export function serverBinary() { return process.env.GIAMNGHEO_BIN ?? path.resolve(web, '../build/release/cli/giamngheo') }

export async function signInApi(base, username, password) {
  const r = await fetch(base + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) })
  if (!r.ok) return null
  const body = await r.json()
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0]
  return { user: body.user, csrf: body.csrf_token, cookie, username, password }
}
export function client(base, s) {
  const call = async (method, p, body, headers = {}) => {
    const r = await fetch(base + '/api/v1' + p, { method, headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined })
    const type = r.headers.get('content-type') ?? ''
    return { status: r.status, headers: r.headers, body: type.includes('json') ? await r.json().catch(() => null) : null }
  }
  return { get: (p) => call('GET', p), put: (p, b, h) => call('PUT', p, b, h), post: (p, b) => call('POST', p, b) }
}

let shotNo = 0
export async function shot(page, name) {
  const file = path.join(shots, `${String(++shotNo).padStart(2, '0')}-${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}
export function check(cond, message) { if (!cond) throw new Error(message) }

// Accessibility: axe-core (a devDependency, read from node_modules; nothing is fetched) on the
// signed-in pages a scenario opens. A "serious" or "critical" violation fails the scenario (after it
// ran to its end, so every page's problems are printed: the rule, the element, the help text).
// The pages' Content-Security-Policy (script-src 'self') refuses page.addScriptTag, so the script is
// evaluated through the DevTools protocol instead.
const AXE = fs.readFileSync(path.join(web, 'node_modules/axe-core/axe.min.js'), 'utf8')
/** The serious or critical problems axe found in the scenario running now. */
export const axeProblems = []
export async function axeCheck(page, where) {
  // colours are measured once transitions end (a tag fading in reads paler than it is)
  await page.waitForTimeout(200)
  await page.waitForFunction(() => document.getAnimations().every((x) => x.playState !== 'running'), null, { timeout: 5000 }).catch(() => undefined)
  if (!(await page.evaluate(() => !!window.axe))) await page.evaluate(AXE)
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }))
  for (const v of r.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
    axeProblems.push(`${where}: ${v.id}`)
    console.log(`  axe ${where}: ${v.impact} ${v.id} — ${v.help} (${v.helpUrl})`)
    for (const n of v.nodes.slice(0, 5)) console.log(`      ${n.target.join(' ')}${n.any[0]?.message ? ` — ${n.any[0].message}` : ''}`)
    if (v.nodes.length > 5) console.log(`      … and ${v.nodes.length - 5} more`)
  }
}

export const PHONE = { width: 390, height: 844 }
export async function login(browser, base, s, viewport = { width: 1366, height: 850 }) {
  const context = await browser.newContext({ locale: 'vi-VN', viewport, acceptDownloads: true })
  const page = await context.newPage()
  await page.goto(base + '/dang-nhap')
  await page.locator('input[data-test=username], [data-test=username] input').fill(s.username)
  await page.locator('input[data-test=password], [data-test=password] input').fill(s.password)
  await page.locator('[data-test=sign-in]').click()
  await page.locator('[data-test=user-name]').waitFor({ state: 'attached', timeout: 15000 })
  return { context, page }
}

export async function householdOf(api, extra = '') {
  const r = await api.get(`/households?page_size=20${extra}`)
  check(r.status === 200 && r.body.items.length, `listing households: ${r.status}`)
  return r.body.items
}

export const settled = (page) => page.waitForFunction(() => !document.querySelector('.el-loading-mask'), null, { timeout: 20000 }).catch(() => undefined)
export const DESKTOP = { width: 1366, height: 768 }
