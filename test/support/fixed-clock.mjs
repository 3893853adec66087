/**
 * `NODE_OPTIONS=--import=<this file>` with `DECKLAB_TEST_NOW` (an ISO time):
 * the process starts at that time, and its clock runs on from there.
 */
const RealDate = Date
const start = process.env.DECKLAB_TEST_NOW
const offset = start ? RealDate.parse(start) - RealDate.now() : 0
class ShiftedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset)
    else super(...args)
  }
  static now() {
    return RealDate.now() + offset
  }
}
globalThis.Date = ShiftedDate
