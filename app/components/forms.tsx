import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";

/**
 * Form fields wired for accessibility: a visible label, `aria-invalid` and `aria-describedby`
 * pointing at the error and hint. zod messages are i18n keys ("validation.required"), translated
 * here so one schema serves the browser and the server in both languages.
 */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation();
  const list = errors?.filter(Boolean) ?? [];
  if (!list.length) return null;
  return (
    <div id={id} className="field-error" role="alert">
      {list.map((e) => (
        <div key={e}>{t(e, { defaultValue: e })}</div>
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
  const hintId = useId();
  const errorId = field.errorId;
  const props = getInputProps(field, { type, ariaDescribedBy: hint ? hintId : undefined });
  const describedBy = [props["aria-describedby"], field.errors?.length ? errorId : undefined]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <div id={hintId} className="hint">
          {hint}
        </div>
      ) : null}
      <input
        {...props}
        key={props.key}
        autoComplete={autoComplete}
        aria-describedby={describedBy || undefined}
        {...inputProps}
      />
      <ErrorList id={errorId} errors={field.errors} />
    </div>
  );
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
