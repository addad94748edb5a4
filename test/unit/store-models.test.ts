/**
 * ElectroDB's model check runs here instead of at each cold start (functions/store/electrodb.ts):
 * every store module is imported, so every Entity is built, and each model it was built from must pass
 * ElectroDB's own check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkModel, Entity, recordedModels, Service } from '../../functions/store/electrodb.ts';

const STORE = join(import.meta.dirname, '..', '..', 'functions', 'store');
const modules = readdirSync(STORE).filter(
  (f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.includes('.test.'),
);
const entitiesWritten = modules
  .map((f) => readFileSync(join(STORE, f), 'utf8').match(/new Entity\(/g)?.length ?? 0)
  .reduce((a, b) => a + b, 0);

// The store modules read their table's name at import; nothing here reaches DynamoDB.
vi.stubEnv('TABLE_NAME', 'sitecall-models');
vi.stubEnv('AWS_REGION', 'ap-east-1');
for (const f of modules) await import(join(STORE, f));

describe('the store models', () => {
  it('records one model for each `new Entity(` in functions/store (a model built in a function would escape this test)', () => {
    expect(entitiesWritten).toBeGreaterThan(20);
    expect(recordedModels.length).toBe(entitiesWritten);
  });

  it('passes ElectroDB’s own model check, every one', () => {
    const faults: string[] = [];
    for (const model of recordedModels) {
      try {
        checkModel(model);
      } catch (error) {
        const name = (model as { model?: { entity?: string } }).model?.entity ?? '?';
        faults.push(`${name}: ${(error as Error).message}`);
      }
    }
    expect(faults).toEqual([]);
  });

  it('still refuses a bad model through that check (the control)', () => {
    const bad = {
      model: { entity: 'bad', version: '1', service: 'sitecall' },
      attributes: { id: { type: 'string', required: 'yes' } },
      indexes: { byId: { pk: { field: 'pk', composite: ['id'] } } },
    };
    expect(() => checkModel(bad)).toThrow(/attributes\.id\.required is not of a type/);
    expect(() => checkModel({ ...bad, indexes: undefined })).toThrow(/requires property "indexes"/);
  });

  it('still tells entities from models when a Service joins them, and still refuses a bad one', () => {
    const model = {
      model: { entity: 'probe', version: '1', service: 'probe' },
      attributes: { id: { type: 'string', required: true } },
      indexes: { byId: { pk: { field: 'pk', composite: ['id'] }, sk: { field: 'sk', composite: [] } } },
    } as const;
    const entity = new Entity(model, { table: 'probe' });
    const fromEntity = new Service({ probe: entity }, { table: 'probe' });
    const fromModel = new Service({ probe: model } as never, { table: 'probe' });
    expect(Object.keys(fromEntity.entities)).toEqual(['probe']);
    expect(Object.keys(fromModel.entities)).toEqual(['probe']);
    expect(() => new Service({ probe: { nothing: true } } as never, { table: 'probe' })).toThrow(/Invalid/);
  });
});
