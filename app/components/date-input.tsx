import { useEffect, useState } from "react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { dateFieldText, maskDateTyping, parseCalendarDate } from "#app/domain/dates.ts";

type Base = Omit<React.InputHTMLAttributes<HTMLInputElement>, "type" | "value" | "defaultValue" | "onChange">;

/**
 * The one date input of the app: a text field showing dd/mm/yyyy in both languages. A native
 * `<input type="date">` follows the browser's locale (mm/dd/yyyy in an English browser) and
 * speaks in the browser's language when invalid; this field never does. The server parses what
 * it sends with `calendarDate()` (app/domain/date-schema.ts), which also accepts ISO.
 *
 * Uncontrolled (conform forms): pass `defaultValue` (ISO or as typed). Controlled (the entry
 * editor): pass `value` and `onValueChange`, which receives ISO once the text is a real date and
 * the raw text otherwise, so the schema can say what is wrong.
 */
export function DateInput(
  props: Base & { defaultValue?: string | null; value?: string; onValueChange?: (value: string) => void },
) {
  const { t } = useTranslation();
  const { defaultValue, value, onValueChange, ...rest } = props;
  const controlled = value !== undefined;
  const [text, setText] = useState(() => dateFieldText(controlled ? value : defaultValue));
  // A controlled value changed from outside (a reset, a server reply): show it.
  useEffect(() => {
    if (!controlled) return;
    setText((old) => (old === value || parseCalendarDate(old) === value ? old : dateFieldText(value)));
  }, [controlled, value]);
  const common = {
    ...rest,
    type: "text",
    inputMode: "numeric",
    autoComplete: "off",
    maxLength: 10,
    placeholder: t("dateField.placeholder"),
  } as const;
  if (!controlled) {
    return (
      <input
        {...common}
        defaultValue={dateFieldText(defaultValue)}
        onInput={(e) => {
          const el = e.currentTarget;
          const masked = maskDateTyping(el.dataset.prev ?? "", el.value);
          if (masked !== el.value) el.value = masked;
          el.dataset.prev = masked;
        }}
      />
    );
  }
  return (
    <input
      {...common}
      value={text}
      onChange={(e) => {
        const masked = maskDateTyping(text, e.target.value);
        setText(masked);
        onValueChange?.(parseCalendarDate(masked) ?? masked);
      }}
    />
  );
}
