import { useState } from 'react';
import { useApi } from '../../api/connection-context';
import { ErrorSummary } from '../../components/ErrorSummary';
import { LiveAnnouncer, type Announcement } from '../../components/LiveAnnouncer';
import { Loading } from '../../components/Loading';
import { Pager } from '../../components/Pager';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { useLogPage } from '../../hooks/use-log-page';
import {
  AUDIT_FIELD_IDS,
  AUDIT_FILTER_FIELDS,
  NO_FILTERS,
  auditFileName,
  toAuditFilter,
  type AuditFilterValues,
} from '../../lib/audit-filters';
import { filterErrors } from '../../lib/filter-values';
import { AuditFilterForm } from './AuditFilterForm';
import { AuditTable } from './AuditTable';

/** Saves text as a file through the browser's download (a save dialog in the desktop app). */
function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * The append-only audit log: who did what and when, filtered, a page at a time (newest first), and
 * exportable as CSV for governance requests. Pages go back by cursor; "Newer entries" retraces them.
 */
export function AuditPage() {
  const api = useApi();
  useDocumentTitle('Audit log');
  const [filters, setFilters] = useState<AuditFilterValues>(NO_FILTERS);
  const { page, problem, setProblem, cursors, setCursors } = useLogPage(
    (before) => api.audit.list({ ...toAuditFilter(filters), ...(before !== undefined ? { before } : {}) }),
    filters,
  );
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);
  const [exporting, setExporting] = useState(false);

  const apply = (values: AuditFilterValues) => {
    setFilters(values);
    setCursors([]);
  };
  const announce = (text: string) => setAnnouncement((previous) => ({ text, id: (previous?.id ?? 0) + 1 }));

  const exportCsv = async () => {
    setExporting(true);
    const result = await api.audit.exportCsv(toAuditFilter(filters));
    setExporting(false);
    if (!result.ok) return setProblem(result.error);
    download(result.value.csv, auditFileName(new Date()));
    announce(
      result.value.truncated
        ? `Downloaded the newest ${result.value.rows} entries. Choose a shorter date range to download the rest.`
        : `Downloaded ${result.value.rows} ${result.value.rows === 1 ? 'entry' : 'entries'} as a CSV file.`,
    );
  };

  const { byField: errors, summary: fieldSummary } = filterErrors(
    problem,
    AUDIT_FILTER_FIELDS,
    AUDIT_FIELD_IDS,
  );
  // A problem not about a field is a failure to load, said as such.
  const summary =
    problem && Object.keys(errors).length === 0
      ? [`Cannot load the audit log: ${problem.message}`]
      : fieldSummary;

  return (
    <>
      {summary ? <ErrorSummary items={summary} /> : null}
      <h1>Audit log</h1>
      <p className="nhsuk-body">
        Everything staff, the app and the modality did, newest first. Entries are never changed or removed.
      </p>
      <AuditFilterForm applied={filters} errors={errors} onApply={apply} />
      {page === null && !problem ? <Loading what="the audit log" /> : null}
      {page ? (
        <>
          <AuditTable entries={page.entries} />
          <Pager cursors={cursors} nextBefore={page.nextBefore} onChange={setCursors}>
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              onClick={() => void exportCsv()}
              disabled={exporting}
            >
              Download as CSV
            </button>
          </Pager>
        </>
      ) : null}
      <LiveAnnouncer announcement={announcement} />
    </>
  );
}
