import type { Route } from '../routing/route';
import { AppointmentPage } from './appointment/AppointmentPage';
import { AuditPage } from './audit/AuditPage';
import { ClinicDayPage } from './clinics/ClinicDayPage';
import { ClinicImportPage } from './import/ClinicImportPage';
import { ClinicListPage } from './clinics/ClinicListPage';
import { DashboardPage } from './dashboard/DashboardPage';
import { GatewayFormPage } from './gateways/GatewayFormPage';
import { GatewaysPage } from './gateways/GatewaysPage';
import { MessageDetailPage } from './messages/MessageDetailPage';
import { MessageListPage } from './messages/MessageListPage';
import { NotFoundPage } from './NotFoundPage';
import { StaffPage } from './staff/StaffPage';

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
