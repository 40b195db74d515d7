import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations for the console: every `.graphql` file beside a screen, checked against the committed
 * schema.gql. `npm run codegen` writes src/gql/ (committed); a test fails when it is out of date.
 */
const config: CodegenConfig = {
  schema: 'schema.gql',
  documents: ['web/src/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumType: 'const',
        useTypeImports: true,
        scalars: { DateTime: 'string' },
        strictScalars: true,
      },
    },
  },
};

export default config;
