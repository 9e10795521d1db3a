import type { ReactNode } from 'react';
import type { GatewayView } from '#shared/ipc/views';
import { MANUAL_MODE_TEXT, describeGatewayProblem } from '../../lib/labels';
import type { OutcomeRecording } from '../../lib/staff-actions';

interface ClinicModeNoticeProps {
  recording: OutcomeRecording;
  gateway: GatewayView | null;
  /** What the gateway-down callout adds about recording by hand on this screen. */
  gatewayDownAdvice: string;
  /** The manual-mode switch, on the clinic day; other screens leave it out. */
  children?: ReactNode;
}

/**
 * Why outcomes are (or may be) recorded by hand on this screen, as a warning callout: the clinic is
 * in manual mode, or its gateway is offline (in the Gateways screen's words). Nothing otherwise.
 */
export function ClinicModeNotice({ recording, gateway, gatewayDownAdvice, children }: ClinicModeNoticeProps) {
  if (recording === 'manual') {
    return (
      <div className="nhsuk-warning-callout app-callout--tight">
        <h2 className="nhsuk-warning-callout__label">
          <span className="nhsuk-u-visually-hidden">Important: </span>This clinic is in manual mode
        </h2>
        <p>{MANUAL_MODE_TEXT}</p>
        {children}
      </div>
    );
  }
  const problem = recording === 'gateway_down' && gateway ? describeGatewayProblem(gateway) : null;
  if (!problem) return null;
  return (
    <div className="nhsuk-warning-callout app-callout--tight">
      <h2 className="nhsuk-warning-callout__label">
        <span className="nhsuk-u-visually-hidden">Important: </span>
        {problem.title}
      </h2>
      <p>{problem.text}</p>
      <p>{gatewayDownAdvice}</p>
      {children}
    </div>
  );
}
