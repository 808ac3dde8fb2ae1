import type { WireFormWidget } from '../feishu/wire.js';
import { formatInOwnOffset } from '../util/datetime.js';
import type { FormWidgetInput, TextWidgetInput, WidgetType } from './create-instance-input.js';
import type { I18nCollector } from './i18n.js';

/** The member names of FormWidgetInput, which are Feishu's widget types. */
export const WIDGET_TYPES = [
  'input',
  'textarea',
  'date',
  'radio',
  'radioV2',
  'number',
  'amount',
  'formula',
  'contact',
  'connect',
  'attachment',
  'attachmentV2',
  'image',
  'imageV2',
  'checkbox',
  'checkboxV2',
  'dateInterval',
  'fieldList',
  'department',
  'telephone',
  'shiftGroup',
] as const satisfies readonly WidgetType[];

/** The one member a @oneOf widget sets, with its type. */
export function widgetMember(widget: FormWidgetInput): { type: WidgetType; member: NonNullable<FormWidgetInput[WidgetType]> } {
  for (const type of WIDGET_TYPES) {
    const member = widget[type];
    if (member !== null && member !== undefined) return { type, member };
  }
  throw new Error('a form widget sets no member');
}

function textValue(member: TextWidgetInput, i18n: I18nCollector | null): string {
  if (member.localizedValue) {
    if (!i18n) throw new Error('localized widget values need i18n_resources (the v4 API)');
    return i18n.key(member.localizedValue);
  }
  return member.value ?? '';
}

/** A widget as Feishu takes it. */
const wireWidget = (id: string, type: WireFormWidget['type'], value: unknown): WireFormWidget => ({ id, type, value });

/**
 * One widget in Feishu's shape (seed 004). Dates go as RFC 3339 in the offset the client wrote;
 * numbers stay numbers; localized text values become `@i18n@` keys.
 */
function toWireWidget(widget: FormWidgetInput, i18n: I18nCollector | null): WireFormWidget {
  const { type, member } = widgetMember(widget);
  const id = member.id;
  switch (type) {
    case 'input':
    case 'textarea':
      return wireWidget(id, type, textValue(widget[type]!, i18n));
    case 'date':
      return wireWidget(id, type, formatInOwnOffset(widget.date!.value));
    case 'radio':
    case 'radioV2':
      return wireWidget(id, type, widget[type]!.value);
    case 'number':
    case 'amount':
    case 'formula':
      return wireWidget(id, type, widget[type]!.value);
    case 'contact': {
      const contact = widget.contact!;
      const out = wireWidget(id, type, [...(contact.value ?? [])]);
      if (contact.openIds) out.open_ids = [...contact.openIds];
      return out;
    }
    case 'connect':
    case 'attachment':
    case 'attachmentV2':
    case 'image':
    case 'imageV2':
    case 'checkbox':
    case 'checkboxV2':
      return wireWidget(id, type, [...widget[type]!.value]);
    case 'dateInterval': {
      const { start, end, interval } = widget.dateInterval!.value;
      return wireWidget(id, type, { start: formatInOwnOffset(start), end: formatInOwnOffset(end), interval });
    }
    case 'fieldList':
      return wireWidget(
        id,
        type,
        widget.fieldList!.value.map((row) => row.map((cell) => toWireWidget(cell, i18n))),
      );
    case 'department':
      return wireWidget(
        id,
        type,
        widget.department!.value.map((department) => ({ open_id: department.openId })),
      );
    case 'telephone': {
      const { countryCode, nationalNumber } = widget.telephone!.value;
      return wireWidget(id, type, { countryCode, nationalNumber });
    }
    case 'shiftGroup': {
      const { shiftTime, returnTime, reason } = widget.shiftGroup!.value;
      return wireWidget(id, type, { shiftTime: formatInOwnOffset(shiftTime), returnTime: formatInOwnOffset(returnTime), reason });
    }
  }
}

export function toWireWidgets(form: readonly FormWidgetInput[], i18n: I18nCollector | null): WireFormWidget[] {
  return form.map((widget) => toWireWidget(widget, i18n));
}

/** The `form` field: the widgets as compact JSON text, which the request body then escapes. */
export function serializeForm(form: readonly FormWidgetInput[], i18n: I18nCollector | null): string {
  return JSON.stringify(toWireWidgets(form, i18n));
}
