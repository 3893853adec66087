/**
 * The database writer against SQLite itself (sql.js): the same rows inserted
 * through SQL and laid out by `writeDatabase` must read back identically,
 * value and storage class, through every index, and pass integrity_check.
 */
import fc from 'fast-check'
import initSqlJs from 'sql.js'
import { describe, expect, it } from 'vitest'
import { type IndexSpec, type TableSpec, writeDatabase } from '../../src/anki/sqlite-file.js'
import type { SqlValue } from '../../src/anki/sqlite-record.js'

const SQL = await initSqlJs()

const things: TableSpec = {
  name: 'things',
  sql: 'CREATE TABLE things (\n    id integer primary key,\n    label text not null,\n    sort integer not null,\n    n integer not null\n)',
  affinities: ['integer', 'text', 'integer', 'integer'],
  rowidColumn: 0,
  rows: [],
}
const loose: TableSpec = {
  name: 'loose',
  sql: 'CREATE TABLE loose (a integer not null, b text not null)',
  affinities: ['integer', 'text'],
  rowidColumn: null,
  rows: [],
}
const indexes: IndexSpec[] = [
  {
    name: 'ix_things_n',
    table: 'things',
    sql: 'CREATE INDEX ix_things_n on things (n)',
    columns: [3],
  },
  {
    name: 'ix_things_sort',
    table: 'things',
    sql: 'CREATE INDEX ix_things_sort on things (sort, n)',
    columns: [2, 3],
  },
  {
    name: 'ix_things_label',
    table: 'things',
    sql: 'CREATE INDEX ix_things_label on things (label)',
    columns: [1],
  },
  { name: 'ix_loose_b', table: 'loose', sql: 'CREATE INDEX ix_loose_b on loose (b)', columns: [1] },
]

/** The same tables built by SQLite from INSERT statements. */
function referenceDatabase(tables: readonly TableSpec[]): Uint8Array {
  const database = new SQL.Database()
  try {
    for (const table of tables) {
      database.run(table.sql)
      const statement = database.prepare(
        `INSERT INTO ${table.name} VALUES (${table.affinities.map(() => '?').join(',')})`,
      )
      for (const row of table.rows) statement.run(row.map((value) => value as number | string))
      statement.free()
    }
    for (const index of indexes) database.run(index.sql)
    return database.export()
  } finally {
    database.close()
  }
}

/** Everything a reader sees: rows with storage classes, through each index, and integrity_check. */
function readBack(bytes: Uint8Array): unknown {
  const database = new SQL.Database(bytes)
  try {
    const query = (sql: string) => database.exec(sql).flatMap((result) => result.values)
    return {
      integrity: query('PRAGMA integrity_check'),
      schema: query('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name'),
      things: query(
        'SELECT id, label, typeof(label), sort, typeof(sort), n FROM things ORDER BY id',
      ),
      loose: query('SELECT rowid, a, b FROM loose ORDER BY rowid'),
      byN: query('SELECT id FROM things INDEXED BY ix_things_n WHERE n > -1e300 ORDER BY n, id'),
      bySort: query(
        'SELECT id FROM things INDEXED BY ix_things_sort WHERE sort IS NOT NULL ORDER BY sort, n, id',
      ),
      byLabel: query(
        "SELECT id FROM things INDEXED BY ix_things_label WHERE label >= '' ORDER BY label, id",
      ),
      byB: query("SELECT rowid FROM loose INDEXED BY ix_loose_b WHERE b >= '' ORDER BY b, rowid"),
    }
  } finally {
    database.close()
  }
}

function compare(rows: SqlValue[][], looseRows: SqlValue[][]): void {
  const tables = [
    { ...things, rows },
    { ...loose, rows: looseRows },
  ]
  const written = readBack(Buffer.concat(writeDatabase(tables, indexes)))
  expect(written).toEqual(readBack(referenceDatabase(tables)))
  expect((written as { integrity: unknown }).integrity).toEqual([['ok']])
}

// Text that SQLite's INTEGER affinity may turn into a number, and text it must not.
const sortText = fc.oneof(
  fc.string(),
  fc.integer().map(String),
  fc.constantFrom(
    ' 12 ',
    '1e3',
    '1.5',
    '-0',
    '+7',
    '.5',
    '5.',
    '0x10',
    '9223372036854775808',
    '1e400',
    '',
  ),
  fc.float({ noNaN: true, noDefaultInfinity: true }).map(String),
)

describe('writeDatabase', () => {
  it('reads back like SQLite for random rows, long text spilling to overflow pages, and many pages', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 50 }), { maxLength: 400 }),
        fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 3000 })), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.array(sortText, { minLength: 1, maxLength: 20 }),
        fc.array(fc.oneof(fc.integer(), fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 })), {
          minLength: 1,
          maxLength: 20,
        }),
        (ids, labels, sorts, numbers) => {
          const rows = ids.map((id, index) => [
            id,
            labels[index % labels.length] as string,
            sorts[index % sorts.length] as string,
            numbers[index % numbers.length] as number,
          ])
          const looseRows = ids.map((id, index) => [
            id % 7,
            labels[index % labels.length] as string,
          ])
          compare(rows, looseRows)
        },
      ),
      { numRuns: 40 },
    )
  })

  it('builds deep trees: long keys need several interior levels, with separators spilling to overflow pages', () => {
    const rows = Array.from({ length: 3_000 }, (_, index) => [
      1_700_000_000_000 + index * 7,
      `label ${(index * 7919) % 3001} ${'x'.repeat((index * 37) % 2500)}`,
      String(index % 97),
      (index * 7919) % 10_007,
    ])
    compare(rows, [])
    // Over 1 MiB: pages and overflow chains cross the writer's chunks.
    const parts = writeDatabase(
      [
        { ...things, rows },
        { ...loose, rows: [] },
      ],
      indexes,
    )
    expect(parts.length).toBeGreaterThan(2)
    expect(parts.slice(0, -1).every((part) => part.length === 1024 * 1024)).toBe(true)
  })

  it('orders index keys that SQLite stores as infinite reals (a fast-check counterexample)', () => {
    compare(
      [
        [0, '', '1e400', 0],
        [1, '', '0', 0],
        [2, '', '0', 0],
        [3, '', '1e400', -1],
      ],
      [],
    )
  })

  it('writes empty tables and a payload of exactly the page-local limit', () => {
    compare([], [])
    const limits = [4061, 4062, 4063, 489, 490, 8000, 4096 * 3].map((size, index) => [
      index + 1,
      'y'.repeat(size),
      'z',
      index,
    ])
    compare(
      limits,
      limits.map((row) => [row[3] as number, row[1] as string]),
    )
  })
})
