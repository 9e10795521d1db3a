import { useState, type FormEvent } from 'react';
import type { IpcError } from '#shared/ipc/contract';
import { STAFF_ROLES, type Staff } from '#shared/ipc/staff';
import { useApi } from '../../api/connection-context';
import { ErrorSummary } from '../../components/ErrorSummary';
import { RadiosField, TextField } from '../../components/FormFields';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { useStaff } from '../../hooks/use-staff';
import { filterErrors } from '../../lib/filter-values';
import { routeHref } from '../../routing/route';

const FIELDS = ['name', 'role'] as const;
const FIELD_IDS = { name: 'staff-name', role: 'staff-role' };

/**
 * "Who is using this workstation?": the name and role every audited action is then recorded with,
 * until someone else says they are using it.
 */
export function StaffPage() {
  const api = useApi();
  useDocumentTitle('Who is using this workstation');
  const current = useStaff();
  const [name, setName] = useState<string | null>(null);
  const [role, setRole] = useState<Staff['role'] | ''>('');
  const [problem, setProblem] = useState<IpcError | null>(null);
  const [attempts, setAttempts] = useState(0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAttempts((n) => n + 1);
    const result = await api.staff.set({ name: name ?? '', role: role as Staff['role'] });
    if (!result.ok) return setProblem(result.error);
    location.hash = routeHref({ name: 'clinics' });
  };

  const { byField, summary } = filterErrors(problem, FIELDS, FIELD_IDS);
  return (
    <>
      {summary ? <ErrorSummary items={summary} focusKey={attempts} /> : null}
      <h1>Who is using this workstation?</h1>
      <p className="nhsuk-body">
        What you do is recorded in the audit log with your name and role, until someone else says they are
        using this workstation.
        {current ? ` It is now recorded as ${current.name} (${current.role}).` : ''}
      </p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          id={FIELD_IDS.name}
          label="Your name"
          value={name ?? ''}
          error={byField.name}
          onChange={setName}
          widthClass="nhsuk-input--width-20"
          autoComplete="name"
          spellCheck={false}
        />
        <RadiosField
          id={FIELD_IDS.role}
          legend="Your role"
          value={role}
          error={byField.role}
          onChange={setRole}
          options={STAFF_ROLES.map((value) => ({ value, label: value }))}
        />
        <button type="submit" className="nhsuk-button">
          Continue
        </button>
      </form>
    </>
  );
}
