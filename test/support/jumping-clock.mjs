/**
 * `NODE_OPTIONS=--import=<this file>` with `DECKLAB_TEST_JUMP_FILE` and
 * `DECKLAB_TEST_JUMP_MS`: once that file exists, the process's wall clock
 * (`Date`) is that much ahead, while its timers (the monotonic clock) are
 * not, as after a laptop slept (Linux's monotonic clock stands still in
 * suspend) or a clock set forward.
 */
import { existsSync } from 'node:fs'

const RealDate = Date
const file = process.env.DECKLAB_TEST_JUMP_FILE
const jump = Number(process.env.DECKLAB_TEST_JUMP_MS ?? 0)
let jumped = false
const offset = () => {
  jumped ||= file !== undefined && existsSync(file)
  return jumped ? jump : 0
}
class JumpingDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset())
    else super(...args)
  }
  static now() {
    return RealDate.now() + offset()
  }
}
globalThis.Date = JumpingDate
