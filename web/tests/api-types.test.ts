import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { generate, outputs, tsType } from '../scripts/gen-api-types.mjs'

describe('the API types generated from data/api', () => {
  it('are up to date with the schemas (npm run gen:api writes them)', () => {
    const fresh = generate()
    expect(readFileSync(outputs.types, 'utf8')).toBe(fresh.types)
    expect(readFileSync(outputs.client, 'utf8')).toBe(fresh.client)
  })

  it('turn each schema into the TypeScript type of the values it allows', () => {
    expect(tsType({ type: 'string', nullable: true })).toBe('string | null')
    expect(tsType({ type: 'string', enum: ['poor', 'near_poor'] })).toBe('"poor" | "near_poor"')
    expect(tsType({ type: 'array', items: { $ref: '#/components/schemas/Case' } })).toBe('Case[]')
    expect(tsType({ type: 'array', items: { oneOf: [{ type: 'number' }, { type: 'string' }] } })).toBe('(number | string)[]')
    expect(tsType({ type: 'object', additionalProperties: { type: 'integer' } })).toBe('Record<string, number>')
    expect(tsType({ type: 'object', required: ['id'], properties: { id: { type: 'integer' }, note: { type: 'string' } } }))
      .toBe('{\n  id: number\n  note?: string\n}')
    expect(tsType({ allOf: [{ $ref: '#/components/schemas/Explanation' }], nullable: true })).toBe('Explanation | null')
  })

  it('give every operation one client function that encodes its path parameters', async () => {
    const { api } = await import('../src/api/client')
    expect(api.rounds.procedure.path(7)).toBe('/rounds/7/procedure')
    expect(api.households.get.path('HQ 01/2')).toBe('/households/HQ%2001%2F2')
    expect(api.rounds.listXlsx(3, { unit: '16186' })).toBe('/api/v1/rounds/3/list.xlsx?unit=16186')
  })
})
