// Values the global setups hand to the tests (vitest's provide/inject).
declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    tableName: string;
    baseUrl: string;
    chromiumPath: string;
    adminPhone: string;
  }
}

export {};
