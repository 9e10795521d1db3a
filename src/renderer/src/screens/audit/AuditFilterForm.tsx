import { AUDIT_ACTION_LABELS } from '#shared/domain/audit-actions';
import { DateRangeFields, FilterButtons, useFilterForm } from '../../components/FilterForm';
import { SelectField, TextField } from '../../components/FormFields';
import {
  AUDIT_FIELD_IDS,
  NO_FILTERS,
  type AuditFilterField,
  type AuditFilterValues,
} from '../../lib/audit-filters';

const ACTION_OPTIONS = Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label }));

interface AuditFilterFormProps {
  applied: AuditFilterValues;
  errors: Partial<Record<AuditFilterField, string>>;
  onApply: (values: AuditFilterValues) => void;
}

/** Filters for the audit log; nothing is applied until staff press the button. */
export function AuditFilterForm({ applied, errors, onApply }: AuditFilterFormProps) {
  const { values, set, submit, clear } = useFilterForm(applied, NO_FILTERS, onApply);
  return (
    <form onSubmit={submit} noValidate aria-label="Filter the audit log">
      <DateRangeFields
        ids={AUDIT_FIELD_IDS}
        labels={{ from: 'From', to: 'To' }}
        values={values}
        errors={errors}
        onChange={set}
      >
        <TextField
          id={AUDIT_FIELD_IDS.nhsNumber}
          label="NHS number"
          value={values.nhsNumber}
          error={errors.nhsNumber}
          onChange={set('nhsNumber')}
          widthClass="nhsuk-input--width-10"
          autoComplete="off"
        />
      </DateRangeFields>
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
      <FilterButtons submitText="Apply filters" onClear={clear} />
    </form>
  );
}
