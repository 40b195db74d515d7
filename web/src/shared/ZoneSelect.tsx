import type { SelectHTMLAttributes } from 'react';
import { useQuery } from 'urql';
import { ZonesDocument } from '../gql/graphql';
import { useI18n } from '../i18n/i18n';

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'>;

/** One zone (a form field or a filter); the labelling props (id, aria-*) go to the select. */
export function ZonePicker({
  value,
  onChange,
  allowAny,
  ...selectProps
}: SelectProps & { value: string; onChange: (zoneId: string) => void; allowAny?: boolean }) {
  const { t } = useI18n();
  const [{ data }] = useQuery({ query: ZonesDocument });
  return (
    <select {...selectProps} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{allowAny ? t('common.anyZone') : t('common.chooseZone')}</option>
      {data?.zones.map((zone) => (
        <option key={zone.id} value={zone.id}>
          {zone.name} ({zone.code})
        </option>
      ))}
    </select>
  );
}

/** Several zones: a broadcast's segment. */
export function ZoneCheckboxes({
  value,
  onChange,
}: {
  value: string[];
  onChange: (zoneIds: string[]) => void;
}) {
  const { t } = useI18n();
  const [{ data }] = useQuery({ query: ZonesDocument });
  return (
    <fieldset>
      <legend>{t('common.zones')}</legend>
      {data?.zones.map((zone) => (
        <label key={zone.id} className="check">
          <input
            type="checkbox"
            checked={value.includes(zone.id)}
            onChange={(event) =>
              onChange(event.target.checked ? [...value, zone.id] : value.filter((id) => id !== zone.id))
            }
          />
          {zone.name} ({zone.code})
        </label>
      ))}
    </fieldset>
  );
}
