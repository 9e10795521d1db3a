import { useState, type FormEvent, type ReactNode } from 'react';
import { DateField } from './FormFields';

/**
 * What the log screens' filter forms share: values typed locally and applied only on submit, a
 * from/to date pair, and the submit and clear buttons.
 */
export function useFilterForm<V extends { [K in keyof V]: string }>(
  applied: V,
  empty: V,
  onApply: (values: V) => void,
) {
  const [values, setValues] = useState<V>(applied);
  const set = (field: keyof V) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(values);
  };
  const clear = () => {
    setValues(empty);
    onApply(empty);
  };
  return { values, set, submit, clear };
}

export function DateRangeFields(props: {
  ids: { from: string; to: string };
  labels: { from: string; to: string };
  values: { from: string; to: string };
  errors: { from?: string | undefined; to?: string | undefined };
  onChange: (field: 'from' | 'to') => (value: string) => void;
  children?: ReactNode;
}) {
  const { ids, labels, values, errors, onChange, children } = props;
  return (
    <div className="app-filter-row">
      {(['from', 'to'] as const).map((field) => (
        <DateField
          key={field}
          id={ids[field]}
          label={labels[field]}
          value={values[field]}
          error={errors[field]}
          onChange={onChange(field)}
        />
      ))}
      {children}
    </div>
  );
}

export function FilterButtons({ submitText, onClear }: { submitText: string; onClear: () => void }) {
  return (
    <div className="nhsuk-button-group">
      <button type="submit" className="nhsuk-button">
        {submitText}
      </button>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onClear}>
        Clear filters
      </button>
    </div>
  );
}
