import { useState, type FormEvent, type SelectHTMLAttributes } from 'react';
import { useMutation, useQuery } from 'urql';
import { formErrors, type FormErrors } from '../../forms/field-errors';
import {
  CreateStaffUserDocument,
  DeactivateStaffUserDocument,
  ResetStaffPasswordDocument,
  StaffRole,
  StaffUsersDocument,
  UpdateStaffUserDocument,
  type CreateStaffUserInput,
  type StaffRowFragment,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Field, GeneralErrors } from '../../shared/Field';
import { ZoneCheckboxes } from '../../shared/ZoneSelect';

const NO_ERRORS: FormErrors = { fields: {}, general: [] };

/** The labelling props (id, aria-*) from Field go to the select. */
function RoleSelect({
  value,
  onChange,
  ...selectProps
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> & {
  value: StaffRole;
  onChange: (role: StaffRole) => void;
}) {
  const { t } = useI18n();
  return (
    <select {...selectProps} value={value} onChange={(event) => onChange(event.target.value as StaffRole)}>
      {Object.values(StaffRole).map((role) => (
        <option key={role} value={role}>
          {t(`role.${role}`)}
        </option>
      ))}
    </select>
  );
}

type NewStaffUser = Omit<CreateStaffUserInput, 'zoneIds'> & { zoneIds: string[] };

function CreateStaffForm() {
  const { t } = useI18n();
  const empty: NewStaffUser = {
    email: '',
    name: '',
    password: '',
    role: StaffRole.Coordinator,
    zoneIds: [],
  };
  const [input, setInput] = useState<NewStaffUser>(empty);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [created, setCreated] = useState<string | null>(null);
  const [{ fetching }, create] = useMutation(CreateStaffUserDocument);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await create({ input });
    setErrors(formErrors(result.error, t('error.network')));
    setCreated(result.data?.createStaffUser.email ?? null);
    if (result.data) setInput(empty);
  }
  return (
    <form className="form" onSubmit={submit} aria-labelledby="new-staff-title" noValidate>
      <h2 id="new-staff-title">{t('staff.new')}</h2>
      <GeneralErrors errors={errors.general} />
      {created && <p role="status">{t('staff.created', { email: created })}</p>}
      <Field label={t('staff.email')} error={errors.fields.email}>
        <input
          type="email"
          autoComplete="off"
          value={input.email}
          onChange={(event) => setInput({ ...input, email: event.target.value })}
        />
      </Field>
      <Field label={t('staff.name')} error={errors.fields.name}>
        <input value={input.name} onChange={(event) => setInput({ ...input, name: event.target.value })} />
      </Field>
      <Field label={t('staff.password')} hint={t('staff.passwordHint')} error={errors.fields.password}>
        <input
          type="password"
          autoComplete="new-password"
          value={input.password}
          onChange={(event) => setInput({ ...input, password: event.target.value })}
        />
      </Field>
      <Field label={t('staff.role')} error={errors.fields.role}>
        <RoleSelect value={input.role} onChange={(role) => setInput({ ...input, role })} />
      </Field>
      <ZoneCheckboxes value={input.zoneIds} onChange={(zoneIds) => setInput({ ...input, zoneIds })} />
      <p className="hint">{t('staff.zonesHint')}</p>
      {errors.fields.zoneIds && <p className="field-error">{errors.fields.zoneIds}</p>}
      <button type="submit" disabled={fetching}>
        {t('staff.create')}
      </button>
    </form>
  );
}

/** Role and zones, deactivation and a new password for one account. */
function StaffEditor({ user }: { user: StaffRowFragment }) {
  const { t } = useI18n();
  const [role, setRole] = useState(user.role);
  const [zoneIds, setZoneIds] = useState(user.zones.map((zone) => zone.id));
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [done, setDone] = useState<string | null>(null);
  const [updateState, update] = useMutation(UpdateStaffUserDocument);
  const [deactivateState, deactivate] = useMutation(DeactivateStaffUserDocument);
  const [resetState, reset] = useMutation(ResetStaffPasswordDocument);
  const busy = updateState.fetching || deactivateState.fetching || resetState.fetching;
  function settle(error: Parameters<typeof formErrors>[0], message: string) {
    setErrors(formErrors(error, t('error.network')));
    setDone(error ? null : message);
  }
  async function save(event: FormEvent) {
    event.preventDefault();
    settle((await update({ id: user.id, input: { role, zoneIds } })).error, t('staff.saved'));
  }
  async function setNewPassword(event: FormEvent) {
    event.preventDefault();
    const result = await reset({ id: user.id, password });
    settle(result.error, t('staff.passwordReset'));
    if (!result.error) setPassword('');
  }
  return (
    <div className="staff-editor">
      <GeneralErrors errors={errors.general} />
      {done && <p role="status">{done}</p>}
      <form
        className="form inline-form"
        onSubmit={save}
        aria-label={t('staff.editOf', { email: user.email })}
      >
        <Field label={t('staff.role')} error={errors.fields.role}>
          <RoleSelect value={role} onChange={setRole} />
        </Field>
        <ZoneCheckboxes value={zoneIds} onChange={setZoneIds} />
        <button type="submit" disabled={busy}>
          {t('staff.save')}
        </button>
      </form>
      <form
        className="form inline-form"
        onSubmit={setNewPassword}
        aria-label={t('staff.resetOf', { email: user.email })}
      >
        <Field label={t('staff.newPassword')} hint={t('staff.passwordHint')} error={errors.fields.password}>
          <input
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
        <button type="submit" disabled={busy || !password}>
          {t('staff.resetPassword')}
        </button>
      </form>
      {user.active && (
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={async () => settle((await deactivate({ id: user.id })).error, t('staff.deactivated'))}
        >
          {t('staff.deactivate')}
        </button>
      )}
    </div>
  );
}

export function StaffScreen() {
  const { t } = useI18n();
  const [{ data, error }] = useQuery({ query: StaffUsersDocument });
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section aria-labelledby="staff-title">
      <h1 id="staff-title">{t('nav.staff')}</h1>
      <CreateStaffForm />
      <h2>{t('staff.accounts')}</h2>
      {error && <p role="alert">{error.message}</p>}
      <ul className="staff-list">
        {data?.staffUsers.edges.map(({ node: user }) => (
          <li key={user.id} className="card">
            <p>
              <strong>{user.name ?? user.email}</strong> · {user.email} · {t(`role.${user.role}`)} ·{' '}
              {user.zones.length > 0 ? user.zones.map((zone) => zone.code).join(', ') : t('staff.everyZone')}
              {!user.active && (
                <>
                  {' '}
                  · <span className="flag">{t('staff.inactive')}</span>
                </>
              )}
            </p>
            <button
              type="button"
              aria-expanded={editing === user.id}
              aria-label={t('staff.manage', { email: user.email })}
              onClick={() => setEditing(editing === user.id ? null : user.id)}
            >
              {t('staff.manageShort')}
            </button>
            {editing === user.id && <StaffEditor user={user} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
