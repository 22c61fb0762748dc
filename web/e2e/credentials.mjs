// Reads the demo users' names and passwords from what `giamngheo serve --demo` prints.
/** Candidate (username, password) pairs from the lines the server printed, or from E2E_USERS. */
export function parseCredentials(text) {
  const out = []
  const add = (u, p) => { if (u && p && !out.some((x) => x.username === u && x.password === p)) out.push({ username: u, password: p }) }
  for (const line of text.split(/\r?\n/)) {
    if (/https?:\/\//.test(line)) continue
    let m = /(?:user(?:name)?|tên đăng nhập|tài khoản)\s*[:=]\s*"?([A-Za-z0-9._@-]+)"?.*?(?:pass(?:word)?|mật khẩu)\s*[:=]\s*"?([^\s",;]+)"?/i.exec(line)
    if (m) { add(m[1], m[2]); continue }
    // "  Cán bộ cấp xã: xa.hoaquy / Mts5slgFQMJq" — any role label (Vietnamese included) before the colon.
    m = /^\s*[-*•]?\s*(?:[^:/]+[:—-]\s*)?([A-Za-z0-9._@-]{2,})\s*(?:\/|\s:\s)\s*(\S+)/.exec(line)
    if (m) { add(m[1], m[2].replace(/[,;)]$/, '')); continue }
    m = /\b([a-z][a-z0-9._-]{1,})\s*:\s*([^\s:]{6,})\s*(?:\(|$|\s)/i.exec(line)
    if (m && !/^(password|mật|role|vai)/i.test(m[1])) add(m[1], m[2])
  }
  return out
}

