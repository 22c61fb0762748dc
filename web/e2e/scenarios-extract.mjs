// Scenario: a commune's extract for a laptop. The store under test is copied with `store copy
// --unit` (the commune officer's unit) into a new SQLite file, a second server runs on that file,
// and the officer signs in there with the password of the province's server: every page says it is
// the commune's extract, on a computer and on a phone. The province's own server says nothing of it.
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { axeCheck, check, DESKTOP, freePort, login, PHONE, serverBinary, settled, shot, sleep, storeLocation, tmp, web } from './harness.mjs'

async function healthy(base, server) {
  for (let i = 0; i < 300; i++) {
    if (server.exitCode !== null) throw new Error(`the extract's server exited (${server.exitCode})`)
    try { if ((await fetch(base + '/healthz')).ok) return } catch { /* not yet */ }
    await sleep(200)
  }
  throw new Error(`the extract's server did not answer at ${base}`)
}

export async function scenarioExtract(browser, base, users) {
  const officer = users.commune_officer
  check(officer, 'a commune officer demo user is needed')
  const own = await login(browser, base, officer, DESKTOP)
  await settled(own.page)
  check(await own.page.locator('[data-test=extract-banner]').count() === 0, "the province's server is nobody's extract")
  await own.context.close()

  const unit = officer.user.unit_code
  const file = path.join(tmp, 'extract.db')
  const copy = spawnSync(serverBinary(), ['store', 'copy', '--unit', unit, '--from', storeLocation, '--to', file], { encoding: 'utf8' })
  check(copy.status === 0, `store copy --unit ${unit}: ${copy.stderr}`)
  check(copy.stderr.includes(`Kho đích là bản trích xuất của đơn vị ${unit}`), `the copy says the file is the unit's extract: ${copy.stderr}`)

  const port = await freePort()
  const serveArgs = ['--db', file, 'serve', '--listen', `127.0.0.1:${port}`]
  if (fs.existsSync(path.join(web, 'dist'))) serveArgs.push('--static', path.join(web, 'dist'))
  const server = spawn(serverBinary(), serveArgs, { stdio: 'ignore', env: process.env })
  try {
    const laptop = `http://127.0.0.1:${port}`
    await healthy(laptop, server)
    for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      const { context, page } = await login(browser, laptop, officer, viewport)
      await settled(page)
      const banner = page.locator('[data-test=extract-banner]')
      await banner.waitFor({ timeout: 15000 })
      const text = await banner.innerText()
      check(text.includes(`Bản trích xuất của ${officer.user.unit_name}`), `the strip names the unit: ${text}`)
      check(/lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/.test(text), `the strip gives when it was made, dd/mm/yyyy hh:mm: ${text}`)
      if (name === 'desktop') await axeCheck(page, 'extract')
      await shot(page, `extract-${name}`)
      await context.close()
    }
  } finally {
    server.kill('SIGTERM')
  }
}
