import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useId } from "react";
import { useTranslation } from "#app/i18n/use-translation.ts";
import { DateInput } from "./date-input.tsx";

/**
 * Form fields wired for accessibility: a visible label, `aria-invalid` and `aria-describedby`
 * pointing at the error and hint. zod messages are i18n keys ("validation.required"), translated
 * here so one schema serves the browser and the server in both languages.
 */
export function ErrorList({
  id,
  errors,
  values,
}: {
  id?: string;
  errors?: string[] | null;
  values?: Record<string, string | number>;
}) {
  const { t } = useTranslation();
  const list = errors?.filter(Boolean) ?? [];
  if (!list.length) return null;
  return (
    <div id={id} className="field-error" role="alert">
      {list.map((e) => (
        <div key={e}>{t(e, { ...values, defaultValue: e })}</div>
      ))}
    </div>
  );
}

type InputType = "text" | "email" | "password" | "tel" | "url" | "date" | "number" | "search";

export function Field({
  label,
  field,
  type = "text",
  hint,
  autoComplete,
  inputProps,
}: {
  label: string;
  field: FieldMetadata<string | number | undefined | null>;
  type?: InputType;
  hint?: string;
  autoComplete?: string;
  inputProps?: React.InputHTMLAttributes<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  const hintId = useId();
  const errorId = field.errorId;
  // Dates: our own dd/mm/yyyy text field, never the browser's locale-dependent date picker.
  const isDate = type === "date";
  if (isDate) hint ??= t("dateField.hint");
  const props = getInputProps(field, { type: isDate ? "text" : type, ariaDescribedBy: hint ? hintId : undefined });
  const describedBy = [props["aria-describedby"], field.errors?.length ? errorId : undefined].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <div id={hintId} className="hint">
          {hint}
        </div>
      ) : null}
      {isDate ? (
        <DateInput
          {...withoutType(props)}
          {...(inputProps ? withoutType(inputProps) : {})}
          key={props.key}
          defaultValue={typeof props.defaultValue === "string" ? props.defaultValue : undefined}
          aria-describedby={describedBy || undefined}
        />
      ) : (
        <input
          {...props}
          key={props.key}
          autoComplete={autoComplete}
          aria-describedby={describedBy || undefined}
          {...inputProps}
        />
      )}
      <ErrorList id={errorId} errors={field.errors} />
    </div>
  );
}

function withoutType<T extends { type?: unknown; value?: unknown }>(p: T): Omit<T, "type" | "value"> {
  const { type: _type, value: _value, ...rest } = p;
  return rest;
}

/** A submit button that cannot be pressed twice while its form is on its way. */
export function SubmitButton({
  pending,
  children,
  className = "btn",
  ...rest
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { pending?: boolean }) {
  return (
    <button type="submit" className={className} disabled={pending} aria-busy={pending} {...rest}>
      {children}
    </button>
  );
}
