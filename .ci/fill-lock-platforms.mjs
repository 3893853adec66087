// Run after `npm install` adds a package with per-platform binaries: the npm
// registry reachable from our machines serves only some platforms' optional
// packages, so npm cannot record the rest, and `npm ci` (npm 11) then rejects
// the lock. This adds those entries with the os/cpu/libc constraints npm uses
// to skip them, so no machine ever fetches them. Usage: node .ci/fill-lock-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs'

const file = process.argv[2] ?? 'package-lock.json'
const lock = JSON.parse(readFileSync(file, 'utf8'))
const platform = (name) => {
  const os = ['android', 'darwin', 'linux', 'win32', 'freebsd'].find((o) => name.includes(`-${o}-`))
  const cpu = ['arm64', 'x64', 'arm'].find((c) => new RegExp(`-${c}(-|$)`).test(name))
  const libc = name.endsWith('-musl')
    ? ['musl']
    : name.endsWith('-gnu') || name.endsWith('-gnueabihf')
      ? ['glibc']
      : undefined
  return { os, cpu, libc }
}
let added = 0
for (const entry of Object.values(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const path = `node_modules/${name}`
    if (lock.packages[path]) continue
    const { os, cpu, libc } = platform(name)
    if (!os || !cpu) continue
    // The keys in npm's own order (version first, then alphabetical), so a
    // later `npm install` does not rewrite the lock.
    lock.packages[path] = {
      version,
      cpu: [cpu],
      ...(entry.dev === undefined ? {} : { dev: entry.dev }),
      ...(libc ? { libc } : {}),
      license: entry.license,
      optional: true,
      os: [os],
    }
    added++
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)),
)
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`added ${added} platform entries`)
