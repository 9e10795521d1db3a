import { useEffect, useRef, type ChangeEvent, type ReactNode } from 'react';

/**
 * nhsuk-frontend's form components (form group, label, hint, error message, input, select, radios,
 * checkbox) as React. Markup follows the nhsuk-frontend templates: the error message sits between the
 * hint and the control, and the control is described by both.
 */

export const hintId = (id: string) => `${id}-hint`;
export const errorId = (id: string) => `${id}-error`;

function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const present = ids.filter((id): id is string => typeof id === 'string' && id !== '');
  return present.length > 0 ? present.join(' ') : undefined;
}

function classes(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}

export function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">Error: </span>
      {children}
    </span>
  );
}

export function Hint({ id, children, className }: { id: string; children: ReactNode; className?: string }) {
  return (
    <div className={classes('nhsuk-hint', className)} id={id}>
      {children}
    </div>
  );
}

/** For keys and names typed exactly as given: monospaced, no autofill, no automatic capitals. */
export const CODE_INPUT = { code: true, autoComplete: 'off', autoCapitalize: 'none' } as const;

/** What binds a text field to one form key: its id, error, value and change handler. */
export interface TextFieldBinding {
  id: string;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
}

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
}

interface TextFieldProps extends FieldProps {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password';
  /** nhsuk-input--width-N, or a fluid width class (nhsuk-u-width-…). */
  widthClass?: string;
  /** Monospaced, for keys and names that are read character by character. */
  code?: boolean;
  autoComplete?: string;
  spellCheck?: boolean;
  autoCapitalize?: string;
  /**
   * For a secret (the send key). React mirrors a controlled input's value into its `value`
   * attribute, which would put the key in the page's markup (DOM snapshots, traces, extensions); a
   * secret field is uncontrolled instead, its value kept only in the DOM property and the form's state.
   */
  secret?: boolean;
}

export function TextField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  type = 'text',
  widthClass,
  code = false,
  autoComplete,
  spellCheck = false,
  autoCapitalize,
  secret = false,
}: TextFieldProps) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Clearing (after a save) must reach an uncontrolled field too; the property, never the attribute.
    if (secret && ref.current && ref.current.value !== value) ref.current.value = value;
  }, [secret, value]);
  return (
    <div className={classes('nhsuk-form-group', error && 'nhsuk-form-group--error')}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? <Hint id={hintId(id)}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={errorId(id)}>{error}</ErrorMessage> : null}
      <input
        className={classes(
          'nhsuk-input',
          code && 'nhsuk-input--code',
          error && 'nhsuk-input--error',
          widthClass,
        )}
        id={id}
        name={id}
        type={type}
        {...(secret ? { ref, defaultValue: '' } : { value })}
        onChange={(event: ChangeEvent<HTMLInputElement>) => onChange(event.target.value)}
        aria-describedby={describedBy(hint ? hintId(id) : null, error ? errorId(id) : null)}
        autoComplete={autoComplete}
        spellCheck={spellCheck}
        autoCapitalize={autoCapitalize}
      />
    </div>
  );
}

interface SelectFieldProps extends FieldProps {
  value: string;
  onChange: (value: string) => void;
  options: ReadonlyArray<{ value: string; label: string }>;
  /** A first, empty choice ("Choose a provider") while nothing is chosen. */
  placeholder?: string;
}

export function SelectField({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  options,
  placeholder,
}: SelectFieldProps) {
  return (
    <div className={classes('nhsuk-form-group', error && 'nhsuk-form-group--error')}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? <Hint id={hintId(id)}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={errorId(id)}>{error}</ErrorMessage> : null}
      <Select
        id={id}
        value={value}
        onChange={onChange}
        options={options}
        placeholder={placeholder}
        error={Boolean(error)}
        describedBy={describedBy(hint ? hintId(id) : null, error ? errorId(id) : null)}
      />
    </div>
  );
}

/** The bare `<select>`, for layouts that place their own label (a route's message type). */
export function Select({
  id,
  value,
  onChange,
  options,
  placeholder,
  error,
  describedBy: describedByIds,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  options: ReadonlyArray<{ value: string; label: string }>;
  placeholder?: string | undefined;
  error: boolean;
  describedBy: string | undefined;
}) {
  return (
    <select
      className={classes('nhsuk-select', error && 'nhsuk-select--error')}
      id={id}
      name={id}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      aria-describedby={describedByIds}
    >
      {placeholder !== undefined && value === '' ? <option value="">{placeholder}</option> : null}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

interface RadiosFieldProps<V extends string> {
  /** The first radio's id; the others get `-2`, `-3`, … as nhsuk-frontend numbers them. */
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  value: V;
  onChange: (value: V) => void;
  options: ReadonlyArray<{ value: V; label: ReactNode; hint?: ReactNode }>;
}

export function RadiosField<V extends string>({
  id,
  legend,
  hint,
  error,
  value,
  onChange,
  options,
}: RadiosFieldProps<V>) {
  return (
    <div className={classes('nhsuk-form-group', error && 'nhsuk-form-group--error')}>
      <fieldset
        className="nhsuk-fieldset"
        aria-describedby={describedBy(hint ? hintId(id) : null, error ? errorId(id) : null)}
      >
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint ? <Hint id={hintId(id)}>{hint}</Hint> : null}
        {error ? <ErrorMessage id={errorId(id)}>{error}</ErrorMessage> : null}
        <div className="nhsuk-radios">
          {options.map((option, index) => {
            const optionId = index === 0 ? id : `${id}-${index + 1}`;
            const optionHintId = `${optionId}-item-hint`;
            return (
              <div className="nhsuk-radios__item" key={option.value}>
                <input
                  className="nhsuk-radios__input"
                  id={optionId}
                  name={id}
                  type="radio"
                  value={option.value}
                  checked={value === option.value}
                  onChange={() => onChange(option.value)}
                  aria-describedby={option.hint ? optionHintId : undefined}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={optionId}>
                  {option.label}
                </label>
                {option.hint ? (
                  <Hint id={optionHintId} className="nhsuk-radios__hint">
                    {option.hint}
                  </Hint>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

interface CheckboxFieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  checked: boolean;
  onChange: (checked: boolean) => void;
}

/** A single checkbox, as nhsuk-frontend's checkboxes with one item and no legend. */
export function CheckboxField({ id, label, hint, error, checked, onChange }: CheckboxFieldProps) {
  const itemHintId = `${id}-item-hint`;
  return (
    <div className={classes('nhsuk-form-group', error && 'nhsuk-form-group--error')}>
      {error ? <ErrorMessage id={errorId(id)}>{error}</ErrorMessage> : null}
      <div className="nhsuk-checkboxes">
        <div className="nhsuk-checkboxes__item">
          <input
            className="nhsuk-checkboxes__input"
            id={id}
            name={id}
            type="checkbox"
            checked={checked}
            onChange={(event) => onChange(event.target.checked)}
            aria-describedby={describedBy(hint ? itemHintId : null, error ? errorId(id) : null)}
          />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
            {label}
          </label>
          {hint ? (
            <Hint id={itemHintId} className="nhsuk-checkboxes__hint">
              {hint}
            </Hint>
          ) : null}
        </div>
      </div>
    </div>
  );
}

/** A date as nhsuk-frontend lays out an input; the browser's date picker does the typing. */
export function DateField({
  id,
  label,
  error,
  value,
  onChange,
}: FieldProps & { value: string; onChange: (value: string) => void }) {
  return (
    <div className={classes('nhsuk-form-group', error && 'nhsuk-form-group--error')}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {error ? <ErrorMessage id={errorId(id)}>{error}</ErrorMessage> : null}
      <input
        className={classes('nhsuk-input', 'nhsuk-input--width-10', error && 'nhsuk-input--error')}
        id={id}
        name={id}
        type="date"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={describedBy(error ? errorId(id) : null)}
      />
    </div>
  );
}
