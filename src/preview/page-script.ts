/**
 * The preview page's script (plain browser JavaScript, no dependencies):
 * search and filters, and Anki's night-mode classes on the cards when the
 * system is dark, so the notetype CSS's dark rules apply as in Anki.
 */
export const pageScript = `(function () {
  'use strict'
  var cards = Array.prototype.slice.call(document.querySelectorAll('.dp-card'))
  var decks = Array.prototype.slice.call(document.querySelectorAll('.dp-deck'))
  var faces = Array.prototype.slice.call(document.querySelectorAll('.dp-face > .card'))
  var search = document.getElementById('dp-search')
  var deckSelect = document.getElementById('dp-deck-filter')
  var tagSelect = document.getElementById('dp-tag-filter')
  var statusSelect = document.getElementById('dp-status-filter')
  var clear = document.getElementById('dp-clear')
  var count = document.getElementById('dp-count')
  var empty = document.getElementById('dp-empty')

  // What search looks at: both sides, tags, file and lab links, as shown.
  var texts = cards.map(function (card) {
    return (card.textContent || '').toLowerCase().replace(/\\s+/g, ' ')
  })

  function within(value, wanted) {
    return value === wanted || value.indexOf(wanted + '::') === 0
  }

  function apply() {
    var words = (search.value || '').toLowerCase().split(/\\s+/).filter(Boolean)
    var deck = deckSelect ? deckSelect.value : ''
    var tag = tagSelect ? tagSelect.value : ''
    var status = statusSelect ? statusSelect.value : ''
    var shown = 0
    cards.forEach(function (card, index) {
      var tags = (card.getAttribute('data-tags') || '').split(' ').filter(Boolean)
      var visible =
        words.every(function (word) { return texts[index].indexOf(word) >= 0 }) &&
        (deck === '' || within(card.getAttribute('data-deck') || '', deck)) &&
        (tag === '' || tags.some(function (each) { return within(each, tag) })) &&
        (status === '' || card.getAttribute('data-status') === status)
      card.hidden = !visible
      if (visible) shown += 1
    })
    decks.forEach(function (section) {
      var visible = section.querySelectorAll('.dp-card:not([hidden])').length
      section.hidden = visible === 0
      var label = section.querySelector('.dp-deck-count')
      var total = section.querySelectorAll('.dp-card').length
      if (label) label.textContent = (visible === total ? total : visible + ' of ' + total) + (total === 1 ? ' card' : ' cards')
    })
    count.textContent = (shown === cards.length ? cards.length : shown + ' of ' + cards.length) + (cards.length === 1 ? ' card' : ' cards')
    empty.hidden = shown !== 0
    var filtered = words.length > 0 || deck !== '' || tag !== '' || status !== ''
    if (clear) clear.hidden = !filtered
  }

  search.addEventListener('input', apply)
  ;[deckSelect, tagSelect, statusSelect].forEach(function (select) {
    if (select) select.addEventListener('change', apply)
  })
  if (clear) {
    clear.addEventListener('click', function () {
      search.value = ''
      ;[deckSelect, tagSelect, statusSelect].forEach(function (select) { if (select) select.value = '' })
      apply()
      search.focus()
    })
  }
  // A tag chip on a card filters by that tag.
  document.addEventListener('click', function (event) {
    var chip = event.target && event.target.closest ? event.target.closest('.dp-tag') : null
    if (!chip || !tagSelect) return
    tagSelect.value = chip.getAttribute('data-tag') || ''
    apply()
    tagSelect.scrollIntoView({ block: 'nearest' })
  })
  // "/" jumps to the search box, as on most sites.
  document.addEventListener('keydown', function (event) {
    if (event.key === '/' && document.activeElement !== search && !(event.target instanceof HTMLInputElement)) {
      event.preventDefault()
      search.focus()
    }
  })

  // Anki marks dark mode with nightMode / night_mode classes; the notetype CSS keys its dark colours on them.
  var dark = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null
  function theme() {
    var night = !!(dark && dark.matches)
    faces.forEach(function (face) {
      face.classList.toggle('nightMode', night)
      face.classList.toggle('night_mode', night)
    })
  }
  theme()
  if (dark && dark.addEventListener) dark.addEventListener('change', theme)
  apply()

  // Anki typesets math with MathJax in the reviewer; KaTeX does it here, after the search texts
  // were taken, so search still finds the TeX source.
  if (typeof window.renderMathInElement === 'function') {
    faces.forEach(function (face) {
      window.renderMathInElement(face, {
        delimiters: [
          { left: '\\\\(', right: '\\\\)', display: false },
          { left: '\\\\[', right: '\\\\]', display: true }
        ],
        throwOnError: false,
        strict: 'ignore'
      })
    })
  }
})()
`
