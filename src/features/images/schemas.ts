import { Type, type Static, type TSchema } from '@sinclair/typebox'
import type { Config } from '../../config.js'
import { binaryContentOf, ENCODABLE_FORMATS, formatNamed, type EncodableFormat } from '../../media/formats.js'
import { COLOR_PATTERN } from './colors.js'
import { COMPLEXITY } from './svg.js'
import { FONT_NAMES } from './fonts.js'

export type ImageFormat = EncodableFormat
export const FormatSchema = Type.Union(ENCODABLE_FORMATS.map((format) => Type.Literal(format)))

export const ColorSchema = Type.String({
  pattern: COLOR_PATTERN,
  maxLength: 64,
  description: 'Hex (`#f00`, `#ff000080`), `rgb(255, 0, 0)`, `rgba(255, 0, 0, 0.5)` or a CSS colour name.',
  examples: ['#ffff33']
})

const Coordinate = Type.Number({ description: 'Pixels; within four canvas sizes of the canvas.' })
const paint = {
  fill: Type.Optional(ColorSchema),
  stroke: Type.Optional(ColorSchema),
  strokeWidth: Type.Optional(Type.Number({ minimum: 0, description: 'Default 1 (when there is a stroke); at most 100.' })),
  opacity: Type.Optional(Type.Number({ minimum: 0, maximum: 1 }))
}
// [x, y]: both coordinates, so an array of two (a tuple would need OpenAPI 3.1's prefixItems, which
// Ajv's draft-07 lacks).
const Point = Type.Array(Coordinate, { minItems: 2, maxItems: 2 })
// No maxItems: the complexity check answers too many points with 422 scene_too_complex (the body limit bounds it).
const Points = Type.Array(Point, {
  minItems: 2, description: `At most ${COMPLEXITY.pointsPerShape} per shape and ${COMPLEXITY.points} in all.`
})

/** One shape per `type`; the tag picks the branch (Ajv's discriminator, OpenAPI's too). */
function shapeSchemas (config: Config) {
  const shape = <T extends Record<string, TSchema>>(type: string, properties: T) =>
    Type.Object({ type: Type.Literal(type), ...properties, ...paint }, { additionalProperties: false, title: type })
  return [
    shape('rect', {
      x: Coordinate,
      y: Coordinate,
      width: Type.Number({ minimum: 0 }),
      height: Type.Number({ minimum: 0 }),
      rx: Type.Optional(Type.Number({ minimum: 0 }))
    }),
    shape('circle', { cx: Coordinate, cy: Coordinate, r: Type.Number({ minimum: 0 }) }),
    shape('ellipse', { cx: Coordinate, cy: Coordinate, rx: Type.Number({ minimum: 0 }), ry: Type.Number({ minimum: 0 }) }),
    shape('line', { x1: Coordinate, y1: Coordinate, x2: Coordinate, y2: Coordinate }),
    shape('polygon', { points: Points }),
    shape('polyline', { points: Points }),
    shape('text', {
      x: Coordinate,
      y: Type.Number({ description: 'The baseline, as in SVG.' }),
      text: Type.String({ minLength: 1, maxLength: config.imageMaxTextChars }),
      fontSize: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Default 16; at most 512.' })),
      fontWeight: Type.Optional(Type.Union([
        Type.Literal('normal'), Type.Literal('bold'), Type.Integer({ minimum: 100, maximum: 900, multipleOf: 100, format: 'int32' })
      ])),
      font: Type.Optional(Type.Union(FONT_NAMES.map((name) => Type.Literal(name)), {
        description: 'Default `sans`; every family falls back to the others for missing glyphs.'
      })),
      align: Type.Optional(Type.Union([Type.Literal('start'), Type.Literal('middle'), Type.Literal('end')]))
    })
  ]
}

export type Shape =
  | { type: 'rect', x: number, y: number, width: number, height: number, rx?: number } & Paint
  | { type: 'circle', cx: number, cy: number, r: number } & Paint
  | { type: 'ellipse', cx: number, cy: number, rx: number, ry: number } & Paint
  | { type: 'line', x1: number, y1: number, x2: number, y2: number } & Paint
  | { type: 'polygon' | 'polyline', points: Array<[number, number]> } & Paint
  | {
    type: 'text'
    x: number
    y: number
    text: string
    fontSize?: number
    fontWeight?: 'normal' | 'bold' | number
    font?: typeof FONT_NAMES[number]
    align?: 'start' | 'middle' | 'end'
  } & Paint

export interface Paint { fill?: string, stroke?: string, strokeWidth?: number, opacity?: number }

export const SEED_SCENE = {
  width: 220,
  height: 190,
  format: 'jpeg',
  quality: 70,
  shapes: [{ type: 'rect', x: 40, y: 40, width: 170, height: 140, fill: '#ffff33', stroke: 'red' }]
}

export function sceneSchema (config: Config) {
  const dimension = Type.Integer({ minimum: 1, maximum: config.imageMaxDimension, format: 'int32' })
  const ShapeSchema = Type.Unsafe<Shape>({
    type: 'object',
    required: ['type'],
    discriminator: { propertyName: 'type' },
    oneOf: shapeSchemas(config)
  })
  return Type.Object({
    width: dimension,
    height: dimension,
    background: Type.Optional(ColorSchema),
    format: FormatSchema,
    quality: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, format: 'int32', description: 'JPEG, WebP and AVIF; default 80.' })),
    shapes: Type.Array(ShapeSchema, { maxItems: config.imageMaxShapes })
  }, {
    additionalProperties: false,
    description: 'Background: transparent by default, white for JPEG. Shapes are drawn in order, as SVG draws them.',
    examples: [SEED_SCENE]
  })
}
export type Scene = Static<ReturnType<typeof sceneSchema>>

export const PlaceholderParamsSchema = (config: Config) => Type.Object({
  width: Type.Integer({ minimum: 1, maximum: config.imageMaxDimension, format: 'int32' }),
  height: Type.Integer({ minimum: 1, maximum: config.imageMaxDimension, format: 'int32' }),
  format: FormatSchema
}, { additionalProperties: false })

export const PlaceholderQuerySchema = Type.Object({
  // Examples that contrast, so the docs UI's pre-filled request draws readable text.
  bg: Type.Optional({ ...ColorSchema, examples: ['#1e293b'] }),
  fg: Type.Optional({ ...ColorSchema, examples: ['#f8fafc'] }),
  text: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Default: the dimensions, e.g. `300×200`.' }))
}, { additionalProperties: false })

export const AVATAR_STYLES = ['identicon', 'initials'] as const
export const GENERATED_AVATAR_DEFAULTS = { size: 128, style: 'identicon' } as const
export const AvatarParamsSchema = Type.Object({
  seed: Type.String({ minLength: 1, maxLength: 64, description: 'Any text; the same seed always gives the same image. A user\'s default avatar uses their id.' }),
  format: FormatSchema
}, { additionalProperties: false })

export const AvatarQuerySchema = Type.Object({
  size: Type.Optional(Type.Integer({ minimum: 32, maximum: 512, format: 'int32', default: GENERATED_AVATAR_DEFAULTS.size })),
  style: Type.Optional(Type.Union(
    AVATAR_STYLES.map((style) => Type.Literal(style)),
    { default: GENERATED_AVATAR_DEFAULTS.style }
  ))
}, { additionalProperties: false })

export const imageContent = binaryContentOf(ENCODABLE_FORMATS.map((format) => formatNamed(format).type))
