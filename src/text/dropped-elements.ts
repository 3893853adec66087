/**
 * The HTML elements the card sanitizer (`render/sanitize-schema.ts`) drops with
 * everything inside them (their content is code, a document or a form), so a
 * cloze marker inside one never reaches the card.
 */
export const elementsDroppedWithContent: readonly string[] = [
  'script',
  'style',
  'template',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'noscript',
  'noembed',
  'noframes',
  'title',
  'textarea',
  'select',
  'xmp',
  'plaintext',
  'svg',
  'math',
  'head',
  'audio',
  'video',
]
