/** Types of ankiconnect-args.mjs, for the TypeScript tests that import it. */
export function ankiConnectArgs(serveScript: string, collection: string, port: number): string[]
