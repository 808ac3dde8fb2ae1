import type { LocaleCode } from '../locale.js';

/** A name as Feishu gave it in each locale the definition was read in; always holds the default locale. */
export type LocalizedNames = Partial<Record<LocaleCode, string>>;

export type DefinitionStatus = 'ACTIVE' | 'INACTIVE' | 'DELETED' | 'UNKNOWN';

export interface DefinitionOption {
  /** What createInstance sends (a radio's `value`, a checkbox's values). */
  value: string;
  text: LocalizedNames;
}

export interface DefinitionWidget {
  id: string;
  customId: string | null;
  /** Feishu's widget type, as it wrote it (`radioV2`, `fieldList`, ...). */
  type: string;
  name: LocalizedNames;
  required: boolean;
  /** A choice widget's options; null on other widgets. */
  options: DefinitionOption[] | null;
  /** A fieldList's columns; null on other widgets. */
  children: DefinitionWidget[] | null;
}

export interface DefinitionNode {
  nodeId: string;
  customNodeId: string | null;
  name: LocalizedNames;
  /** The initiator chooses this node's approvers: createInstance must name them. */
  needApprover: boolean;
  approverChosenMulti: boolean;
  nodeType: string;
}

/** An approval definition as the facade keeps it: read from Feishu in one or more locales. */
export interface ApprovalDefinition {
  approvalCode: string;
  status: DefinitionStatus;
  name: LocalizedNames;
  /** The locale read first, which every name has: the fallback of the others. */
  defaultLocale: LocaleCode;
  widgets: DefinitionWidget[];
  nodes: DefinitionNode[];
  /** When Feishu was read (Unix ms). */
  fetchedAt: number;
}

/** A name in its default locale (what messages quote). */
export const defaultName = (names: LocalizedNames, defaultLocale: LocaleCode): string => names[defaultLocale] ?? Object.values(names)[0] ?? '';
