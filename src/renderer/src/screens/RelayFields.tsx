import { TextField } from '../components/FormFields';
import { FIELD_IDS, type GatewayFormValues } from '../lib/gateway-form';

type RelayKey = 'relayAddress' | 'hybridConnection' | 'sendRuleName' | 'sendKey';

interface RelayFieldsProps {
  values: Pick<GatewayFormValues, RelayKey>;
  set: <K extends RelayKey>(key: K) => (value: GatewayFormValues[K]) => void;
  fieldError: (path: string) => string | undefined;
  editing: boolean;
  /** The saved send rule name is not shown back, so an edit asks for it again. */
  sendRuleUnknown: boolean;
}

/** The gateway form's Azure Relay section: namespace, hybrid connection, send rule and key. */
export function RelayFields({ values, set, fieldError, editing, sendRuleUnknown }: RelayFieldsProps) {
  return (
    <>
      <h2>Azure Relay</h2>
      <TextField
        id={FIELD_IDS.relayAddress}
        label="Relay namespace"
        hint="As shown in the Azure portal, for example sb://alpha.servicebus.windows.net"
        error={fieldError('relayAddress')}
        value={values.relayAddress}
        onChange={set('relayAddress')}
        widthClass="nhsuk-u-width-full"
        code
        autoComplete="off"
        autoCapitalize="none"
      />
      <TextField
        id={FIELD_IDS.hybridConnection}
        label="Hybrid connection"
        hint="The name of the hybrid connection the gateway listens on, for example alpha-gateway. It is listed under Hybrid Connections in the relay namespace."
        error={fieldError('hybridConnection')}
        value={values.hybridConnection}
        onChange={set('hybridConnection')}
        widthClass="nhsuk-input--width-30"
        code
        autoComplete="off"
        autoCapitalize="none"
      />
      <TextField
        id={FIELD_IDS.sendRuleName}
        label="Send rule name"
        hint={
          <>
            The shared access policy with the Send right on this hybrid connection, for example app-send.
            {editing && sendRuleUnknown ? (
              <> Enter it again: Modality Link does not show the saved one.</>
            ) : null}
          </>
        }
        error={fieldError('sendRuleName')}
        value={values.sendRuleName}
        onChange={set('sendRuleName')}
        widthClass="nhsuk-input--width-30"
        code
        autoComplete="off"
        autoCapitalize="none"
      />
      <TextField
        id={FIELD_IDS.sendKey}
        label="Send key"
        type="password"
        secret
        hint={
          <>
            {editing ? 'A key is stored. Leave blank to keep it. ' : null}
            In the Azure portal, open the hybrid connection, then Shared access policies, then the Send
            policy, and copy its Primary key: 44 characters, ending in =. It is stored securely and never
            shown again.
          </>
        }
        error={fieldError('sendKey')}
        value={values.sendKey}
        onChange={set('sendKey')}
        widthClass="nhsuk-u-width-full"
        code
        autoComplete="off"
        autoCapitalize="none"
      />
    </>
  );
}
