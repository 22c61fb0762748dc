// Controls that Element Plus renders without a name and offers no prop to name: the page-size
// select of el-pagination. A screen reader would announce "combobox" and nothing else; they get
// their Vietnamese name here whenever the page changes.
const UNNAMED: [selector: string, name: string][] = [
  ['.el-pagination__sizes input:not([aria-label])', 'Số dòng mỗi trang'],
]

export function nameUnnamedControls(root: ParentNode = document) {
  for (const [selector, name] of UNNAMED) for (const el of root.querySelectorAll(selector)) el.setAttribute('aria-label', name)
  // An el-select with neither a label nor aria-label shows its placeholder in a span, which names
  // nothing (unlike a native placeholder): the placeholder, while shown, becomes its name.
  for (const input of root.querySelectorAll<HTMLInputElement>('.el-select input.el-select__input:not([aria-label]):not([aria-labelledby])')) {
    if (input.labels?.length) continue
    const shown = input.closest('.el-select')?.querySelector('.el-select__placeholder.is-transparent')?.textContent?.trim()
    if (shown) input.setAttribute('aria-label', shown)
  }
}

export function watchUnnamedControls(root: HTMLElement = document.body) {
  let queued = false
  new MutationObserver(() => {
    if (queued) return
    queued = true
    requestAnimationFrame(() => { queued = false; nameUnnamedControls(root) })
  }).observe(root, { childList: true, subtree: true })
}
