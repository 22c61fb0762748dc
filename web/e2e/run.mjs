// End-to-end tests: Debian's chromium driven by playwright-core against a running server.
//
//   npm run e2e                       starts `giamngheo serve --demo` (GIAMNGHEO_BIN, else ../build/release/cli/giamngheo)
//                                     on a free loopback port with a throw-away store, reads the address and the demo
//                                     users it prints, runs every scenario, stops it
//   E2E_BASE_URL=http://127.0.0.1:8080 E2E_USERS=admin:pw,xa:pw npm run e2e    against a server already running
//   E2E_DB=postgresql://… npm run e2e the same on that store (an empty PostgreSQL database) instead of a throw-away SQLite file
//   npm run e2e -- --only conflict    one scenario, or several: --only sign-in,import (sign-in, drill-down, conflict, import, scope, phone, print, plans, trust, reports, procedure, extract, followup; followup approves the demo's 2025 round, so it runs last)
//
// Screenshots go to e2e/screenshots/. Ends with "N passed, M failed" and a non-zero exit on failure.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { parseCredentials } from './credentials.mjs'
import { axeProblems, check, freePort, serverBinary, shots, signInApi, sleep, storeLocation, tmp, web } from './harness.mjs'
import { scenarioConflict, scenarioDrillDown, scenarioImport, scenarioScope, scenarioSignIn } from './scenarios-basic.mjs'
import { scenarioPlans, scenarioTrust } from './scenarios-work.mjs'
import { scenarioPhone, scenarioPrint, scenarioReports } from './scenarios-pages.mjs'
import { scenarioProcedure } from './scenarios-procedure.mjs'
import { scenarioFollowUp } from './scenarios-followup.mjs'
import { scenarioExtract } from './scenarios-extract.mjs'

const args = process.argv.slice(2)
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'

// ---------- the server under test ----------
let child = null
let output = ''
async function startServer() {
  if (process.env.E2E_BASE_URL) return process.env.E2E_BASE_URL.replace(/\/$/, '')
  const port = await freePort()
  const cmd = serverBinary()
  if (!fs.existsSync(cmd)) throw new Error(`no server binary at ${cmd} (set GIAMNGHEO_BIN)`)
  // The flags of `serve` are read from its --help, so this follows whichever the server offers.
  const help = await new Promise((resolve) => {
    const h = spawn(cmd, ['serve', '--help']); let t = ''
    h.stdout.on('data', (d) => { t += d }); h.stderr.on('data', (d) => { t += d }); h.on('close', () => resolve(t))
  })
  const cmdArgs = ['--db', storeLocation, 'serve', '--demo']
  if (/--listen\b/.test(help)) cmdArgs.push('--listen', `127.0.0.1:${port}`)
  else if (/--port\b/.test(help)) cmdArgs.push('--port', String(port))
  else if (/--address\b/.test(help)) cmdArgs.push('--address', `127.0.0.1:${port}`)
  else if (/--bind\b/.test(help)) cmdArgs.push('--bind', `127.0.0.1:${port}`)
  if (/--static\b/.test(help) && fs.existsSync(path.join(web, 'dist'))) cmdArgs.push('--static', path.join(web, 'dist'))
  child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIAMNGHEO_DB: storeLocation } })
  child.stdout.on('data', (d) => { output += d })
  child.stderr.on('data', (d) => { output += d })
  const deadline = Date.now() + 180_000
  let base = null
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`)
    const m = /https?:\/\/(?:127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0):(\d+)/.exec(output)
    base = m ? `http://127.0.0.1:${m[1]}` : `http://127.0.0.1:${port}`
    try { const r = await fetch(base + '/healthz'); if (r.ok) return base } catch { /* not yet */ }
    await sleep(300)
  }
  throw new Error(`server did not answer /healthz in time:\n${output}`)
}

async function findUsers(base) {
  const text = (process.env.E2E_USERS ? process.env.E2E_USERS.split(',').map((x) => x.replace(':', ' / ')).join('\n') + '\n' : '') + output
  const users = {}
  for (const c of parseCredentials(text)) {
    const s = await signInApi(base, c.username, c.password)
    if (s && !users[s.user.role]) users[s.user.role] = s
  }
  return users
}

const results = []

const SCENARIOS = {
  'sign-in': scenarioSignIn, 'drill-down': scenarioDrillDown, conflict: scenarioConflict, import: scenarioImport, scope: scenarioScope,
  phone: scenarioPhone, print: scenarioPrint,
  ...(process.env.E2E_BASE_URL ? {} : { plans: scenarioPlans, trust: scenarioTrust, reports: scenarioReports, procedure: scenarioProcedure, extract: scenarioExtract, followup: scenarioFollowUp }),
}

async function main() {
  const started = Date.now()
  const base = await startServer()
  console.log(`e2e: server at ${base}${process.env.E2E_DB ? ' on ' + process.env.E2E_DB.replace(/\/\/[^@/]*@/, '//…@') : ''}`)
  const users = await findUsers(base)
  console.log(`e2e: demo users by role: ${Object.entries(users).map(([r, s]) => `${r}=${s.username}`).join(', ') || 'none found'}`)
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] })
  for (const [name, fn] of Object.entries(SCENARIOS)) {
    if (only && !only.includes(name)) continue
    const t = Date.now()
    try {
      axeProblems.length = 0
      await fn(browser, base, users)
      check(!axeProblems.length, `accessibility (axe, serious or critical): ${axeProblems.join('; ')}`)
      results.push({ name, ok: true })
      console.log(`PASS ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`)
    } catch (e) {
      results.push({ name, ok: false })
      console.log(`FAIL ${name}: ${e.message}`)
      // what each page still open showed when it failed
      for (const [i, ctx] of browser.contexts().entries()) {
        for (const [j, pg] of ctx.pages().entries()) await pg.screenshot({ path: path.join(shots, `FAIL-${name}-${i}-${j}.png`), fullPage: true }).catch(() => undefined)
        await ctx.close().catch(() => undefined)
      }
    }
  }
  await browser.close()
  const failed = results.filter((r) => !r.ok).length
  console.log(`e2e: ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${path.relative(process.cwd(), shots) || shots}`)
  console.log(`${results.length - failed} passed, ${failed} failed`)
  return failed
}

let code = 1
try { code = (await main()) ? 1 : 0 } catch (e) { console.error(`e2e: ${e.message}`) } finally {
  if (child && child.exitCode === null) { child.kill('SIGTERM'); await sleep(500); if (child.exitCode === null) child.kill('SIGKILL') }
  fs.rmSync(tmp, { recursive: true, force: true })
}
process.exit(code)
