import { useRef, useState, type FormEvent } from 'react';
import type { IpcResult } from '#shared/ipc/contract';
import type { GatewayView, Workstation } from '#shared/ipc/views';
import { useApi } from '../../api/connection-context';
import { BackLink } from '../../components/BackLink';
import { ErrorSummary } from '../../components/ErrorSummary';
import {
  CODE_INPUT,
  CheckboxField,
  RadiosField,
  SelectField,
  TextField,
  type TextFieldBinding,
} from '../../components/FormFields';
import { Loading } from '../../components/Loading';
import { LoadFailure } from '../../components/LoadFailure';
import { useNotices } from '../../components/Notices';
import { useDocumentTitle } from '../../hooks/use-document-title';
import { useRemote, type Remote } from '../../hooks/use-remote';
import {
  NEW_GATEWAY_CONTEXT,
  NO_ERRORS,
  PROFILE_OPTIONS,
  aeTitleNote,
  buildDraft,
  checkBeforeSave,
  emptyForm,
  errorSummaryItems,
  errorsFromFailure,
  formFromView,
  hasErrors,
  FIELD_IDS,
  type FormErrors,
  type GatewayDraftInput,
  type GatewayFormContext,
  type GatewayFormValues,
  type GatewayTextKey,
  type Provider,
} from '../../lib/gateway-form';
import { routeHref } from '../../routing/route';
import { ConnectionTestPanel } from './ConnectionTestPanel';
import { EnrolmentCommand } from './EnrolmentCommand';
import { RelayFields } from './RelayFields';
import { RoutesFieldset } from './RoutesFieldset';
import { WorkstationSection } from './WorkstationSection';

const GATEWAYS_HREF = routeHref({ name: 'gateways' });

const NO_GATEWAYS: Promise<IpcResult<GatewayView[]>> = Promise.resolve({ ok: true, value: [] });

/**
 * `#/gateways/new` and `#/gateways/<id>/edit`: a real site's gateway (issue 7). Loads the providers,
 * the gateway being edited and this workstation, then hands over to the form, which keeps its own
 * values from then on (a refetch after a reconnect does not overwrite what is being typed).
 */
export function GatewayFormPage({ gatewayId }: { gatewayId: string | null }) {
  const api = useApi();
  const providers = useRemote(() => api.providers.list({}));
  const gateways = useRemote(() => (gatewayId === null ? NO_GATEWAYS : api.gateways.list({})));
  const workstation = useRemote(() => api.app.workstation({}));

  const gateway =
    gatewayId !== null && gateways.remote.status === 'ready'
      ? (gateways.remote.data.find((item) => item.id === gatewayId) ?? null)
      : null;
  const title = gatewayId === null ? 'Add a gateway' : gateway ? `Edit ${gateway.name}` : 'Edit a gateway';
  useDocumentTitle(title);

  if (providers.remote.status === 'failed') {
    return <LoadFailure what="the providers" error={providers.remote.error} onRetry={providers.reload} />;
  }
  if (gateways.remote.status === 'failed') {
    return <LoadFailure what="the gateway" error={gateways.remote.error} onRetry={gateways.reload} />;
  }
  if (providers.remote.status === 'loading' || gateways.remote.status === 'loading') {
    return (
      <>
        <BackLink href={GATEWAYS_HREF}>Back to gateways</BackLink>
        <h1>{title}</h1>
        <Loading what="the gateway form" />
      </>
    );
  }
  if (gatewayId !== null && !gateway) {
    return (
      <>
        <BackLink href={GATEWAYS_HREF}>Back to gateways</BackLink>
        <h1>Gateway not found</h1>
        <p className="nhsuk-body">
          This gateway may have been removed. <a href={GATEWAYS_HREF}>Go to the gateways</a> to see the ones
          that are set up.
        </p>
      </>
    );
  }
  return (
    <GatewayForm
      title={title}
      providers={providers.remote.data}
      gateway={gateway}
      workstation={workstation.remote}
      onRetryWorkstation={workstation.reload}
    />
  );
}

interface GatewayFormProps {
  title: string;
  providers: readonly Provider[];
  /** Null for a new gateway. */
  gateway: GatewayView | null;
  workstation: Remote<Workstation>;
  onRetryWorkstation: () => void;
}

function initialState(
  gateway: GatewayView | null,
  providers: readonly Provider[],
): { values: GatewayFormValues; context: GatewayFormContext } {
  return gateway
    ? formFromView(gateway, providers)
    : { values: emptyForm(providers), context: NEW_GATEWAY_CONTEXT };
}

function GatewayForm({ title, providers, gateway, workstation, onRetryWorkstation }: GatewayFormProps) {
  const api = useApi();
  const notices = useNotices();
  const [initial] = useState(() => initialState(gateway, providers));
  const { context } = initial;
  const editing = context.gatewayId !== null;
  const [values, setValues] = useState(initial.values);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  // Bumped on every attempt that ends in errors, so the summary takes focus again each time.
  const [attempt, setAttempt] = useState(0);
  const [saving, setSaving] = useState(false);
  const savingRef = useRef(false);
  // The draft the running connection test sent, to read its errors against.
  const testedDraft = useRef<GatewayDraftInput | null>(null);

  const set =
    <K extends keyof GatewayFormValues>(key: K) =>
    (value: GatewayFormValues[K]) =>
      setValues((previous) => ({ ...previous, [key]: value }));

  const showErrors = (next: FormErrors) => {
    setErrors(next);
    setAttempt((previous) => previous + 1);
  };

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (savingRef.current) return;
    const local = checkBeforeSave(values, context);
    if (local) {
      showErrors(local);
      return;
    }
    savingRef.current = true;
    setSaving(true);
    const draft = buildDraft(values, context);
    const result = await api.gateways.save(draft);
    savingRef.current = false;
    setSaving(false);
    if (!result.ok) {
      showErrors(errorsFromFailure(result.error, draft));
      return;
    }
    // The key is never kept once saved (and main never sends it back).
    setValues((previous) => ({ ...previous, sendKey: '' }));
    notices.setFlash({ href: GATEWAYS_HREF, text: 'Gateway saved' });
    notices.announce('Gateway saved');
    // Replace rather than push: Back from the list should not reopen a form that has been saved.
    window.location.replace(GATEWAYS_HREF);
  };

  const fieldError = (path: string): string | undefined => errors.fields[path];
  // Id, error and value from the same key, so a field can never show another field's error.
  const bind = (key: GatewayTextKey): TextFieldBinding => ({
    id: FIELD_IDS[key],
    error: fieldError(key),
    value: values[key],
    onChange: set(key),
  });
  const unknown = context.unknown;
  const provider = providers.find((item) => item.id === values.providerId);

  return (
    <>
      <BackLink href={GATEWAYS_HREF}>Back to gateways</BackLink>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          {hasErrors(errors) ? (
            <ErrorSummary items={errorSummaryItems(errors, values.routes.length)} focusKey={attempt} />
          ) : null}
          <h1>{title}</h1>
          <p className="nhsuk-body">
            {editing
              ? 'Change the gateway’s details, test the connection, then save.'
              : 'Enter the Azure Relay details from the Azure portal and the gateway details hospital IT give you. Test the connection before you save.'}
          </p>

          <form noValidate onSubmit={(event) => void save(event)}>
            <h2>Gateway</h2>
            <SelectField
              id={FIELD_IDS.providerId}
              label="Provider"
              hint="The NHS trust whose clinics this gateway serves."
              error={fieldError('providerId')}
              value={values.providerId}
              onChange={set('providerId')}
              placeholder="Choose a provider"
              options={providers.map((item) => ({ value: item.id, label: `${item.name} (${item.odsCode})` }))}
            />
            <TextField
              {...bind('name')}
              label="Gateway name"
              hint="How staff will see it on the Gateways screen and in the message log, for example Alpha Hospital Trust gateway."
              widthClass="nhsuk-input--width-30"
              spellCheck
            />

            <RelayFields bind={bind} editing={editing} sendRuleUnknown={unknown.has('sendRuleName')} />

            <h2>Protocol and routes</h2>
            <RadiosField
              id={FIELD_IDS.profile}
              legend="Protocol"
              hint="How this workstation talks to the gateway. Hospital IT can tell you which the gateway speaks."
              error={fieldError('profile')}
              value={values.profile}
              onChange={set('profile')}
              options={PROFILE_OPTIONS}
            />
            <RoutesFieldset
              profile={values.profile}
              routes={values.routes}
              onChange={set('routes')}
              errors={errors}
              onErrorsChange={setErrors}
              askAgain={editing && unknown.has('routes')}
              announce={notices.announce}
            />
            <TextField
              {...bind('gatewayPublicKey')}
              label="Gateway public key"
              hint={
                <>
                  Printed by <span className="app-code">modality-link-gateway init</span> when the gateway was
                  installed: 44 characters, ending in =. This workstation uses it to check that messages
                  really come from the gateway. Needed for the Modality Link gateway protocol.
                  {editing && unknown.has('gatewayPublicKey') && context.keyEnrolled ? (
                    <> A key is enrolled, but Modality Link does not show it: paste it again to keep it.</>
                  ) : null}
                </>
              }
              widthClass="nhsuk-u-width-full"
              {...CODE_INPUT}
            />

            <h2>Other settings</h2>
            <TextField
              {...bind('modalityAeTitle')}
              label="Modality AE title (optional)"
              hint={
                <>
                  The mammography machine’s DICOM name, up to 16 characters, for example ALPHA_MG1. Worklist
                  items are then scheduled for that machine. Leave blank if any machine may take them.
                  {aeTitleNote(values.profile) ? <> {aeTitleNote(values.profile)}</> : null}
                  {editing && unknown.has('modalityAeTitle') ? (
                    <> If one was set, enter it again: saving with this blank removes it.</>
                  ) : null}
                </>
              }
              widthClass="nhsuk-input--width-20"
              code
              autoComplete="off"
              autoCapitalize="characters"
            />
            <CheckboxField
              id={FIELD_IDS.makeDefault}
              label="Make this the default gateway for the provider"
              hint={
                <>
                  {`Clinics of ${provider ? provider.name : 'the provider'} send their messages through the default gateway.`}
                  {editing && unknown.has('isDefault')
                    ? ' If this gateway is already the default, it stays the default when this is left unticked.'
                    : null}
                </>
              }
              error={fieldError('makeDefault')}
              checked={values.makeDefault}
              onChange={set('makeDefault')}
            />

            <WorkstationSection
              workstation={workstation}
              onRetry={onRetryWorkstation}
              announce={notices.announce}
              title="Enrol this workstation at the gateway"
              intro={
                <>
                  With the Modality Link gateway protocol, the gateway accepts only workstations it trusts.
                  Hospital IT run the command below on the gateway server. Read the fingerprint to them: it
                  must match the one the command prints.
                </>
              }
            >
              {(data) => <EnrolmentCommand workstation={data} announce={notices.announce} />}
            </WorkstationSection>

            <h2>Test the connection</h2>
            <p className="nhsuk-body">
              Sends a test message and a health check through the relay to the gateway, with the details
              above. A check the protocol does not have is shown as not available. Nothing is saved.
            </p>
            <ConnectionTestPanel
              run={() => {
                testedDraft.current = buildDraft(values, context);
                return api.gateways.testDraft(testedDraft.current);
              }}
              onStart={() => undefined}
              onError={(error) => {
                showErrors(errorsFromFailure(error, testedDraft.current ?? undefined));
                testedDraft.current = null;
              }}
              onDone={() => {
                // The draft passed main's checks, so earlier field errors no longer apply.
                setErrors(NO_ERRORS);
                testedDraft.current = null;
              }}
            />

            <div className="nhsuk-button-group">
              <button type="submit" className="nhsuk-button" aria-disabled={saving || undefined}>
                Save gateway
              </button>
              <a className="nhsuk-link" href={GATEWAYS_HREF}>
                Cancel
              </a>
            </div>
          </form>
        </div>
      </div>
    </>
  );
}
