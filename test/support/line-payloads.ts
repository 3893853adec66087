/**
 * Answers (ENOENT) on a line that cannot break, as `decklab verify` reads
 * them (test/verify/answer-side.test.ts) and as Chromium draws them on
 * decklab's card (test/verify/line-place.browser.test.ts).
 */

/** What comes before the answer on its line pushes it 4000 px or more right: off screen. */
export const offTheLine = [
  '<div style="white-space: nowrap"><span style="display: inline-block; width: 9000px"></span>ENOENT</div>',
  '<div style="white-space: nowrap"><span style="padding-left: 5000px"></span> <b>ENOENT</b></div>',
  '<span style="letter-spacing: 2000px; white-space: nowrap">ENOENT</span>',
  '<span style="letter-spacing: 2000px; overflow-wrap: normal">ENOENT</span>',
  '<div style="overflow-wrap: normal"><span style="letter-spacing: 50em">ENOENT</span></div>',
]

/** The line breaks before the answer, or inside it between letters (decklab's `overflow-wrap: break-word`): on screen. */
export const onTheLine = [
  '<span style="display: inline-block; width: 9000px"></span>ENOENT',
  '<span style="letter-spacing: 2000px">ENOENT</span>',
  '<div style="white-space: nowrap"><span style="display: inline-block; width: 9000px"></span><br>ENOENT</div>',
  '<div style="white-space: nowrap"><span style="display: inline-block; width: 9000px"></span><div>ENOENT</div></div>',
  '<span style="letter-spacing: 10px; white-space: nowrap">ENOENT</span>',
  '<div style="white-space: nowrap"><span style="display: inline-block; width: 3000px"></span>ENOENT</div>',
]

/** The answer starts right of a box that clips what overflows it: not drawn at all. */
export const pastTheClip = [
  '<div style="width: 300px; overflow: hidden; white-space: nowrap"><span style="display: inline-block; width: 400px"></span>ENOENT</div>',
  '<div style="width: 100px; overflow: hidden"><div style="margin-left: 200px">ENOENT</div></div>',
  '<div style="max-width: 5em; overflow-x: clip; white-space: nowrap">xxxxxxxxxxxxxxxxxxxxxxxx ENOENT</div>',
  // An indent as wide as the box (the image-replacement trick), in a box of any width.
  '<div style="text-indent: 100%; white-space: nowrap; overflow: hidden">ENOENT</div>',
  '<p style="width: 50%; text-indent: 100%; white-space: nowrap; overflow: hidden">ENOENT</p>',
  '<div style="overflow: hidden"><div style="padding-left: 900px">ENOENT</div></div>',
]

/** The answer starts inside a box that clips: drawn. */
export const insideTheClip = [
  '<div style="width: 300px; overflow: hidden"><span style="display: inline-block; width: 400px"></span>ENOENT</div>',
  '<div style="width: 300px; overflow: hidden; padding-left: 200px"><div style="margin-left: 200px">ENOENT</div></div>',
  '<div style="width: 100px; overflow: auto; white-space: nowrap"><span style="display: inline-block; width: 400px"></span>ENOENT</div>',
  '<div style="text-indent: 50%; white-space: nowrap; overflow: hidden">ENOENT</div>',
  '<div style="overflow: hidden"><div style="padding-left: 300px">ENOENT</div></div>',
  '<div style="width: 3000px"><div style="overflow: hidden; text-indent: 2000px">ENOENT</div></div>',
]

/**
 * Colours spelled with a hue (`hsl()`, `hsla()`, `hwb()`), as `decklab verify`
 * reads them (src/verify/css-colour.ts) and as Chromium computes them
 * (test/verify/line-place.browser.test.ts): the same red, green, blue and alpha.
 */
export const hueColours = [
  'hsl(0 0% 100%)',
  'hsl(0, 0%, 100%)',
  'hsla(0, 0%, 100%, 1)',
  'hsl(210 13% 14%)',
  'hsl(120deg 100% 25%)',
  'hsl(0.5turn 60% 70% / 50%)',
  'hsl(3.14rad, 40%, 20%)',
  'hsla(200grad, 100%, 50%, 0.25)',
  'hsl(-120 100% 50%)',
  'hwb(0 100% 0%)',
  'hwb(200 20% 30%)',
  'hwb(90 70% 70%)',
  'rgb(none none none)',
  'rgb(255 none 255 / none)',
  'hsl(none 0% 100%)',
  'hwb(none 100% 0%)',
  'hwb(300 0% 0% / 0.5)',
]

/**
 * Answers in small capitals, each beside HTML that draws the same glyphs
 * without `font-variant` (Chromium draws a lowercase letter in small caps as
 * its capital at 70 %): `decklab verify` reads both as the same letters, and
 * Chromium draws both as wide (test/verify/line-place.browser.test.ts).
 */
export const smallCapitals: ReadonlyArray<readonly [string, string]> = [
  [
    '<span style="font-variant: small-caps">enoent</span>',
    '<span style="font-size: 70%">ENOENT</span>',
  ],
  [
    '<span style="font-variant: all-small-caps">ENOENT</span>',
    '<span style="font-size: 70%">ENOENT</span>',
  ],
  [
    '<span style="font-variant: petite-caps">enoent</span>',
    '<span style="font-size: 70%">ENOENT</span>',
  ],
  [
    '<b style="font: small-caps bold 20px sans-serif">enoent</b>',
    '<b style="font: bold 14px sans-serif">ENOENT</b>',
  ],
  [
    '<span style="font-variant: small-caps; text-transform: lowercase">ENOENT</span>',
    '<span style="font-size: 70%">ENOENT</span>',
  ],
  ['<span style="font-variant: unicase">enoent</span>', '<span>enoent</span>'],
  [
    '<p style="font-variant: small-caps"><span style="font-variant: normal">enoent</span></p>',
    '<p>enoent</p>',
  ],
  [
    '<p style="font-variant: small-caps"><span style="font: 20px sans-serif">enoent</span></p>',
    '<p><span style="font: 20px sans-serif">enoent</span></p>',
  ],
]

/**
 * Answers whose first line an indent, or an inline margin or padding, pushes
 * off screen, on a line that wraps, each with what `decklab verify` reads:
 * that line holds the first letter (decklab's card breaks a word too long for
 * its line; the first word where words do not break), and the rest starts at
 * the box's left edge. Chromium draws a letter of ENOENT 4000 px or more right
 * where the reading lacks it, and every letter short of that where it holds it.
 */
export const firstLinePushed: ReadonlyArray<readonly [string, string]> = [
  ['<div style="text-indent: 9000px">ENOENT</div>', 'NOENT'],
  ['ab <span style="margin-left: 9000px">ENOENT</span>', 'ab NOENT'],
  ['<div style="text-indent: 9000px">xx ENOENT</div>', 'x ENOENT'],
  ['<div style="text-indent: 9000px; overflow-wrap: normal">xx ENOENT</div>', 'ENOENT'],
  ['<span style="margin-left: 9000px">xx ENOENT</span>', 'x ENOENT'],
  ['ab <span style="padding-left: 9000px">xx ENOENT</span>', 'ab x ENOENT'],
  ['<div style="text-indent: 9000px"><b>xx</b> ENOENT</div>', 'x ENOENT'],
  ['<div style="text-indent: 9000px"><br>ENOENT</div>', 'ENOENT'],
  ['<div style="text-indent: 9000px"><div>xx ENOENT</div></div>', 'x ENOENT'],
  // A box wide enough holds the whole line where it is pushed; so does a line that does not wrap.
  ['<div style="width: 10000px; text-indent: 5000px">xx ENOENT</div>', ''],
  [
    '<table style="width: 10000px"><tbody><tr><td style="text-indent: 5000px">xx ENOENT</td></tr></tbody></table>',
    '',
  ],
  ['<div style="text-indent: 9000px; white-space: nowrap">xx ENOENT</div>', ''],
  // A box's own margin moves every line.
  ['<div style="margin-left: 9000px">xx ENOENT</div>', ''],
  // A box that grows to what it holds (a cell, an inline block, a flex item) keeps the first word
  // whole on the first line.
  [
    '<table><tbody><tr><td style="text-indent: 9000px">is ENOENT</td></tr></tbody></table>',
    'ENOENT',
  ],
  [
    '<table><tbody><tr><td style="text-indent: 9000px">ENOENT is it</td></tr></tbody></table>',
    'is it',
  ],
  ['<div style="display: inline-block; text-indent: 9000px">ENOENT is it</div>', 'is it'],
  ['<div style="display: flex"><div style="text-indent: 9000px">ENOENT is it</div></div>', 'is it'],
  ['<div style="display: flex"><div style="text-indent: 9000px">is ENOENT</div></div>', 'ENOENT'],
]

/**
 * `<font color>` values, which HTML reads by its legacy rules, not CSS's: as
 * `decklab verify` reads them (src/verify/css-colour.ts) and as Chromium
 * computes them (test/verify/line-place.browser.test.ts).
 */
export const fontColours = [
  'ffffff',
  'fff',
  '#fff',
  'White',
  ' floralwhite ',
  'rgb(255, 255, 255)',
  'hsl(0 0% 100%)',
  '#ffffff80',
  'chucknorris',
  '0x00ff00',
  'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0',
  '#1f2328',
]

/**
 * Answers in white text where decklab's stylesheet gives an element inside
 * it a colour of its own (a link's blue, a quote's grey, a code block's): Chromium draws them
 * in that colour, and `decklab verify` reads them as shown.
 */
export const sheetColoured = [
  '<span style="color: white"><a href="https://man7.org/">ENOENT</a></span>',
  '<span style="color: transparent"><a href="https://man7.org/">ENOENT</a></span>',
  '<div style="color: white"><blockquote>ENOENT</blockquote></div>',
  // A code block is drawn on its own light grey in its own dark colour.
  '<div style="color: white"><pre><code class="hljs language-text">ENOENT</code></pre></div>',
  '<div style="background: #1f2328"><pre><code class="hljs language-text">ENOENT</code></pre></div>',
]

/** Colours in CIE Lab and Oklab (`lab()`, `lch()`, `oklab()`, `oklch()`), within sRGB: read as Chromium draws them. */
export const labColours = [
  'oklch(1 0 0)',
  'oklch(0.2 0 0)',
  'oklab(0.5 0.1 -0.1)',
  'oklch(60% 0.1 200)',
  'oklch(0.7 40% 30deg)',
  'lab(100 0 0)',
  'lab(50 20 -30)',
  'lab(14% 0 -2)',
  'lch(50% 30 120)',
  'lch(90 10 0.25turn)',
]
