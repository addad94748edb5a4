/** ElectroDB's model checks (a CommonJS module of the package, without types of its own); ./electrodb.ts. */
declare module 'electrodb/src/validations.js' {
  const validations: {
    model(model: unknown): void;
    testModel(model: unknown): [boolean, string];
  };
  export default validations;
}
