import type { LocaleCode } from '../locale.js';
import type { Instant } from '../util/datetime.js';
import type { LocalizedTextInput } from './i18n.js';

/**
 * The shape of `CreateInstanceInput` after GraphQL parsed it. Form widgets follow seed 004:
 * one member per widget type, each with the widget `id` and a typed `value`.
 */

type Maybe<T> = T | null | undefined;

/** input, textarea: a plain value or a localized one (sent as an `@i18n@` key; v4 only). */
export interface TextWidgetInput {
  id: string;
  value?: Maybe<string>;
  localizedValue?: Maybe<LocalizedTextInput>;
}

export interface DateWidgetInput {
  id: string;
  value: Instant;
}

/** radio, radioV2: the option's value from the definition. */
export interface OptionWidgetInput {
  id: string;
  value: string;
}

/** number, amount, formula. */
export interface NumberWidgetInput {
  id: string;
  value: number;
}

export interface ContactWidgetInput {
  id: string;
  value?: Maybe<readonly string[]>;
  openIds?: Maybe<readonly string[]>;
}

/** connect (instance codes), attachment(V2) and image(V2) (file codes), checkbox(V2) (option values). */
export interface StringListWidgetInput {
  id: string;
  value: readonly string[];
}

export interface DateIntervalWidgetInput {
  id: string;
  value: { start: Instant; end: Instant; interval: number };
}

export interface FieldListWidgetInput {
  id: string;
  /** Rows, each a list of widgets. */
  value: readonly (readonly FormWidgetInput[])[];
}

export interface DepartmentWidgetInput {
  id: string;
  value: readonly { openId: string }[];
}

export interface TelephoneWidgetInput {
  id: string;
  value: { countryCode: string; nationalNumber: string };
}

export interface ShiftGroupWidgetInput {
  id: string;
  value: { shiftTime: Instant; returnTime: Instant; reason: string };
}

/** A @oneOf input: exactly one member is set. */
export interface FormWidgetInput {
  input?: Maybe<TextWidgetInput>;
  textarea?: Maybe<TextWidgetInput>;
  date?: Maybe<DateWidgetInput>;
  radio?: Maybe<OptionWidgetInput>;
  radioV2?: Maybe<OptionWidgetInput>;
  number?: Maybe<NumberWidgetInput>;
  amount?: Maybe<NumberWidgetInput>;
  formula?: Maybe<NumberWidgetInput>;
  contact?: Maybe<ContactWidgetInput>;
  connect?: Maybe<StringListWidgetInput>;
  attachment?: Maybe<StringListWidgetInput>;
  attachmentV2?: Maybe<StringListWidgetInput>;
  image?: Maybe<StringListWidgetInput>;
  imageV2?: Maybe<StringListWidgetInput>;
  checkbox?: Maybe<StringListWidgetInput>;
  checkboxV2?: Maybe<StringListWidgetInput>;
  dateInterval?: Maybe<DateIntervalWidgetInput>;
  fieldList?: Maybe<FieldListWidgetInput>;
  department?: Maybe<DepartmentWidgetInput>;
  telephone?: Maybe<TelephoneWidgetInput>;
  shiftGroup?: Maybe<ShiftGroupWidgetInput>;
}

export type WidgetType = keyof FormWidgetInput;

export interface NodeUsersInput {
  /** The node's node_id or custom_node_id. */
  key: string;
  value: readonly string[];
}

export type BotNotification = 'APPROVED' | 'REJECTED' | 'CANCELED';
export type TitleDisplayMethod = 'DEFINITION_AND_INSTANCE' | 'INSTANCE_ONLY';
export type NodeIdType = 'CUSTOM' | 'NON_CUSTOM';
export type CreateApi = 'v4' | 'v2';

export interface NodeAutoApprovalInput {
  nodeIdType?: Maybe<NodeIdType>;
  nodeId: string;
}

export interface CreateInstanceInput {
  approvalCode: string;
  userId?: Maybe<string>;
  openId?: Maybe<string>;
  departmentId?: Maybe<string>;
  form: readonly FormWidgetInput[];
  nodeApproverUserIdList?: Maybe<readonly NodeUsersInput[]>;
  nodeApproverOpenIdList?: Maybe<readonly NodeUsersInput[]>;
  nodeCcUserIdList?: Maybe<readonly NodeUsersInput[]>;
  nodeCcOpenIdList?: Maybe<readonly NodeUsersInput[]>;
  uuid?: Maybe<string>;
  allowResubmit?: Maybe<boolean>;
  allowSubmitAgain?: Maybe<boolean>;
  cancelBotNotification?: Maybe<readonly BotNotification[]>;
  forbidRevoke?: Maybe<boolean>;
  title?: Maybe<LocalizedTextInput>;
  titleDisplayMethod?: Maybe<TitleDisplayMethod>;
  nodeAutoApprovalList?: Maybe<readonly NodeAutoApprovalInput[]>;
  defaultLocale?: Maybe<LocaleCode>;
  /** Which create API to call for this request; FEISHU_CREATE_API when absent. */
  api?: Maybe<CreateApi>;
}
