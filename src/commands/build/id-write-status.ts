/**
 * What the status line says while a build writes IDs into the notes: each
 * file is written and fsync'd on its own (and its folder after it), so a
 * first build of a big vault spends seconds there (1,000 files: 9 s on a
 * virtual machine's disk), which the line showed as `rendering … 100%`.
 */
import { count } from '../../text/count.js'

/**
 * Says `writing IDs into N files…` now, and the files done so far as they
 * are told (`written`), redrawn at most once per percent.
 */
export function idWriteStatus(
  total: number,
  onStatus: ((text: string) => void) | undefined,
): (file: string) => void {
  if (onStatus === undefined || total === 0) return () => {}
  const text = `writing IDs into ${count(total, 'file')}…`
  onStatus(text)
  let done = 0
  let shown = 0
  return () => {
    done += 1
    const percent = Math.floor((done * 100) / total)
    if (percent === shown || done === total) return
    shown = percent
    onStatus(`${text} ${done}/${total}`)
  }
}
