/**
 * Inline styles: the allowlist keeps what colours, types and spaces text in
 * its own box, and drops every declaration that could paint outside the
 * element's box or over the rest of the card (transforms, negative margins,
 * shadows, outlines, floats, a fixed height its content overflows, a line
 * height below the font's) or put it above Anki's own fixed elements (a
 * stacking context: opacity, filter, transform). The browser proof is in
 * test/preview/style-escape.browser.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { filterStyle } from '../../src/render/sanitize-style.js'
import { escapingStyles } from '../support/style-payloads.js'

describe('filterStyle', () => {
  it.each(escapingStyles)('drops what moves out of the box or over the card: %s', (style) => {
    const filtered = filterStyle(style, 'div')
    expect(filtered.dropped).toBe(true)
    // What is kept is only what stays in the box (a background, a width, a plain underline).
    for (const declaration of filtered.style.split('; ').filter((d) => d !== ''))
      expect(declaration).toMatch(/^(?:background|width|font-size|text-decoration): /)
  })

  it('keeps what styles text and boxes in place', () => {
    for (const style of [
      'color: red',
      'color: #00f; background-color: rgb(255, 250, 200)',
      'background: linear-gradient(#fff, #eee)',
      'font-weight: bold; font-style: italic; font-family: "Liberation Serif", serif',
      'font-size: 1.5em; line-height: 1.4',
      'font: italic bold 12px serif',
      'line-height: normal',
      'text-align: left',
      'text-decoration: underline',
      'text-decoration: underline wavy red',
      'vertical-align: middle',
      'margin: 0 auto; padding: 0.5em 1em',
      'margin-top: 1em !important',
      'border: 1px solid #ccc; border-radius: 4px',
      'border-collapse: collapse; border-spacing: 2px',
      'width: 50%; max-width: 300px; min-height: 2em',
      'display: inline-block',
      'display: none',
      'white-space: pre-wrap; word-break: break-all; overflow-wrap: anywhere',
      'overflow: hidden',
      'list-style-type: square',
      'text-transform: uppercase; letter-spacing: 0.1em; text-indent: 2em',
      'box-sizing: border-box',
    ]) {
      expect(filterStyle(style, 'div'), style).toEqual({ style, dropped: false })
    }
  })

  it('keeps a fixed height on an image only: it has no content to overflow', () => {
    expect(filterStyle('height: 120px; width: 200px', 'img')).toEqual({
      style: 'height: 120px; width: 200px',
      dropped: false,
    })
    expect(filterStyle('height: 120px', 'div')).toEqual({ style: '', dropped: true })
  })
})
