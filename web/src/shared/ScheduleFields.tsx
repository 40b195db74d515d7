import { useI18n } from '../i18n/i18n';
import { useFormat } from '../time/useFormat';
import { Field } from './Field';

type ScheduleName = 'startsAt' | 'endsAt';

/** Starts and Ends, typed in the network's time zone, each with the API's word on it beside it. */
export function ScheduleFields({
  startsAt,
  endsAt,
  errors,
  onChange,
}: {
  startsAt: string;
  endsAt: string;
  errors: Record<string, string>;
  onChange: (name: ScheduleName, value: string) => void;
}) {
  const { t } = useI18n();
  const { timeZone } = useFormat();
  const hint = t('common.inTimeZone', { zone: timeZone });
  const values: Record<ScheduleName, string> = { startsAt, endsAt };
  return (
    <>
      {(['startsAt', 'endsAt'] as const).map((name) => (
        <Field key={name} label={t(`shifts.${name}`)} hint={hint} error={errors[name]}>
          <input
            type="datetime-local"
            value={values[name]}
            onChange={(event) => onChange(name, event.target.value)}
          />
        </Field>
      ))}
    </>
  );
}
