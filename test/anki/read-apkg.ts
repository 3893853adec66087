/** Test helper: open a written package with fflate and sql.js, the way an importer would. */
import { unzipSync } from 'fflate'
import initSqlJs from 'sql.js'

export interface OpenedPackage {
  members: string[]
  media: Record<string, string>
  files: Record<string, Uint8Array>
  col: Record<string, unknown>
  models: Record<string, Record<string, unknown>>
  decks: Record<string, Record<string, unknown>>
  notes: Array<Record<string, unknown>>
  cards: Array<Record<string, unknown>>
  tables: string[]
}

function rows(database: initSqlJs.Database, sql: string): Array<Record<string, unknown>> {
  const statement = database.prepare(sql)
  const result: Array<Record<string, unknown>> = []
  while (statement.step()) result.push(statement.getAsObject())
  statement.free()
  return result
}

export async function openApkg(bytes: Uint8Array): Promise<OpenedPackage> {
  const files = unzipSync(bytes)
  const SQL = await initSqlJs()
  const collection = files['collection.anki2']
  if (!collection) throw new Error('expected a collection.anki2 member')
  const database = new SQL.Database(collection)
  try {
    const [col] = rows(database, 'SELECT * FROM col')
    if (!col) throw new Error('expected a col row')
    return {
      members: Object.keys(files).sort(),
      media: JSON.parse(new TextDecoder().decode(files.media)),
      files,
      col,
      models: JSON.parse(String(col.models)),
      decks: JSON.parse(String(col.decks)),
      notes: rows(database, 'SELECT * FROM notes ORDER BY id'),
      cards: rows(database, 'SELECT * FROM cards ORDER BY nid, ord'),
      tables: rows(
        database,
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
      ).map((row) => String(row.name)),
    }
  } finally {
    database.close()
  }
}
