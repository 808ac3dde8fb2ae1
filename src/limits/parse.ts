import { type DocumentNode, type ParseOptions, type Source, TokenKind } from 'graphql';
import { Parser } from 'graphql/language/parser.js';
import { limitError } from './limit-error.js';

const OPENING: ReadonlySet<string> = new Set([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING: ReadonlySet<string> = new Set([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * graphql-js's parser, stopped at the `maxTokens`-th token by its own option, and at the first
 * bracket nested deeper than `maxNesting`: the parser recurses once per level, and a document of
 * a few thousand `[` overflows the stack before any validation rule could count them.
 */
class LimitedParser extends Parser {
  private nesting = 0;

  constructor(
    source: string | Source,
    options: ParseOptions,
    private readonly maxNesting: number,
  ) {
    super(source, options);
  }

  override advanceLexer(): void {
    super.advanceLexer();
    const { kind } = this._lexer.token;
    if (OPENING.has(kind)) {
      this.nesting += 1;
      if (this.nesting > this.maxNesting) {
        throw limitError('nesting', this.maxNesting, `Nesting limit of ${this.maxNesting} exceeded: braces, brackets and parentheses nest deeper.`);
      }
    } else if (CLOSING.has(kind)) {
      this.nesting -= 1;
    }
  }
}

export function parseWithinLimits(source: string | Source, limits: { maxTokens: number; maxNesting: number }, options: ParseOptions = {}): DocumentNode {
  const parser = new LimitedParser(source, { ...options, maxTokens: limits.maxTokens }, limits.maxNesting);
  try {
    return parser.parseDocument();
  } catch (error) {
    if (parser.tokenCount > limits.maxTokens) {
      throw limitError('tokens', limits.maxTokens, `Token limit of ${limits.maxTokens} exceeded.`);
    }
    throw error;
  }
}
