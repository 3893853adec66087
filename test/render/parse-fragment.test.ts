// parse5's parseFragment moves a fragment's top-level nodes out of its root
// one by one, each move shifting the rest: a field of 100,000 paragraphs with
// some raw HTML took `check` 33 s, 100,000 `<b>x</b>` lines 16 s in the parse alone. parseFragmentLinear takes them over at once.
import { defaultTreeAdapter, parseFragment, serialize } from 'parse5'
import { describe, expect, it } from 'vitest'
import { parseFragmentLinear } from '../../src/render/parse-fragment.js'
import { sanitizeHtml } from '../../src/render/sanitize.js'

describe('parseFragmentLinear', () => {
  it('gives the fragment parseFragment gives', () => {
    for (const html of [
      '',
      'text',
      '<p>a</p><p>b <b>c</b></p>tail',
      '<!-- c --><table><tr><td>x</td></tr></table><template><i>t</i></template>',
      '<div><p>unclosed <b>bold<i>both</b> after',
      '<svg><foreignObject><p>x</p></foreignObject></svg><select><option>o',
    ]) {
      const linear = parseFragmentLinear(html, { treeAdapter: defaultTreeAdapter })
      expect(serialize(linear), html).toBe(serialize(parseFragment(html)))
      for (const child of linear.childNodes) expect(child.parentNode).toBe(linear)
    }
  })

  it('lets a field of 100,000 top-level elements be sanitized in linear time', () => {
    // 16 s of CPU in parse5's parseFragment alone before, about 1.5 s now with the whole sanitizer:
    // the test's 12 s is generous for a loaded machine, and far below the old time.
    const html = '<b>x</b>\n'.repeat(100_000)
    const result = sanitizeHtml(html)
    expect(result.html).toBe(html)
    expect(result.removed).toEqual([])
  }, 12_000)
})
