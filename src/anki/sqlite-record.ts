/**
 * SQLite's record format (https://www.sqlite.org/fileformat2.html#record_format)
 * and the column affinity rules that decide how a value is stored. Pure: the
 * same values give the same bytes. Records are measured first and then
 * written in place, so a whole table is encoded without a buffer per value.
 */

/** A value as SQLite stores it: INTEGER (a safe integer or bigint), REAL, TEXT or NULL. */
export type SqlValue = number | bigint | string | null

/** The affinity a declared column type gives (only the two Anki's schema uses). */
export type Affinity = 'integer' | 'text'

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

// SQLite's sqlite3AtoF accepts optional surrounding white space (its isspace).
const numericText = /^[ \t\n\v\f\r]*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?[ \t\n\v\f\r]*$/

/**
 * Apply INTEGER affinity to text, as `applyNumericAffinity` does: a
 * well-formed integer literal becomes an integer, a real literal a real, and
 * a real with an exact 64-bit integer value an integer. Anything else stays text.
 */
function integerAffinity(text: string): SqlValue {
  const match = numericText.exec(text)
  if (!match) return text
  const [, sign, whole = '', fraction, exponent] = match
  if (whole === '' && (fraction === undefined || fraction === '')) return text
  if (fraction === undefined && exponent === undefined) {
    const value = BigInt(`${sign}${whole}`)
    if (value >= INT64_MIN && value <= INT64_MAX) return toInteger(value)
  }
  return realToIntegerIfExact(Number(text.trim()))
}

/** sqlite3VdbeIntegerAffinity: a real that is exactly an integer strictly inside int64 becomes one. */
function realToIntegerIfExact(real: number): SqlValue {
  if (Number.isInteger(real)) {
    const value = BigInt(real)
    if (value > INT64_MIN && value < INT64_MAX) return toInteger(value)
  }
  return real
}

function toInteger(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value
}

/** The value a column of this affinity stores for `value`. */
export function applyAffinity(value: SqlValue, affinity: Affinity): SqlValue {
  if (value === null) return null
  if (affinity === 'integer') {
    if (typeof value === 'string') return integerAffinity(value)
    return typeof value === 'number' && !Number.isSafeInteger(value)
      ? realToIntegerIfExact(value)
      : value
  }
  if (typeof value === 'string') return value
  if (typeof value === 'bigint' || Number.isInteger(value)) return String(value)
  // SQLite renders reals with %!.15g; Anki's text columns never receive one.
  throw new Error(`a real (${value}) in a TEXT column is not supported`)
}

// Serial types 1–6 hold 1, 2, 3, 4, 6 and 8-byte big-endian two's complement integers.
const INTEGER_SIZES = [0, 1, 2, 3, 4, 6, 8]

function integerSerialType(value: number | bigint): number {
  if (typeof value === 'bigint') {
    if (value >= -(1n << 47n) && value < 1n << 47n) return integerSerialType(Number(value))
    return 6
  }
  if (value === 0) return 8
  if (value === 1) return 9
  const magnitude = value < 0 ? -value - 1 : value
  if (magnitude <= 0x7f) return 1
  if (magnitude <= 0x7fff) return 2
  if (magnitude <= 0x7fffff) return 3
  if (magnitude <= 0x7fffffff) return 4
  if (magnitude <= 0x7fff_ffff_ffff) return 5
  return 6
}

/** Bytes a varint takes (SQLite's big-endian, 7 bits a byte). */
export function varintSize(value: number): number {
  if (value < 0x80) return 1
  if (value < 0x4000) return 2
  if (value < 0x20_0000) return 3
  if (value < 0x1000_0000) return 4
  let size = 4
  let rest = Math.floor(value / 0x1000_0000)
  while (rest > 0) {
    size += 1
    rest = Math.floor(rest / 128)
  }
  if (size > 8) throw new Error('varint too large')
  return size
}

/** Write a non-negative varint below 2^53 at `offset`; returns the offset after it. */
export function writeVarint(target: Uint8Array, offset: number, value: number): number {
  const size = varintSize(value)
  let rest = value
  for (let index = size - 1; index >= 0; index -= 1) {
    const low = rest % 128
    target[offset + index] = index === size - 1 ? low : low | 0x80
    rest = Math.floor(rest / 128)
  }
  return offset + size
}

/**
 * A record measured for writing: per column its serial type and body length.
 * `measureRecord` fills one shared layout, to be written before the next
 * measurement: a table's rows are measured and written one at a time.
 */
export interface RecordLayout {
  types: number[]
  lengths: number[]
  columns: number
  headerSize: number
  /** Header plus bodies. */
  size: number
}

const shared: RecordLayout = { types: [], lengths: [], columns: 0, headerSize: 0, size: 0 }

/**
 * Measure a record of `values` (affinity already applied); the column
 * `nullColumn` (a rowid alias) is stored as NULL whatever it holds.
 *
 * This and `writeRecord` run for every value of every row and index entry,
 * mostly before the engine has optimised them: the common cases (a small
 * integer, a short serial type) are written out here rather than called.
 */
export function measureRecord(values: readonly SqlValue[], nullColumn = -1): RecordLayout {
  const { types, lengths } = shared
  let header = 0
  let bodies = 0
  for (let column = 0; column < values.length; column += 1) {
    const value = column === nullColumn ? null : (values[column] as SqlValue)
    let type: number
    let length: number
    if (
      typeof value === 'number' &&
      value >= -0x80000000 &&
      value <= 0x7fffffff &&
      value % 1 === 0
    ) {
      // Integers within 32 bits (every usn, ord, flag and count).
      const magnitude = value < 0 ? -value - 1 : value
      if (value === 0 || value === 1) {
        type = value + 8
        length = 0
      } else if (magnitude <= 0x7f) {
        type = 1
        length = 1
      } else if (magnitude <= 0x7fff) {
        type = 2
        length = 2
      } else if (magnitude <= 0x7fffff) {
        type = 3
        length = 3
      } else {
        type = 4
        length = 4
      }
    } else if (value === null) {
      type = 0
      length = 0
    } else if (typeof value === 'string') {
      // Anki's empty columns (`data`, empty tags) need no call to measure.
      length = value === '' ? 0 : Buffer.byteLength(value, 'utf8')
      type = length * 2 + 13
    } else if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      // A real, or an integral real SQLite keeps as one (outside int64).
      type = 7
      length = 8
    } else {
      type = integerSerialType(value)
      length = type >= 8 ? 0 : (INTEGER_SIZES[type] as number)
    }
    types[column] = type
    lengths[column] = length
    header += type < 0x80 ? 1 : varintSize(type)
    bodies += length
  }
  shared.columns = values.length
  // The header size counts itself; one more byte when that tips it over 127.
  shared.headerSize = header + varintSize(header + 1)
  shared.size = shared.headerSize + bodies
  return shared
}

/** Write a just-measured record into `target` at `offset`; returns the offset after it. */
export function writeRecord(
  target: Buffer,
  offset: number,
  values: readonly SqlValue[],
  layout: RecordLayout,
): number {
  const { types, lengths, columns } = layout
  let at = offset
  if (layout.headerSize < 0x80) {
    target[at] = layout.headerSize
    at += 1
  } else {
    at = writeVarint(target, at, layout.headerSize)
  }
  for (let column = 0; column < columns; column += 1) {
    const type = types[column] as number
    if (type < 0x80) {
      target[at] = type
      at += 1
    } else {
      at = writeVarint(target, at, type)
    }
  }
  for (let column = 0; column < columns; column += 1) {
    const length = lengths[column] as number
    if (length === 0) continue
    const value = values[column] as SqlValue
    const type = types[column] as number
    if (type <= 4 && typeof value === 'number') {
      // Big-endian two's complement within 32 bits (serial types 1–4).
      let rest = (value as number) | 0
      for (let index = length - 1; index >= 0; index -= 1) {
        target[at + index] = rest & 0xff
        rest >>= 8
      }
    } else if (typeof value === 'string') {
      target.write(value, at, length, 'utf8')
    } else if (type === 7) {
      target.writeDoubleBE(value as number, at)
    } else if (typeof value === 'bigint') {
      writeBigInteger(target, at, value, length)
    } else {
      writeInteger(target, at, value as number, length)
    }
    at += length
  }
  return at
}

function writeInteger(target: Buffer, offset: number, value: number, length: number): void {
  if (length <= 4) {
    let rest = value | 0
    for (let index = length - 1; index >= 0; index -= 1) {
      target[offset + index] = rest & 0xff
      rest >>= 8
    }
    return
  }
  // Safe integers: the high part fits 21 bits, the low part is an unsigned 32-bit word.
  const high = Math.floor(value / 2 ** 32)
  const low = value - high * 2 ** 32
  if (length === 6) target.writeInt16BE(high, offset)
  else target.writeInt32BE(high, offset)
  target.writeUInt32BE(low, offset + length - 4)
}

function writeBigInteger(target: Buffer, offset: number, value: bigint, length: number): void {
  let rest = BigInt.asUintN(length * 8, value)
  for (let index = length - 1; index >= 0; index -= 1) {
    target[offset + index] = Number(rest & 0xffn)
    rest >>= 8n
  }
}
