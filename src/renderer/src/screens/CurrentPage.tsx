import type { Route } from '../routing/route';
import { AppointmentPage } from './AppointmentPage';
import { AuditPage } from './AuditPage';
import { ClinicDayPage } from './ClinicDayPage';
import { ClinicImportPage } from './ClinicImportPage';
import { ClinicListPage } from './ClinicListPage';
import { DashboardPage } from './DashboardPage';
import { GatewayFormPage } from './GatewayFormPage';
import { GatewaysPage } from './GatewaysPage';
import { MessageDetailPage } from './MessageDetailPage';
import { MessageListPage } from './MessageListPage';
import { NotFoundPage } from './NotFoundPage';
import { StaffPage } from './StaffPage';

export function CurrentPage({ route }: { route: Route }) {
  switch (route.name) {
    case 'clinics':
      return <ClinicListPage />;
    case 'clinic':
      return <ClinicDayPage clinicId={route.clinicId} />;
    case 'appointment':
      return <AppointmentPage appointmentId={route.appointmentId} />;
    case 'messages':
      return <MessageListPage clinicId={route.clinicId} />;
    case 'message':
      return <MessageDetailPage messageId={route.messageId} />;
    case 'gateways':
      return <GatewaysPage />;
    case 'gateway-new':
      return <GatewayFormPage gatewayId={null} />;
    case 'gateway-edit':
      return <GatewayFormPage gatewayId={route.gatewayId} />;
    case 'audit':
      return <AuditPage />;
    case 'staff':
      return <StaffPage />;
    case 'dashboard':
      return <DashboardPage />;
    case 'clinic-import':
      return <ClinicImportPage />;
    case 'not-found':
      return <NotFoundPage />;
  }
}
