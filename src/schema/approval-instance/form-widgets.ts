import type {
  ContactWidgetInput,
  DateIntervalWidgetInput,
  DateWidgetInput,
  DepartmentWidgetInput,
  FieldListWidgetInput,
  FormWidgetInput,
  NumberWidgetInput,
  OptionWidgetInput,
  ShiftGroupWidgetInput,
  StringListWidgetInput,
  TelephoneWidgetInput,
  TextWidgetInput,
} from '../../translate/create-instance-input.js';
import { builder } from '../builder.js';
import { LocalizedTextInputRef } from '../locale.js';
import { DateTimeScalar } from '../scalars.js';

const ID_DESCRIPTION = "The widget's id in the approval definition (or its custom id).";

const TextWidget = builder.inputRef<TextWidgetInput>('TextWidgetInput').implement({
  description: 'A single- or multi-line text widget. Set exactly one of value and localizedValue.',
  fields: (t) => ({
    id: t.string({ required: true, description: ID_DESCRIPTION }),
    value: t.string({ description: 'The text.' }),
    localizedValue: t.field({
      type: LocalizedTextInputRef,
      description: 'The text in several locales, sent as an `@i18n@` key with i18n_resources (v4 API only).',
    }),
  }),
});

const DateWidget = builder.inputRef<DateWidgetInput>('DateWidgetInput').implement({
  description: 'A date widget; sent as RFC 3339 in the offset you wrote, e.g. `2019-10-01T08:12:01+08:00`.',
  fields: (t) => ({
    id: t.string({ required: true, description: ID_DESCRIPTION }),
    value: t.field({ type: DateTimeScalar, required: true, description: 'The date and time.' }),
  }),
});

const OptionWidget = builder.inputRef<OptionWidgetInput>('OptionWidgetInput').implement({
  description: "A single-choice widget: the chosen option's value from the definition.",
  fields: (t) => ({
    id: t.string({ required: true, description: ID_DESCRIPTION }),
    value: t.string({ required: true, description: "The option's value." }),
  }),
});

const NumberWidget = builder.inputRef<NumberWidgetInput>('NumberWidgetInput').implement({
  description: 'A number, amount or formula widget; sent as a JSON number.',
  fields: (t) => ({
    id: t.string({ required: true, description: ID_DESCRIPTION }),
    value: t.float({ required: true, description: 'The number. A formula must match what the definition computes.' }),
  }),
});

const ContactWidget = builder.inputRef<ContactWidgetInput>('ContactWidgetInput').implement({
  description: 'A contact widget: users by user id (`value`) and/or open id (`open_ids`); at least one.',
  fields: (t) => ({
    id: t.string({ required: true, description: ID_DESCRIPTION }),
    value: t.stringList({ description: 'User ids.' }),
    openIds: t.stringList({ description: 'Open ids (`open_ids`).' }),
  }),
});

const StringListWidget = builder.inputRef<StringListWidgetInput>('StringListWidgetInput').implement({
  description:
    'A widget whose value is a list of strings: instance codes (connect), file codes from the upload API (attachment, image), option values (checkbox).',
  fields: (t) => ({
    id: t.string({ required: true, description: ID_DESCRIPTION }),
    value: t.stringList({ required: true, description: 'The codes or option values.' }),
  }),
});

const DateIntervalValue = builder.inputRef<DateIntervalWidgetInput['value']>('DateIntervalValueInput').implement({
  description: 'A date range.',
  fields: (t) => ({
    start: t.field({ type: DateTimeScalar, required: true, description: 'The start.' }),
    end: t.field({ type: DateTimeScalar, required: true, description: 'The end; not before the start.' }),
    interval: t.float({ required: true, description: 'The duration, in the unit the definition uses (e.g. days).' }),
  }),
});

const DateIntervalWidget = builder.inputRef<DateIntervalWidgetInput>('DateIntervalWidgetInput').implement({
  description: 'A date-range widget.',
  fields: (t) => ({
    id: t.string({ required: true, description: ID_DESCRIPTION }),
    value: t.field({ type: DateIntervalValue, required: true, description: 'The range.' }),
  }),
});

export const FormWidgetInputRef = builder.inputRef<FormWidgetInput>('FormWidgetInput');

const FieldListWidget = builder.inputRef<FieldListWidgetInput>('FieldListWidgetInput').implement({
  description: 'A detail table (fieldList): rows, each a list of widgets.',
  fields: (t) => ({
    id: t.string({ required: true, description: ID_DESCRIPTION }),
    value: t.field({ type: t.listRef([FormWidgetInputRef]), required: true, description: 'The rows.' }),
  }),
});

const DepartmentValue = builder.inputRef<{ openId: string }>('DepartmentValueInput').implement({
  description: 'A department.',
  fields: (t) => ({ openId: t.string({ required: true, description: "The department's open id (`open_id`, `od-...`)." }) }),
});

const DepartmentWidget = builder.inputRef<DepartmentWidgetInput>('DepartmentWidgetInput').implement({
  description: 'A department widget.',
  fields: (t) => ({
    id: t.string({ required: true, description: ID_DESCRIPTION }),
    value: t.field({ type: [DepartmentValue], required: true, description: 'The departments.' }),
  }),
});

const TelephoneValue = builder.inputRef<TelephoneWidgetInput['value']>('TelephoneValueInput').implement({
  description: 'A phone number.',
  fields: (t) => ({
    countryCode: t.string({ required: true, description: 'E.g. `+86`.' }),
    nationalNumber: t.string({ required: true, description: 'E.g. `13122222222`.' }),
  }),
});

const TelephoneWidget = builder.inputRef<TelephoneWidgetInput>('TelephoneWidgetInput').implement({
  description: 'A telephone widget.',
  fields: (t) => ({
    id: t.string({ required: true, description: ID_DESCRIPTION }),
    value: t.field({ type: TelephoneValue, required: true, description: 'The number.' }),
  }),
});

const ShiftGroupValue = builder.inputRef<ShiftGroupWidgetInput['value']>('ShiftGroupValueInput').implement({
  description: 'A shift swap.',
  fields: (t) => ({
    shiftTime: t.field({ type: DateTimeScalar, required: true, description: 'When the shift is swapped.' }),
    returnTime: t.field({ type: DateTimeScalar, required: true, description: 'When it is swapped back.' }),
    reason: t.string({ required: true, description: 'Why.' }),
  }),
});

const ShiftGroupWidget = builder.inputRef<ShiftGroupWidgetInput>('ShiftGroupWidgetInput').implement({
  description: 'A shift-swap widget group (shiftGroup).',
  fields: (t) => ({
    id: t.string({ required: true, description: ID_DESCRIPTION }),
    value: t.field({ type: ShiftGroupValue, required: true, description: 'The swap.' }),
  }),
});

builder.inputType(FormWidgetInputRef, {
  isOneOf: true,
  description:
    "One form widget: set exactly one member, named after Feishu's widget type. The facade serializes the list into Feishu's form JSON. The types Feishu refuses to create (address, tripGroup, leaveGroup, workGroup, remedyGroup) are not offered.",
  fields: (t) => ({
    input: t.field({ type: TextWidget, description: 'Single-line text (`input`).' }),
    textarea: t.field({ type: TextWidget, description: 'Multi-line text (`textarea`).' }),
    date: t.field({ type: DateWidget, description: 'Date (`date`).' }),
    radio: t.field({ type: OptionWidget, description: 'Single choice (`radio`).' }),
    radioV2: t.field({ type: OptionWidget, description: 'Single choice, new style (`radioV2`).' }),
    number: t.field({ type: NumberWidget, description: 'Number (`number`).' }),
    amount: t.field({ type: NumberWidget, description: 'Amount (`amount`).' }),
    formula: t.field({ type: NumberWidget, description: 'Formula result (`formula`).' }),
    contact: t.field({ type: ContactWidget, description: 'Contacts (`contact`).' }),
    connect: t.field({ type: StringListWidget, description: 'Linked approval instances, by instance code (`connect`).' }),
    attachment: t.field({ type: StringListWidget, description: 'Attachments, by file code (`attachment`).' }),
    attachmentV2: t.field({ type: StringListWidget, description: 'Attachments, new style, by file code (`attachmentV2`).' }),
    image: t.field({ type: StringListWidget, description: 'Images, by file code (`image`).' }),
    imageV2: t.field({ type: StringListWidget, description: 'Images, new style, by file code (`imageV2`).' }),
    checkbox: t.field({ type: StringListWidget, description: 'Multiple choice, by option value (`checkbox`).' }),
    checkboxV2: t.field({ type: StringListWidget, description: 'Multiple choice, new style, by option value (`checkboxV2`).' }),
    dateInterval: t.field({ type: DateIntervalWidget, description: 'Date range (`dateInterval`).' }),
    fieldList: t.field({ type: FieldListWidget, description: 'Detail table (`fieldList`).' }),
    department: t.field({ type: DepartmentWidget, description: 'Departments (`department`).' }),
    telephone: t.field({ type: TelephoneWidget, description: 'Telephone (`telephone`).' }),
    shiftGroup: t.field({ type: ShiftGroupWidget, description: 'Shift swap (`shiftGroup`).' }),
  }),
});
