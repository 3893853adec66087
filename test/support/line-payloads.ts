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
