import { MESSAGE_STATUS_LABELS, MESSAGE_STATUSES, MESSAGE_TYPES } from '#shared/domain/message';
import { useApi } from '../../api/connection-context';
import { DateRangeFields, FilterButtons, useFilterForm } from '../../components/FilterForm';
import { SelectField, TextField } from '../../components/FormFields';
import { useRemote } from '../../hooks/use-remote';
import { MESSAGE_TYPE_LABELS } from '../../lib/labels';
import {
  MESSAGE_FIELD_IDS,
  NO_MESSAGE_FILTERS,
  type MessageFilterField,
  type MessageFilterValues,
} from '../../lib/message-filters';

const STATUS_OPTIONS = MESSAGE_STATUSES.map((value) => ({ value, label: MESSAGE_STATUS_LABELS[value] }));
const TYPE_OPTIONS = MESSAGE_TYPES.map((value) => ({ value, label: MESSAGE_TYPE_LABELS[value] }));

interface MessageFilterFormProps {
  applied: MessageFilterValues;
  errors: Partial<Record<MessageFilterField, string>>;
  onApply: (values: MessageFilterValues) => void;
}

/** Search and filters for the message log; nothing is applied until staff press the button. */
export function MessageFilterForm({ applied, errors, onApply }: MessageFilterFormProps) {
  const api = useApi();
  const gateways = useRemote(() => api.gateways.list({}));
  const gatewayOptions =
    gateways.remote.status === 'ready'
      ? gateways.remote.data.map((g) => ({ value: g.id, label: g.name }))
      : [];
  const { values, set, submit, clear } = useFilterForm(applied, NO_MESSAGE_FILTERS, onApply);
  return (
    <form onSubmit={submit} noValidate aria-label="Search and filter messages">
      <TextField
        id={MESSAGE_FIELD_IDS.search}
        label="NHS number or accession number"
        value={values.search}
        error={errors.search}
        onChange={set('search')}
        widthClass="nhsuk-input--width-20"
        autoComplete="off"
      />
      <div className="app-filter-row">
        <SelectField
          id={MESSAGE_FIELD_IDS.status}
          label="Status"
          value={values.status}
          error={errors.status}
          onChange={set('status')}
          options={[{ value: '', label: 'Any status' }, ...STATUS_OPTIONS]}
        />
        <SelectField
          id={MESSAGE_FIELD_IDS.type}
          label="Sent to"
          value={values.type}
          error={errors.type}
          onChange={set('type')}
          options={[{ value: '', label: 'Anywhere' }, ...TYPE_OPTIONS]}
        />
        <SelectField
          id={MESSAGE_FIELD_IDS.gatewayId}
          label="Gateway"
          value={values.gatewayId}
          error={errors.gatewayId}
          onChange={set('gatewayId')}
          options={[{ value: '', label: 'Any gateway' }, ...gatewayOptions]}
        />
      </div>
      <DateRangeFields
        ids={MESSAGE_FIELD_IDS}
        labels={{ from: 'Created from', to: 'Created to' }}
        values={values}
        errors={errors}
        onChange={set}
      />
      <FilterButtons submitText="Search" onClear={clear} />
    </form>
  );
}
