// The types of gen-api-types.mjs for the tests that import it.
export const outputs: { types: string; client: string }
export function tsType(schema: object, depth?: number): string
export function generate(dir?: string): { types: string; client: string }
