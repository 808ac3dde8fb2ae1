import type { CodegenConfig } from '@graphql-codegen/cli';

/** `npm run codegen`: the facade's schema and the operations in src/ → typed documents in src/gql/. */
const config: CodegenConfig = {
  schema: '../../schema.graphql',
  documents: ['src/**/*.ts', '!src/gql/**'],
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Each operation is a typed string, sent as is by src/client.ts: no GraphQL library at run time.
        documentMode: 'string',
        // Every custom scalar needs a type here, or codegen fails (no `unknown` slips through).
        strictScalars: true,
        scalars: {
          DateTime: 'string',
          JSON: '../json.js#JsonValue',
        },
        onlyOperationTypes: true,
        disableDescriptions: true,
        enumsAsTypes: true,
        useTypeImports: true,
        importExtension: '.js',
      },
    },
  },
};

export default config;
