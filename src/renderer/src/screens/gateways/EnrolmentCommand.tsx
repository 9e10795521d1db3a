import { useRef } from 'react';
import type { Workstation } from '#shared/ipc/views';
import { CodeBlock } from '../../components/CodeBlock';
import { copyOutcomeText, copyText } from '../../lib/clipboard';
import { trustCommand } from '../../lib/gateway-form';

/** The `trust add` command for hospital IT, with "Copy command"; nothing in it is secret. */
export function EnrolmentCommand({
  workstation,
  announce,
}: {
  workstation: Workstation;
  announce: (text: string) => void;
}) {
  const pre = useRef<HTMLPreElement>(null);
  const command = trustCommand(workstation);
  const copy = async () => {
    announce(copyOutcomeText('command', await copyText(command, pre.current)));
  };
  return (
    <>
      <CodeBlock title="Command to run on the gateway" text={command} level={3} preRef={pre} />
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void copy()}>
        Copy command
      </button>
      <p className="nhsuk-body">
        The gateway reads its trusted workstations when it starts, so IT restart it afterwards (on Linux,{' '}
        <span className="app-code">sudo systemctl restart modality-link-gateway</span>). The name after{' '}
        <span className="app-code">trust add</span> is only a label: IT can use another, such as reception-1.
      </p>
    </>
  );
}
