/**
 * Raw HTML is kept, except what runs code in the card: `<script>` elements,
 * `on*=` handler attributes and `javascript:`/`vbscript:` URLs.
 *
 * It runs on a field's finished HTML. That is safe because every `<` that is
 * text (code, math, escaped Markdown) is already `&lt;` there, so each `<`
 * left starts a real tag.
 */

/** The cleaned HTML and one description per removed thing (for the warning). */
export interface SanitizeResult {
  html: string
  removed: string[]
}

const scriptElement = /<script\b(?:[^>"']|"[^"]*"|'[^']*')*>[\s\S]*?<\/script\s*>/gi
const unclosedScript = /<script\b[\s\S]*$/i
const strayScriptEnd = /<\/script\s*>/gi
const startTag = /<([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g
const attribute = /([^\s"'<>/=]+)(?:(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g
const urlAttributes = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'poster',
  'background',
  'srcset',
])

/** Remove script elements, event-handler attributes and script URLs from HTML. */
export function sanitizeHtml(html: string): SanitizeResult {
  const removed: string[] = []
  let result = html
  if (/<\/?script\b/i.test(result)) {
    result = result
      .replace(scriptElement, () => {
        removed.push('`<script>` element')
        return ''
      })
      .replace(unclosedScript, () => {
        removed.push('unclosed `<script>` element')
        return ''
      })
      .replace(strayScriptEnd, () => {
        removed.push('`</script>` tag')
        return ''
      })
  }
  result = result.replace(startTag, (tag, name: string, attributes: string) => {
    if (!/\bon|[a-z]:/i.test(attributes)) return tag
    let changed = false
    const kept = attributes.replace(
      attribute,
      (whole, attributeName: string, _equals?: string, value?: string) => {
        const lowerName = attributeName.toLowerCase()
        if (lowerName.startsWith('on')) {
          removed.push(`\`${attributeName}\` attribute on \`<${name}>\``)
          changed = true
          return ''
        }
        if (value !== undefined && urlAttributes.has(lowerName) && isScriptUrl(unquote(value))) {
          removed.push(`script URL in \`${attributeName}\` on \`<${name}>\``)
          changed = true
          return ''
        }
        return whole
      },
    )
    return changed ? `<${name}${kept.replace(/\s+(?=\s|\/?$)/g, '')}>` : tag
  })
  return { html: result, removed }
}

function unquote(value: string): string {
  return value.startsWith('"') || value.startsWith("'") ? value.slice(1, -1) : value
}

/** True for `javascript:`/`vbscript:` URLs, also when hidden with entities, whitespace or control characters. */
function isScriptUrl(value: string): boolean {
  const decoded = value
    .replace(/&#x([0-9a-f]+);?/gi, (_whole, hex: string) =>
      String.fromCodePoint(Number.parseInt(hex, 16)),
    )
    .replace(/&#(\d+);?/g, (_whole, decimal: string) => String.fromCodePoint(Number(decimal)))
    .replace(/&colon;/gi, ':')
    .replace(/&tab;|&newline;/gi, '')
    .replace(/[\u0000-\u0020]/g, '')
  return /^(?:javascript|vbscript):/i.test(decoded)
}
