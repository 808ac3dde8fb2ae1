/**
 * What one request may cost. docs/security.md's "Request limits" table gives each value and why it
 * suits this schema; test/limits.test.ts holds each at its exact boundary.
 */
export interface RequestLimits {
  /** Characters (UTF-16 units) in the document. */
  maxDocumentLength: number;
  /** Lexical tokens in the document (graphql-js's parser stops past it). */
  maxTokens: number;
  /** How deep braces, brackets and parentheses nest in the document, and objects and lists in the variables. */
  maxNesting: number;
  /** Characters (UTF-16 units) in each string and key of the variables. */
  maxStringLength: number;
  /** Levels of fields an operation selects, fragments flattened (`__schema` not counted). */
  maxDepth: number;
  /** Aliases an operation uses, through its fragments (`__typename` not counted). */
  maxAliases: number;
  /** Directives an operation uses, through its fragments. */
  maxDirectives: number;
  /** The operation's cost: see cost.ts. */
  maxCost: number;
  /** Selections the cost calculation visits, fragments expanded; an operation with more is over the cost limit. */
  maxCostSelections: number;
}

export const REQUEST_LIMITS: Readonly<RequestLimits> = {
  maxDocumentLength: 50_000,
  maxTokens: 1_000,
  maxNesting: 64,
  maxStringLength: 10_000,
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxCost: 200_000,
  maxCostSelections: 5_000,
};

export type LimitName = 'documentLength' | 'tokens' | 'nesting' | 'stringLength' | 'depth' | 'aliases' | 'directives' | 'cost';
