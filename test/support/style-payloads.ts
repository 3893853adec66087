/**
 * Inline styles that move a field's content out of its box, over what is
 * above, beside or below it (the question, the answer, the lab footer), or
 * lift it over Anki's own fixed elements. `filterStyle` drops each
 * (test/render/sanitize-style.test.ts); the browser test shows each escapes
 * when nothing sanitizes it, and stays in its box once sanitized.
 */
export const escapingStyles: readonly string[] = [
  'transform: translateY(-300px)',
  'translate: 0 -300px',
  'scale: 30',
  'transform: scale(30)',
  'rotate: 90deg',
  'transform: rotate(90deg)',
  'margin-top: -300px',
  'margin-bottom: -500px',
  'margin-left: -300px',
  'margin: -300px 0 0 0',
  'margin-top: calc(0px - 300px)',
  'height: 0',
  'max-height: 1px',
  'line-height: 0; font-size: 100px',
  'font: 100px/0 serif',
  'line-height: 1px; font-size: 80px',
  'box-shadow: 0 300px 0 100px red',
  'text-shadow: 0 -200px red',
  'outline: 300px solid red',
  'outline: 2px solid red; outline-offset: 300px',
  'filter: drop-shadow(0 300px 0 red)',
  'float: left; height: 500px; width: 100px; background: red',
  'text-indent: -150px',
  'letter-spacing: -25px',
  'word-spacing: -150px',
  '-webkit-box-reflect: above 0',
  'border-image: linear-gradient(red, red) 1 / 10px / 300px',
  'text-decoration: underline red 300px',
  'text-decoration: underline; text-underline-offset: 300px',
  'position: relative; top: -300px',
  'opacity: 0.99',
]
