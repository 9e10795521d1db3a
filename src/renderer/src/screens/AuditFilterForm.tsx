import { useState, type FormEvent } from 'react';
import { AUDIT_ACTION_LABELS } from '../../../shared/domain/audit-actions';
import { DateField, SelectField, TextField } from '../components/FormFields';
import {
  AUDIT_FIELD_IDS,
  NO_FILTERS,
  type AuditFilterField,
  type AuditFilterValues,
} from '../lib/audit-filters';

const ACTION_OPTIONS = Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label }));

interface AuditFilterFormProps {
  applied: AuditFilterValues;
  errors: Partial<Record<AuditFilterField, string>>;
  onApply: (values: AuditFilterValues) => void;
}

/** Filters for the audit log; nothing is applied until staff press the button. */
export function AuditFilterForm({ applied, errors, onApply }: AuditFilterFormProps) {
  const [values, setValues] = useState<AuditFilterValues>(applied);
  const set = (field: AuditFilterField) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(values);
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Filter the audit log">
      <div className="app-filter-row">
        <DateField
          id={AUDIT_FIELD_IDS.from}
          label="From"
          value={values.from}
          error={errors.from}
          onChange={set('from')}
        />
        <DateField
          id={AUDIT_FIELD_IDS.to}
          label="To"
          value={values.to}
          error={errors.to}
          onChange={set('to')}
        />
        <TextField
          id={AUDIT_FIELD_IDS.nhsNumber}
          label="NHS number"
          value={values.nhsNumber}
          error={errors.nhsNumber}
          onChange={set('nhsNumber')}
          widthClass="nhsuk-input--width-10"
          autoComplete="off"
        />
      </div>
      <div className="app-filter-row">
        <SelectField
          id={AUDIT_FIELD_IDS.action}
          label="What happened"
          value={values.action}
          error={errors.action}
          onChange={set('action')}
          options={[{ value: '', label: 'Anything' }, ...ACTION_OPTIONS]}
        />
        <TextField
          id={AUDIT_FIELD_IDS.actor}
          label="Who did it"
          hint="A name, or part of one"
          value={values.actor}
          error={errors.actor}
          onChange={set('actor')}
          widthClass="nhsuk-input--width-20"
          autoComplete="off"
        />
      </div>
      <div className="nhsuk-button-group">
        <button type="submit" className="nhsuk-button">
          Apply filters
        </button>
        <button
          type="button"
          className="nhsuk-button nhsuk-button--secondary"
          onClick={() => {
            setValues(NO_FILTERS);
            onApply(NO_FILTERS);
          }}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}
