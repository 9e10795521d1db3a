import { CODE_INPUT, TextField, type TextFieldBinding } from '../../components/FormFields';
import type { GatewayTextKey } from '../../lib/gateway-form';

interface RelayFieldsProps {
  bind: (key: GatewayTextKey) => TextFieldBinding;
  editing: boolean;
  /** The saved send rule name is not shown back, so an edit asks for it again. */
  sendRuleUnknown: boolean;
}

/** The gateway form's Azure Relay section: namespace, hybrid connection, send rule and key. */
export function RelayFields({ bind, editing, sendRuleUnknown }: RelayFieldsProps) {
  return (
    <>
      <h2>Azure Relay</h2>
      <TextField
        {...bind('relayAddress')}
        label="Relay namespace"
        hint="As shown in the Azure portal, for example sb://alpha.servicebus.windows.net"
        widthClass="nhsuk-u-width-full"
        {...CODE_INPUT}
      />
      <TextField
        {...bind('hybridConnection')}
        label="Hybrid connection"
        hint="The name of the hybrid connection the gateway listens on, for example alpha-gateway. It is listed under Hybrid Connections in the relay namespace."
        widthClass="nhsuk-input--width-30"
        {...CODE_INPUT}
      />
      <TextField
        {...bind('sendRuleName')}
        label="Send rule name"
        hint={
          <>
            The shared access policy with the Send right on this hybrid connection, for example app-send.
            {editing && sendRuleUnknown ? (
              <> Enter it again: Modality Link does not show the saved one.</>
            ) : null}
          </>
        }
        widthClass="nhsuk-input--width-30"
        {...CODE_INPUT}
      />
      <TextField
        {...bind('sendKey')}
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
        widthClass="nhsuk-u-width-full"
        {...CODE_INPUT}
      />
    </>
  );
}
