/**
 * Fixed bounds on the shape of a document, checked before it runs (GRAPHQL_MAX_DEPTH and GRAPHQL_MAX_COMPLEXITY
 * are the configurable ones). graphql-js's own introspection query is 163 tokens; ours are smaller.
 */

/**
 * Lexical tokens in one document: parsing stops there, so a huge document costs little to refuse, and no
 * nesting gets deep enough (about 1,000 levels) to overflow the recursive parser.
 */
export const MAX_TOKENS = 2_000;

/** Aliased fields in one operation, fragments included: aliases are how one request asks for the same list many times. */
export const MAX_ALIASES = 20;

/** Selections once fragments are expanded: caps the work of every later rule on fragments that fan out. */
export const MAX_RECURSIVE_SELECTIONS = 20_000;
