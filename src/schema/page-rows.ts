import type DataLoader from 'dataloader';
import type { GraphQLContext } from '../context.js';
import type { Page } from '../mirror/lists.js';

/**
 * Hands a page of mirror rows to the rest of the request, and returns it: to the rows' DataLoader
 * when they may be shared (`Page.shareable`: whole rows, no instances read with them), and to the
 * sibling reads, with the texts (in every locale, or in the asked ones) and the instances read
 * with the page.
 */
export function sharePage<Row extends { id: number }>(ctx: GraphQLContext, page: Page<Row>, loader: DataLoader<number, Row | null>): Page<Row> {
  if (page.shareable) for (const row of page.rows) loader.prime(row.id, row);
  ctx.siblings.group(page.rows);
  ctx.siblings.addTexts(page.texts);
  if (page.resolvedTexts.length > 0) ctx.siblings.addResolvedTexts(page.resolvedTexts);
  if (page.instances) ctx.siblings.attachInstances(page.rows, page.instances);
  return page;
}
