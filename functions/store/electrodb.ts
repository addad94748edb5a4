/**
 * ElectroDB's Entity and Service, with the model check moved from every cold start to the tests.
 *
 * ElectroDB checks each model against a JSON schema (the jsonschema library) when an Entity is built,
 * and a Service runs the same check on every entity it joins, to tell models from entities. Sitecall's
 * models are constants: the check cannot fail at run time unless it failed in the tests, yet it was
 * 80–90 ms of each Lambda cold start (a third of the desk function's import; docs/performance.md).
 *
 * So here, before any entity is built:
 * - the model check records the model instead; `test/unit/store-models.test.ts` imports every store
 *   module and runs ElectroDB's own check on each recorded model, so a bad model still fails CI;
 * - "is this a model?" answers at once for ElectroDB instances (an Entity or Service is never a model;
 *   the full check said the same, slowly) and asks the original check for anything else.
 *
 * Everything else is ElectroDB unchanged. Store modules import Entity and Service from here (Biome
 * refuses them from 'electrodb' elsewhere), so the change is in place before their first `new Entity`.
 */
// biome-ignore lint/style/noRestrictedImports: the one module that takes Entity and Service from ElectroDB.
import { Entity, Service } from 'electrodb';
import validations from 'electrodb/src/validations.js';

/** ElectroDB's own model check, for the tests. Throws an ElectroError naming each fault. */
export const checkModel: (model: unknown) => void = validations.model;

const originalTestModel = validations.testModel;
const recorded: unknown[] = [];

/** Every model an Entity was built from in this process, in order. */
export const recordedModels: readonly unknown[] = recorded;

validations.model = (model: unknown): void => {
  recorded.push(model);
};

validations.testModel = (candidate: unknown): [boolean, string] => {
  if (typeof candidate === 'object' && candidate !== null && '_instance' in candidate) {
    return [false, 'an ElectroDB instance, not a model'];
  }
  return originalTestModel(candidate);
};

export { Entity, Service };
