import { z } from 'zod';
import type { ExternalInstanceListFilter, ExternalInstanceSort } from '../../mirror/lists.js';
import type { ExternalInstanceRow } from '../../mirror/tables.js';
import type { ExternalInstanceStatus } from '../../translate/external-instance-input.js';
import { rulesFor } from '../../validate/rules.js';
import { searchText, timeRange, valueList } from '../../validate/list-filters.js';
import { builder } from '../builder.js';
import { keysetConnection } from '../connection.js';
import { OrderDirectionEnum, type TimeRangeInput, TimeRangeInputRef, type UserRefInput, UserRefInputRef, toTimeRange, toUserRef } from '../filters.js';
import { ExternalInstanceStatusEnum } from './enums.js';
import { ExternalInstanceRef } from './objects.js';
import { pageReadsFor } from '../page-reads.js';

interface ExternalInstanceFilterInput {
  approvalCodes?: readonly string[] | null;
  statuses?: readonly ExternalInstanceStatus[] | null;
  initiator?: UserRefInput | null;
  departmentId?: string | null;
  startTime?: TimeRangeInput | null;
  updateTime?: TimeRangeInput | null;
  endTime?: TimeRangeInput | null;
  search?: string | null;
}

const ExternalInstanceFilterRef = builder.inputRef<ExternalInstanceFilterInput>('ExternalInstanceFilter').implement({
  description: 'Which mirrored external instances to list; the conditions given must all hold.',
  fields: (t) => ({
    approvalCodes: t.stringList({ description: 'Instances of these approval definitions (1 to 100).' }),
    statuses: t.field({ type: [ExternalInstanceStatusEnum], description: 'Instances in these statuses (1 to 100).' }),
    initiator: t.field({ type: UserRefInputRef, description: 'Instances started by this user.' }),
    departmentId: t.string({ description: "Instances of the initiator's department." }),
    startTime: t.field({ type: TimeRangeInputRef, description: 'Started in this range.' }),
    updateTime: t.field({ type: TimeRangeInputRef, description: 'Last updated in this range.' }),
    endTime: t.field({ type: TimeRangeInputRef, description: 'Finished in this range (unfinished instances never match).' }),
    search: t.string({
      description:
        "Words that must all appear (as word prefixes) in the instance's localized texts, in any locale: title, form names and values, names, task and cc titles. Chinese and Japanese match by characters. Taken literally: no search syntax. At most 200 characters (Unicode code points: an emoji is one).",
    }),
  }),
});

const ExternalInstanceOrderFieldEnum = builder.enumType('ExternalInstanceOrderField', {
  description: 'What external instances are ordered by.',
  values: {
    START_TIME: { value: 'START_TIME', description: 'When the instance was started.' },
    UPDATE_TIME: { value: 'UPDATE_TIME', description: "The instance's update time." },
  } as const,
});

const ExternalInstanceOrderRef = builder.inputRef<{ field: ExternalInstanceSort; direction: 'ASC' | 'DESC' }>('ExternalInstanceOrder').implement({
  description: 'The order of an external instance list; ties go by mirror id.',
  fields: (t) => ({
    field: t.field({ type: ExternalInstanceOrderFieldEnum, required: true, description: 'What to order by.' }),
    direction: t.field({ type: OrderDirectionEnum, required: true, description: 'Which way.' }),
  }),
});

const filterRules = rulesFor<ExternalInstanceFilterInput>(
  z.looseObject({
    approvalCodes: valueList,
    statuses: valueList,
    startTime: timeRange,
    updateTime: timeRange,
    endTime: timeRange,
    search: searchText,
  }),
);

export const ExternalInstanceConnectionRef = builder.connectionObject(
  { type: ExternalInstanceRef, name: 'ExternalInstanceConnection', description: 'A page of external instances.' },
  { name: 'ExternalInstanceEdge', description: 'An external instance and its cursor.' },
);

function toListFilter(filter: ExternalInstanceFilterInput | null | undefined): ExternalInstanceListFilter {
  if (!filter) return {};
  return {
    approvalCodes: filter.approvalCodes,
    statuses: filter.statuses,
    initiator: filter.initiator ? toUserRef(filter.initiator) : null,
    departmentId: filter.departmentId,
    startTime: toTimeRange(filter.startTime),
    updateTime: toTimeRange(filter.updateTime),
    endTime: toTimeRange(filter.endTime),
    search: filter.search?.trim() ? filter.search : null,
  };
}

builder.queryField('externalInstances', (t) =>
  t.connection(
    {
      type: ExternalInstanceRef,
      description: 'Mirrored external instances, filtered and ordered (newest update first by default), paged by keyset cursors.',
      args: {
        filter: t.arg({ type: ExternalInstanceFilterRef, description: 'Which instances; all when absent.', validate: { schema: filterRules } }),
        orderBy: t.arg({ type: ExternalInstanceOrderRef, description: 'The order; UPDATE_TIME DESC when absent.' }),
      },
      resolve: (_root, args, ctx, info) => {
        const sort = args.orderBy?.field ?? 'UPDATE_TIME';
        const direction = args.orderBy?.direction ?? 'DESC';
        const filter = toListFilter(args.filter);
        return keysetConnection(args, `externalInstances:${sort}:${direction}`, direction, {
          read: (plan) => ctx.mirror.lists.externalInstancesPage(filter, sort, plan, pageReadsFor(info, 'ExternalInstance')),
          keyOf: (row: ExternalInstanceRow) => ({ value: sort === 'START_TIME' ? row.startTime : row.updateTime, id: row.id }),
          count: () => ctx.mirror.lists.externalInstancesCount(filter),
        });
      },
    },
    ExternalInstanceConnectionRef,
  ),
);
