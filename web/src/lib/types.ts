// The API's shapes are generated from data/api (src/api/types.gen.ts); this re-export serves the
// pages that still import them from here.
export type { Round } from '../api/types.gen'
