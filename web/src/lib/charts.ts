// Chart layout for the width a chart gets: the legend above the plot in as many rows as its names
// need, the plot below it holding its axis labels (so neither runs into the other), category names
// turned and shortened when they do not fit side by side. Widths of text are estimated, not
// measured (a chart is laid out before it is drawn), on the safe side.
import { formatDecimal } from './format'

/** Below this width (px) a chart is laid out for a phone. */
export const NARROW = 560

const FONT = 12
/** A generous average width of a character of the chart font (Vietnamese, sans-serif). */
export const textWidth = (text: string, fontSize = FONT) => Math.ceil(text.length * fontSize * 0.62)

const ICON = 25 + 5 // legend symbol and the gap to its text
const GAP = 10 // between legend items
const ROW = 22 // a legend row
const PAD = 5 // around the legend

/** How many rows a horizontal legend of these names takes in this width. */
export function legendRows(names: string[], width: number): number {
  const room = Math.max(1, width - 2 * PAD)
  let rows = 1
  let used = 0
  for (const name of names) {
    const w = ICON + textWidth(name)
    if (used > 0 && used + GAP + w > room) { rows++; used = w } else used += (used > 0 ? GAP : 0) + w
  }
  return rows
}

/** The legend at the top, left-aligned, and the grid below it; axis labels stay inside the grid. */
export function legendAbove(names: string[], width: number, margins: { left?: number; right?: number; bottom?: number } = {}) {
  const top = 2 * PAD + legendRows(names, width) * ROW + 8
  return {
    legend: { top: 0, left: 0, padding: PAD, itemGap: GAP, textStyle: { fontSize: FONT } },
    grid: {
      top, left: margins.left ?? 4, right: margins.right ?? 16, bottom: margins.bottom ?? 12,
      outerBoundsMode: 'same', outerBoundsContain: 'axisLabel',
    },
  }
}

/** Labels of a category axis along the bottom: level when they fit, else turned and cut to a length. */
export function categoryLabels(names: string[], width: number) {
  const each = (width - 60) / Math.max(1, names.length)
  const longest = Math.max(0, ...names.map((n) => textWidth(n)))
  if (longest + 6 <= each) return { interval: 0, rotate: 0 }
  return { interval: 0, rotate: width < NARROW ? 60 : 30, width: width < NARROW ? 80 : 140, overflow: 'truncate', ellipsis: '…' }
}

/** Labels of a category axis on the left (long names): a share of the width, wrapped onto lines. */
export function sideLabels(width: number) {
  return width < NARROW
    ? { width: Math.round(width * 0.42), overflow: 'break', lineHeight: 13, fontSize: 11 }
    : { width: Math.min(220, Math.round(width * 0.4)), overflow: 'truncate', ellipsis: '…' }
}

/** A percentage on an axis: no more decimals than it has ("5%", "2,5%"). */
export const axisPercent = (fraction: number) => `${formatDecimal(fraction * 100, 2)}%`

/** A value axis of percentages: fewer ticks on a phone, and labels that would touch are left out. */
export function percentAxis(width: number) {
  return { type: 'value', splitNumber: width < NARROW ? 3 : 5, axisLabel: { formatter: axisPercent, hideOverlap: true } }
}
