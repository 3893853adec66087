/**
 * CSS colours as far as `hidden-text.ts` needs them: an opaque colour's red,
 * green and blue (hex, `rgb()`, CSS's names and system colours), and the contrast of text
 * in one on a background of another (WCAG 2's ratio, 1 to 21). `hsl()`, `hsla()`, `hwb()`, `lab()`,
 * `lch()`, `oklab()` and `oklch()`
 * are converted to red, green and blue as CSS Color 4 says. A colour it
 * cannot read, or one not opaque, is undefined: nothing is judged by it, and
 * text in a colour it cannot read is compared with nothing (`unreadColour`).
 */

export type Rgb = readonly [number, number, number]

/** CSS's named colours (all 148 of CSS Color 4), as name:hex; Chromium computes each the same. */
const namedHex =
  'aliceblue:f0f8ff antiquewhite:faebd7 aqua:00ffff aquamarine:7fffd4 azure:f0ffff beige:f5f5dc ' +
  'bisque:ffe4c4 black:000000 blanchedalmond:ffebcd blue:0000ff blueviolet:8a2be2 brown:a52a2a ' +
  'burlywood:deb887 cadetblue:5f9ea0 chartreuse:7fff00 chocolate:d2691e coral:ff7f50 ' +
  'cornflowerblue:6495ed cornsilk:fff8dc crimson:dc143c cyan:00ffff darkblue:00008b ' +
  'darkcyan:008b8b darkgoldenrod:b8860b darkgray:a9a9a9 darkgreen:006400 darkgrey:a9a9a9 ' +
  'darkkhaki:bdb76b darkmagenta:8b008b darkolivegreen:556b2f darkorange:ff8c00 ' +
  'darkorchid:9932cc darkred:8b0000 darksalmon:e9967a darkseagreen:8fbc8f darkslateblue:483d8b ' +
  'darkslategray:2f4f4f darkslategrey:2f4f4f darkturquoise:00ced1 darkviolet:9400d3 ' +
  'deeppink:ff1493 deepskyblue:00bfff dimgray:696969 dimgrey:696969 dodgerblue:1e90ff ' +
  'firebrick:b22222 floralwhite:fffaf0 forestgreen:228b22 fuchsia:ff00ff gainsboro:dcdcdc ' +
  'ghostwhite:f8f8ff gold:ffd700 goldenrod:daa520 gray:808080 green:008000 greenyellow:adff2f ' +
  'grey:808080 honeydew:f0fff0 hotpink:ff69b4 indianred:cd5c5c indigo:4b0082 ivory:fffff0 ' +
  'khaki:f0e68c lavender:e6e6fa lavenderblush:fff0f5 lawngreen:7cfc00 lemonchiffon:fffacd ' +
  'lightblue:add8e6 lightcoral:f08080 lightcyan:e0ffff lightgoldenrodyellow:fafad2 ' +
  'lightgray:d3d3d3 lightgreen:90ee90 lightgrey:d3d3d3 lightpink:ffb6c1 lightsalmon:ffa07a ' +
  'lightseagreen:20b2aa lightskyblue:87cefa lightslategray:778899 lightslategrey:778899 ' +
  'lightsteelblue:b0c4de lightyellow:ffffe0 lime:00ff00 limegreen:32cd32 linen:faf0e6 ' +
  'magenta:ff00ff maroon:800000 mediumaquamarine:66cdaa mediumblue:0000cd mediumorchid:ba55d3 ' +
  'mediumpurple:9370db mediumseagreen:3cb371 mediumslateblue:7b68ee mediumspringgreen:00fa9a ' +
  'mediumturquoise:48d1cc mediumvioletred:c71585 midnightblue:191970 mintcream:f5fffa ' +
  'mistyrose:ffe4e1 moccasin:ffe4b5 navajowhite:ffdead navy:000080 oldlace:fdf5e6 olive:808000 ' +
  'olivedrab:6b8e23 orange:ffa500 orangered:ff4500 orchid:da70d6 palegoldenrod:eee8aa ' +
  'palegreen:98fb98 paleturquoise:afeeee palevioletred:db7093 papayawhip:ffefd5 ' +
  'peachpuff:ffdab9 peru:cd853f pink:ffc0cb plum:dda0dd powderblue:b0e0e6 purple:800080 ' +
  'rebeccapurple:663399 red:ff0000 rosybrown:bc8f8f royalblue:4169e1 saddlebrown:8b4513 ' +
  'salmon:fa8072 sandybrown:f4a460 seagreen:2e8b57 seashell:fff5ee sienna:a0522d silver:c0c0c0 ' +
  'skyblue:87ceeb slateblue:6a5acd slategray:708090 slategrey:708090 snow:fffafa ' +
  'springgreen:00ff7f steelblue:4682b4 tan:d2b48c teal:008080 thistle:d8bfd8 tomato:ff6347 ' +
  'turquoise:40e0d0 violet:ee82ee wheat:f5deb3 white:ffffff whitesmoke:f5f5f5 yellow:ffff00 ' +
  'yellowgreen:9acd32'

const named = inksByName(namedHex)

/** The names CSS gives colours. */
export const colourNames: readonly string[] = Object.keys(named)

/**
 * CSS's system colours, as name:hex (alpha last where not opaque), as Chromium
 * draws them on a page that sets no `color-scheme`: Anki's day mode, the mode
 * colours are judged in. `color: Canvas` is the card's white, so text in it is
 * hidden. The selection and accent colours may differ on another platform.
 */
const systemHex =
  'canvas:ffffff canvastext:000000 linktext:0000ee visitedtext:551a8b activetext:ff0000 ' +
  'buttonface:efefef buttontext:000000 buttonborder:000000 field:ffffff fieldtext:000000 ' +
  'highlight:0041c6cc highlighttext:ffffff selecteditem:1967d2 selecteditemtext:ffffff ' +
  'mark:ffff00 marktext:000000 graytext:808080 accentcolor:0075ff accentcolortext:ffffff ' +
  'activeborder:000000 activecaption:ffffff appworkspace:ffffff background:ffffff ' +
  'buttonhighlight:efefef buttonshadow:efefef captiontext:000000 inactiveborder:000000 ' +
  'inactivecaption:ffffff inactivecaptiontext:808080 infobackground:ffffff infotext:000000 ' +
  'menu:ffffff menutext:000000 scrollbar:ffffff threeddarkshadow:000000 threedface:efefef ' +
  'threedhighlight:000000 threedlightshadow:000000 threedshadow:000000 window:ffffff ' +
  'windowframe:000000 windowtext:000000 -webkit-link:0000ee'

const system = inksByName(systemHex)

/** A table of `name:hex` entries, read once. */
function inksByName(table: string): Readonly<Record<string, Ink>> {
  return Object.fromEntries(
    table.split(' ').map((entry) => {
      const [name = '', hex = ''] = entry.split(':')
      return [name, hexInk(hex)]
    }),
  )
}

/** The system colours' names. */
export const systemColourNames: readonly string[] = Object.keys(system)

/** A colour and its alpha, as `colourAndAlpha` reads it. */
export interface Ink {
  rgb: Rgb
  alpha: number
}

/** An opaque colour's channels (0–255), or undefined. */
export function opaqueColour(value: string): Rgb | undefined {
  const read = colourAndAlpha(value)
  return read === undefined || read.alpha !== 1 ? undefined : read.rgb
}

/** A colour's channels (0–255) and its alpha (0–1): hex, `rgb()`/`rgba()`, `hsl()`/`hsla()`, `hwb()`, CSS's 148 names and its system colours; or undefined. */
export function colourAndAlpha(value: string): Ink | undefined {
  const colour = value.trim().toLowerCase()
  if (Object.hasOwn(named, colour)) return named[colour]
  if (Object.hasOwn(system, colour)) return system[colour]
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(colour)?.[1]
  if (hex !== undefined) {
    return hexInk(hex.length <= 4 ? [...hex].map((digit) => digit + digit).join('') : hex)
  }
  const call = /^(rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(([^()]*)\)$/.exec(colour)
  if (call === null) return undefined
  const [, name = '', body = ''] = call
  // `none` is a missing channel, drawn as 0; only the space-separated syntax allows it.
  const parts = body
    .split(/\s*[,/]\s*|\s+/)
    .filter((part) => part !== '')
    .map((part) => (part === 'none' && !body.includes(',') ? '0' : part))
  if (parts.length < 3 || parts.length > 4) return undefined
  const alphaPart = parts[3] ?? '1'
  const alphaNumber = Number.parseFloat(alphaPart)
  const alpha = alphaPart.endsWith('%') ? alphaNumber / 100 : alphaNumber
  const clamp = (number: number, top: number) => Math.min(top, Math.max(0, number))
  const channels = name.startsWith('rgb')
    ? parts.slice(0, 3).map((part) => {
        const number = Number.parseFloat(part)
        return part.endsWith('%') ? (number / 100) * 255 : number
      })
    : /lab|lch/.test(name)
      ? fromLab(name, parts)
      : fromHue(name, parts)
  if (channels === undefined || ![...channels, alpha].every(Number.isFinite)) return undefined
  return {
    rgb: channels.map((channel) => clamp(channel, 255)) as unknown as Rgb,
    alpha: clamp(alpha, 1),
  }
}

/** Six or eight hex digits (the last two the alpha). */
function hexInk(hex: string): Ink {
  const rgb = [0, 2, 4].map((at) => Number.parseInt(hex.slice(at, at + 2), 16)) as unknown as Rgb
  const alpha = hex.length === 8 ? Number.parseInt(hex.slice(6), 16) / 255 : 1
  return { rgb, alpha }
}

/** A number, or a percentage of `full`. */
function amount(part: string, full: number): number {
  const number = Number.parseFloat(part)
  if (!/^[+-]?\d*\.?\d+(?:e[+-]?\d+)?%?$/.test(part)) return Number.NaN
  return part.endsWith('%') ? (number / 100) * full : number
}

type Matrix = readonly (readonly [number, number, number])[]

function times(matrix: Matrix, [x, y, z]: readonly number[]): number[] {
  return matrix.map(([a, b, c]) => a * (x ?? 0) + b * (y ?? 0) + c * (z ?? 0))
}

/** CSS Color 4's matrices: XYZ from D50 to D65 (Bradford), and XYZ (D65) to linear sRGB. */
const d50ToD65: Matrix = [
  [0.955473421488075, -0.02309845494876471, 0.06325924320057072],
  [-0.0283697093338637, 1.0099953980813041, 0.021041441191917323],
  [0.012314014864481998, -0.020507649298898964, 1.330365926242124],
]
const xyzToLinearSrgb: Matrix = [
  [3.2409699419045226, -1.537383177570094, -0.4986107602930034],
  [-0.9692436362808796, 1.8759675015077202, 0.04155505740717559],
  [0.05563007969699366, -0.20397695888897652, 1.0569715142428786],
]

/** `lab()`, `lch()`, `oklab()`, `oklch()` as sRGB's red, green and blue (0–255, clipped), as CSS Color 4 converts them. */
function fromLab(name: string, [lightness = '', first = '', second = '']: string[]): number[] {
  const ok = name.startsWith('ok')
  const chromaFull = ok ? 0.4 : name.endsWith('lch') ? 150 : 125
  const light = amount(lightness, ok ? 1 : 100)
  let [a, b] = [amount(first, chromaFull), amount(second, chromaFull)]
  if (name.endsWith('lch')) {
    const hue = (hueDegrees(second) * Math.PI) / 180
    ;[a, b] = [a * Math.cos(hue), a * Math.sin(hue)]
  }
  const linear = ok ? oklabToLinear(light, a, b) : labToLinear(light, a, b)
  return linear.map((channel) => {
    const value = Math.min(1, Math.max(0, channel))
    return 255 * (value <= 0.0031308 ? 12.92 * value : 1.055 * value ** (1 / 2.4) - 0.055)
  })
}

function oklabToLinear(light: number, a: number, b: number): number[] {
  const lms = times(
    [
      [1, 0.3963377774, 0.2158037573],
      [1, -0.1055613458, -0.0638541728],
      [1, -0.0894841775, -1.291485548],
    ],
    [light, a, b],
  ).map((value) => value ** 3)
  return times(
    [
      [4.0767416621, -3.3077115913, 0.2309699292],
      [-1.2684380046, 2.6097574011, -0.3413193965],
      [-0.0041960863, -0.7034186147, 1.707614701],
    ],
    lms,
  )
}

function labToLinear(light: number, a: number, b: number): number[] {
  const [kappa, epsilon] = [24389 / 27, 216 / 24389]
  const fy = (light + 16) / 116
  const [fx, fz] = [fy + a / 500, fy - b / 200]
  const cube = (f: number) => (f ** 3 > epsilon ? f ** 3 : (116 * f - 16) / kappa)
  const y = light > kappa * epsilon ? fy ** 3 : light / kappa
  const white = [0.3457 / 0.3585, 1, (1 - 0.3457 - 0.3585) / 0.3585]
  const xyz = [cube(fx), y, cube(fz)].map((value, index) => value * (white[index] ?? 1))
  return times(xyzToLinearSrgb, times(d50ToD65, xyz))
}

/** A hue in degrees (`120`, `120deg`, `2.1rad`, `133grad`, `0.33turn`). */
function hueDegrees(hue: string): number {
  const number = Number.parseFloat(hue)
  const unit = /[a-z]*$/.exec(hue)?.[0] ?? ''
  const perUnit: Record<string, number> = {
    '': 1,
    deg: 1,
    rad: 180 / Math.PI,
    grad: 0.9,
    turn: 360,
  }
  return number * (perUnit[unit] ?? Number.NaN)
}

/**
 * `hsl()`/`hsla()` (hue, saturation, lightness) or `hwb()` (hue, whiteness,
 * blackness) as red, green and blue (0–255), as CSS Color 4 converts them.
 */
function fromHue(
  name: string,
  [hue = '', first = '', second = '']: string[],
): number[] | undefined {
  const percent = (part: string) =>
    part.endsWith('%') || /^[+-]?\d*\.?\d+$/.test(part)
      ? Math.min(1, Math.max(0, Number.parseFloat(part) / 100))
      : Number.NaN
  const degrees = (((hueDegrees(hue) % 360) + 360) % 360) / 30
  const [one, two] = [percent(first), percent(second)]
  const hsl = (saturation: number, lightness: number) =>
    [0, 8, 4].map((shift) => {
      const at = (shift + degrees) % 12
      const chroma = saturation * Math.min(lightness, 1 - lightness)
      return (lightness - chroma * Math.max(-1, Math.min(at - 3, 9 - at, 1))) * 255
    })
  if (name.startsWith('hsl')) return hsl(one, two)
  // hwb: whiteness and blackness adding up to 1 or more are a grey.
  if (one + two >= 1) return [0, 0, 0].map(() => (one / (one + two)) * 255)
  return hsl(1, 0.5).map((channel) => channel * (1 - one - two) + one * 255)
}

/**
 * Whether text in `ink` can be told from some colour of `paper` (contrast of at
 * least `least`), `ink` drawn over it where not opaque; true when either is not known.
 */
export function inkShows(
  ink: Ink | undefined,
  paper: readonly Rgb[] | undefined,
  least: number,
): boolean {
  if (ink === undefined || paper === undefined || paper.length === 0) return true
  return paper.some((colour) => contrast(over(ink.rgb, ink.alpha, colour), colour) >= least)
}

/**
 * A `<font color>` as HTML reads it (the rules for parsing a legacy colour
 * value), not as CSS does: a name, `#rgb`, else every character not a hex
 * digit read as 0 and the rest split in three, so `ffffff` is white and
 * `rgb(255, 255, 255)` a dark blue. Undefined where HTML ignores it (empty, `transparent`).
 */
export function legacyColour(value: string): Rgb | undefined {
  const colour = value.trim()
  const lower = colour.toLowerCase()
  if (colour === '' || lower === 'transparent') return undefined
  if (Object.hasOwn(named, lower)) return named[lower]?.rgb
  if (/^#[0-9a-f]{3}$/i.test(colour))
    return [1, 2, 3].map((at) => Number.parseInt(colour[at] ?? '0', 16) * 17) as unknown as Rgb
  let digits = [...colour]
    .map((character) => ((character.codePointAt(0) ?? 0) > 0xffff ? '00' : character))
    .join('')
    .slice(0, 128)
    .replace(/^#/, '')
    .replace(/[^0-9a-f]/gi, '0')
  while (digits.length === 0 || digits.length % 3 !== 0) digits += '0'
  const size = digits.length / 3
  let parts = [0, 1, 2].map((at) => digits.slice(at * size, (at + 1) * size))
  if (size > 8) parts = parts.map((part) => part.slice(size - 8))
  while ((parts[0]?.length ?? 0) > 2 && parts.every((part) => part.startsWith('0')))
    parts = parts.map((part) => part.slice(1))
  return parts.map((part) => Number.parseInt(part.slice(0, 2), 16)) as unknown as Rgb
}

/** `ink` at `alpha` drawn over `paper`: the colour the eye gets. */
export function over(ink: Rgb, alpha: number, paper: Rgb): Rgb {
  return ink.map(
    (channel, index) => channel * alpha + (paper[index] as number) * (1 - alpha),
  ) as unknown as Rgb
}

function luminance([red, green, blue]: Rgb): number {
  const linear = (channel: number) => {
    const value = channel / 255
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
}

/** WCAG 2's contrast ratio of two colours: 1 (the same) to 21 (black on white). */
export function contrast(one: Rgb, other: Rgb): number {
  const [light, dark] = [luminance(one), luminance(other)].sort((a, b) => b - a) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

/** Words of a gradient that name no colour: directions, shapes, sizes. */
const gradientWords = new Set(
  'to at left right top bottom center circle ellipse closest-side closest-corner farthest-side farthest-corner in srgb oklab oklch hsl shorter longer hue'.split(
    ' ',
  ),
)

/** `transparent`, or a colour whose alpha is 0 (`rgba(0,0,0,0)`, `#0000`, `hsl(0 0% 0% / 0)`). */
export function isTransparent(color: string): boolean {
  if (color === 'transparent') return true
  const hex = /^#([0-9a-f]{4}|[0-9a-f]{8})$/.exec(color)?.[1]
  if (hex !== undefined) return /^0+$/.test(hex.length === 4 ? hex.slice(3) : hex.slice(6))
  const alpha = /^(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\((.*)\)$/.exec(color)?.[1]
  if (alpha === undefined) return false
  const parts = alpha.includes('/') ? alpha.split('/') : alpha.split(',')
  const last = parts.length === 4 || alpha.includes('/') ? parts[parts.length - 1] : undefined
  return last !== undefined && /^\s*[+]?0*\.?0+%?\s*$/.test(last)
}

/** The functions a background's value may hold that are read here: gradients and colours. */
const readFunctions =
  /^(?:(?:repeating-)?(?:linear|radial|conic)-gradient|rgba?|hsla?|hwb|lab|lch|oklab|oklch)$/

/** A colour function or hex colour, or a word: the tokens of a gradient's arguments. */
const gradientTokens = /#[0-9a-z]+|[a-z-]+\([^()]*\)|[a-z][a-z-]*|[-+]?\d*\.?\d+[a-z%]*/g

/**
 * The colours a background of gradients (`linear-gradient(white, white)`,
 * `radial-…`, `conic-…`, `repeating-…`) paints, or undefined when one is not
 * an opaque colour read here. A transparent stop lets `below` (the colours
 * under the layer) show, and so does a value with no gradient.
 */
export function gradientColours(value: string, below: readonly Rgb[]): Rgb[] | undefined {
  // A function neither a gradient nor a colour read here (`var(--x, white)`, `cross-fade(…)`) paints what is not known.
  for (const [, name = ''] of value.matchAll(/([a-z-]+)\(/g)) {
    if (!readFunctions.test(name)) return undefined
  }
  const gradients = [...value.matchAll(/\b(?:repeating-)?(?:linear|radial|conic)-gradient\(/g)]
  if (gradients.length === 0) return [...below]
  const colours: Rgb[] = []
  for (const gradient of gradients) {
    const body = argumentsOf(value, gradient.index + gradient[0].length)
    for (const [token] of body.matchAll(gradientTokens)) {
      if (/^[-+]?\d*\.?\d/.test(token) || gradientWords.has(token)) continue
      if (isTransparent(token)) {
        colours.push(...below)
        continue
      }
      const colour = opaqueColour(token)
      if (colour === undefined) return undefined
      colours.push(colour)
    }
  }
  return colours
}

/** The text between the `(` just before `from` and the `)` that closes it. */
function argumentsOf(value: string, from: number): string {
  return value.slice(from, closingParen(value, from))
}

/** The `)` closing the parenthesis open just before `from`, or the value's length when none does. */
export function closingParen(value: string, from: number): number {
  let depth = 1
  for (let index = from; index < value.length; index += 1) {
    if (value[index] === '(') depth += 1
    else if (value[index] === ')' && --depth === 0) return index
  }
  return value.length
}
