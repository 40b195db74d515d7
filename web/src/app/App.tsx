import { useEffect, useMemo, useState } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Provider } from 'urql';
import type { Session, SessionStore, SignOutReason } from '../auth/session';
import { SignIn } from '../auth/SignIn';
import { createApiClient } from '../graphql/client';
import { I18nProvider } from '../i18n/i18n';
import { AlertsScreen } from '../screens/alerts/AlertsScreen';
import { BroadcastsScreen } from '../screens/broadcasts/BroadcastsScreen';
import { DashboardScreen } from '../screens/dashboard/DashboardScreen';
import { DeliveriesBoard } from '../screens/deliveries/DeliveriesBoard';
import { DeliveryRequestPage } from '../screens/deliveries/DeliveryRequestPage';
import { NewDeliveryRequest } from '../screens/deliveries/NewDeliveryRequest';
import { InboxScreen } from '../screens/inbox/InboxScreen';
import { ShiftForm } from '../screens/shifts/ShiftForm';
import { ShiftPage } from '../screens/shifts/ShiftPage';
import { ShiftsScreen } from '../screens/shifts/ShiftsScreen';
import { StaffScreen } from '../screens/staff/StaffScreen';
import { TrainingEventForm } from '../screens/trainings/TrainingEventForm';
import { TrainingEventPage } from '../screens/trainings/TrainingEventPage';
import { TrainingsScreen } from '../screens/trainings/TrainingsScreen';
import { VolunteerImport } from '../screens/volunteers/VolunteerImport';
import { VolunteerPage } from '../screens/volunteers/VolunteerPage';
import { VolunteersScreen } from '../screens/volunteers/VolunteersScreen';
import { SettingsProvider, type ConsoleSettings } from '../settings/settings';
import { Layout } from './Layout';

function useSession(store: SessionStore) {
  const [state, setState] = useState<{ session: Session | null; reason: SignOutReason | null }>({
    session: store.current,
    reason: null,
  });
  useEffect(() => store.subscribe((session, reason) => setState({ session, reason })), [store]);
  return state;
}

export function App({ session: store, settings }: { session: SessionStore; settings: ConsoleSettings }) {
  const { session, reason } = useSession(store);
  // A fresh client (and cache) per signed-in user: nothing one user read is shown to the next.
  const token = session?.token;
  const client = useMemo(() => createApiClient(store), [store, token]);
  return (
    <I18nProvider>
      <SettingsProvider settings={settings}>
        <Provider value={client}>
          <BrowserRouter basename="/console">
            {session ? (
              <Routes>
                <Route element={<Layout session={session} onSignOut={() => store.signOut()} />}>
                  <Route index element={<DashboardScreen />} />
                  <Route path="deliveries" element={<DeliveriesBoard />} />
                  <Route path="deliveries/new" element={<NewDeliveryRequest />} />
                  <Route path="deliveries/:id" element={<DeliveryRequestPage />} />
                  <Route path="volunteers" element={<VolunteersScreen />} />
                  <Route path="volunteers/import" element={<VolunteerImport />} />
                  <Route path="volunteers/:id" element={<VolunteerPage />} />
                  <Route path="shifts" element={<ShiftsScreen />} />
                  <Route path="shifts/new" element={<ShiftForm />} />
                  <Route path="shifts/:id" element={<ShiftPage />} />
                  <Route path="shifts/:id/edit" element={<ShiftForm />} />
                  <Route path="broadcasts" element={<BroadcastsScreen />} />
                  <Route path="inbox" element={<InboxScreen />} />
                  <Route path="trainings" element={<TrainingsScreen />} />
                  <Route path="trainings/new" element={<TrainingEventForm />} />
                  <Route path="trainings/:id" element={<TrainingEventPage />} />
                  <Route path="trainings/:id/edit" element={<TrainingEventForm />} />
                  <Route path="alerts" element={<AlertsScreen />} />
                  {session.user.role === 'ADMIN' && <Route path="staff" element={<StaffScreen />} />}
                  <Route path="*" element={<Navigate to="/" replace />} />
                </Route>
              </Routes>
            ) : (
              <SignIn store={store} expired={reason === 'expired'} />
            )}
          </BrowserRouter>
        </Provider>
      </SettingsProvider>
    </I18nProvider>
  );
}
