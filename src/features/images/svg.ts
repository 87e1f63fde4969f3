// A validated scene becomes SVG markup here, and only here. Nothing from the
// request is copied into the markup except numbers, enum values and escaped
// text: colours are parsed to numbers first, and no element that loads a
// resource (image, use, style, foreignObject) is ever written.
import { errors, type FieldError } from '../../errors.js'
import { NOT_A_COLOR, parseColor, svgPaint, type Rgba } from './colors.js'
import { fontFamily } from './fonts.js'
import type { Paint, Scene, Shape } from './schemas.js'

/** Cost bounds beyond what the schema says; passing one is 422 scene_too_complex, never worth a retry. */
export const COMPLEXITY = {
  pointsPerShape: 1000,
  points: 10000,
  strokeWidth: 100,
  fontSize: 512,
  /** Geometry may reach this many canvas sizes beyond each edge. */
  reach: 4,
  /**
   * The area all shapes cover together (each one's box, clipped to the canvas):
   * what rasterising costs. 64 Mpx is four full 4096×4096 shapes, or 500 of
   * 358×358; at worst (wide strokes, group opacity) about 2 s of one core here.
   */
  paintedPixels: 64_000_000,
  avifDimension: 2048
} as const

export interface SceneLimits { maxTextChars: number }

const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 }

// XML 1.0 cannot carry most control characters or U+FFFE/U+FFFF: they would
// make the document unparsable, so they are drawn as U+FFFD instead.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g
export const escapeText = (text: string) =>
  text.replace(NOT_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const num = (value: number) => String(Math.round(value * 1000) / 1000)

/** The parsed colours of a scene; an unknown colour is a 400 naming its field. */
function colorsOf (scene: Scene): Map<string, Rgba> {
  const parsed = new Map<string, Rgba>()
  const bad: FieldError[] = []
  const check = (path: string, text: string | undefined) => {
    if (text === undefined) return
    const color = parseColor(text)
    if (color === null) bad.push({ path, message: NOT_A_COLOR })
    else parsed.set(path, color)
  }
  check('/background', scene.background)
  scene.shapes.forEach((shape, index) => {
    check(`/shapes/${index}/fill`, shape.fill)
    check(`/shapes/${index}/stroke`, shape.stroke)
  })
  if (bad.length > 0) throw errors.validation(bad, 'The request body is not valid.')
  return parsed
}

/** The box a shape's geometry spans, to hold it within reach of the canvas. */
function extent (shape: Shape): [number, number, number, number] {
  switch (shape.type) {
    case 'rect': return [shape.x, shape.y, shape.x + shape.width, shape.y + shape.height]
    case 'circle': return [shape.cx - shape.r, shape.cy - shape.r, shape.cx + shape.r, shape.cy + shape.r]
    case 'ellipse': return [shape.cx - shape.rx, shape.cy - shape.ry, shape.cx + shape.rx, shape.cy + shape.ry]
    case 'line': return [
      Math.min(shape.x1, shape.x2), Math.min(shape.y1, shape.y2),
      Math.max(shape.x1, shape.x2), Math.max(shape.y1, shape.y2)
    ]
    case 'text': return [shape.x, shape.y, shape.x, shape.y]
    default: return pointsExtent(shape.points)
  }
}

/** One pass, no spreading: `Math.min(...points)` overflows the stack near 100,000 arguments. */
function pointsExtent (points: Array<[number, number]>): [number, number, number, number] {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [x, y] of points) {
    if (x < left) left = x
    if (x > right) right = x
    if (y < top) top = y
    if (y > bottom) bottom = y
  }
  return [left, top, right, bottom]
}

/** The pixels a shape's box (stroke included; text by its em boxes) covers on the canvas. */
function paintedArea (
  shape: Shape,
  [left, top, right, bottom]: [number, number, number, number],
  width: number,
  height: number
): number {
  const pad = (shape.strokeWidth ?? 1) / 2
  if (shape.type === 'text') {
    const size = shape.fontSize ?? 16
    return Math.min(width * height, [...shape.text].length * size * size)
  }
  const clippedWidth = Math.max(0, Math.min(width, right + pad) - Math.max(0, left - pad))
  const clippedHeight = Math.max(0, Math.min(height, bottom + pad) - Math.max(0, top - pad))
  return clippedWidth * clippedHeight
}

/** Totals and cost bounds across the scene: 422 scene_too_complex, listing each excess. */
export function checkComplexity (scene: Scene, limits: SceneLimits): void {
  const over: FieldError[] = []
  const { width, height } = scene
  let points = 0
  let textChars = 0
  let painted = 0
  scene.shapes.forEach((shape, index) => {
    const at = `/shapes/${index}`
    if (shape.strokeWidth !== undefined && shape.strokeWidth > COMPLEXITY.strokeWidth) {
      over.push({ path: `${at}/strokeWidth`, message: `is over ${COMPLEXITY.strokeWidth}` })
    }
    if (shape.type === 'polygon' || shape.type === 'polyline') {
      points += shape.points.length
      if (shape.points.length > COMPLEXITY.pointsPerShape) {
        // Already refused: its geometry is not worth a pass over every point.
        over.push({ path: `${at}/points`, message: `has more than ${COMPLEXITY.pointsPerShape} points` })
        return
      }
    }
    if (shape.type === 'text') {
      textChars += [...shape.text].length
      if (shape.fontSize !== undefined && shape.fontSize > COMPLEXITY.fontSize) {
        over.push({ path: `${at}/fontSize`, message: `is over ${COMPLEXITY.fontSize}` })
      }
    }
    const [left, top, right, bottom] = extent(shape)
    painted += paintedArea(shape, [left, top, right, bottom], width, height)
    const reach = COMPLEXITY.reach
    if (left < -reach * width || right > (reach + 1) * width ||
      top < -reach * height || bottom > (reach + 1) * height) {
      over.push({ path: at, message: `reaches more than ${reach} canvas sizes beyond the canvas` })
    }
  })
  if (painted > COMPLEXITY.paintedPixels) {
    over.push({
      path: '/shapes',
      message: `covers more than ${COMPLEXITY.paintedPixels} pixels in all (each shape's box, clipped to the canvas)`
    })
  }
  if (points > COMPLEXITY.points) {
    over.push({ path: '/shapes', message: `has more than ${COMPLEXITY.points} points in all` })
  }
  if (textChars > limits.maxTextChars) {
    over.push({ path: '/shapes', message: `has more than ${limits.maxTextChars} characters of text in all` })
  }
  if (scene.format === 'avif' && (width > COMPLEXITY.avifDimension || height > COMPLEXITY.avifDimension)) {
    over.push({ path: '/format', message: `avif is limited to ${COMPLEXITY.avifDimension}×${COMPLEXITY.avifDimension}` })
  }
  if (over.length > 0) throw errors.sceneTooComplex(over)
}

function paintAttributes (
  shape: Paint,
  colors: Map<string, Rgba>,
  at: string,
  defaults: { fill: string, stroke?: string }
): string {
  const attributes: string[] = []
  const fill = colors.get(`${at}/fill`)
  if (fill === undefined) attributes.push(`fill="${defaults.fill}"`)
  else attributes.push(`fill="${svgPaint(fill)}"`, `fill-opacity="${num(fill.a)}"`)
  const stroke = colors.get(`${at}/stroke`) ??
    (defaults.stroke === undefined ? undefined : parseColor(defaults.stroke) ?? undefined)
  if (stroke !== undefined) {
    attributes.push(`stroke="${svgPaint(stroke)}"`, `stroke-opacity="${num(stroke.a)}"`,
      `stroke-width="${num(shape.strokeWidth ?? 1)}"`)
  }
  if (shape.opacity !== undefined) attributes.push(`opacity="${num(shape.opacity)}"`)
  return attributes.join(' ')
}

const points = (list: Array<[number, number]>) => list.map(([x, y]) => `${num(x)},${num(y)}`).join(' ')
const weight = (value: 'normal' | 'bold' | number | undefined) => value === undefined ? 'normal' : String(value)
const anchor = { start: 'start', middle: 'middle', end: 'end' } as const

function shapeElement (shape: Shape, colors: Map<string, Rgba>, index: number): string {
  const at = `/shapes/${index}`
  // Lines have no inside: like most drawing APIs, they are stroked black by default.
  const closed = { fill: 'black' }
  const open = { fill: 'none', stroke: 'black' }
  switch (shape.type) {
    case 'rect': {
      const rx = shape.rx === undefined ? '' : ` rx="${num(shape.rx)}"`
      return `<rect x="${num(shape.x)}" y="${num(shape.y)}" width="${num(shape.width)}" height="${num(shape.height)}"${rx} ${paintAttributes(shape, colors, at, closed)}/>`
    }
    case 'circle': return `<circle cx="${num(shape.cx)}" cy="${num(shape.cy)}" r="${num(shape.r)}" ${paintAttributes(shape, colors, at, closed)}/>`
    case 'ellipse': return `<ellipse cx="${num(shape.cx)}" cy="${num(shape.cy)}" rx="${num(shape.rx)}" ry="${num(shape.ry)}" ${paintAttributes(shape, colors, at, closed)}/>`
    case 'line': return `<line x1="${num(shape.x1)}" y1="${num(shape.y1)}" x2="${num(shape.x2)}" y2="${num(shape.y2)}" ${paintAttributes(shape, colors, at, open)}/>`
    case 'polygon': return `<polygon points="${points(shape.points)}" ${paintAttributes(shape, colors, at, closed)}/>`
    case 'polyline': return `<polyline points="${points(shape.points)}" ${paintAttributes(shape, colors, at, open)}/>`
    case 'text': return `<text x="${num(shape.x)}" y="${num(shape.y)}" font-family="${fontFamily(shape.font ?? 'sans')}" ` +
      `font-size="${num(shape.fontSize ?? 16)}" font-weight="${weight(shape.fontWeight)}" text-anchor="${anchor[shape.align ?? 'start']}" ` +
      `${paintAttributes(shape, colors, at, closed)}>${escapeText(shape.text)}</text>`
  }
}

/** The SVG document for a scene; checks colours (400) and complexity (422) first. */
export function sceneToSvg (scene: Scene, limits: SceneLimits): string {
  const colors = colorsOf(scene)
  checkComplexity(scene, limits)
  const background = colors.get('/background') ?? (scene.format === 'jpeg' ? WHITE : undefined)
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}" viewBox="0 0 ${scene.width} ${scene.height}" xml:space="preserve">`]
  if (background !== undefined && background.a > 0) {
    parts.push(`<rect x="0" y="0" width="${scene.width}" height="${scene.height}" fill="${svgPaint(background)}" fill-opacity="${num(background.a)}"/>`)
  }
  scene.shapes.forEach((shape, index) => parts.push(shapeElement(shape, colors, index)))
  parts.push('</svg>')
  return parts.join('\n')
}
