/**
 * How long each function is, read with the TypeScript compiler: the lines
 * from its first (signature or `const name =`) to its closing brace, leading
 * comments left out. A function nested in another counts on its own too.
 */
import ts from 'typescript'
import type { SourceModule } from './source-modules.js'

/** A function and its length. */
export interface FunctionLength {
  /** `path name`: the module and the function's name (`(anonymous)` when it has none). */
  where: string
  lines: number
}

/** The name a function goes by: its own, or the variable, property or method that holds it. */
function nameOf(node: ts.FunctionLikeDeclaration, source: ts.SourceFile): string {
  if (node.name) return node.name.getText(source)
  const parent = node.parent
  if (
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) &&
    parent.initializer === node
  ) {
    return parent.name.getText(source)
  }
  return '(anonymous)'
}

/** Every function with a body in the module that is longer than `limit` lines. */
export function functionsLongerThan(module: SourceModule, limit: number): FunctionLength[] {
  const source = ts.createSourceFile(module.path, module.text, ts.ScriptTarget.Latest, true)
  const found: FunctionLength[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line
      const lines = last - first + 1
      if (lines > limit) found.push({ where: `${module.path} ${nameOf(node, source)}`, lines })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}
