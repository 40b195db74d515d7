import { useCallback, useEffect, useState } from 'react';

/**
 * An edit form's fields: filled from the record once it arrives, then the user's alone. A live push of the same
 * record (a claim changing a shift's counts) must not overwrite what they are typing, and what they send is what
 * they changed since the form was filled (`original`), not what someone else changed since.
 */
export function useRecordFields<R, F>(
  record: R | undefined,
  fieldsOf: (record: R | undefined) => F,
): { fields: F; original: F | null; setFields: (update: F | ((current: F) => F)) => void } {
  const [form, setForm] = useState(() => ({
    fields: fieldsOf(record),
    original: record === undefined ? null : fieldsOf(record),
  }));
  useEffect(() => {
    if (record === undefined || form.original !== null) return;
    const filled = fieldsOf(record);
    setForm({ fields: filled, original: filled });
  }, [record, fieldsOf, form.original]);
  const setFields = useCallback(
    (update: F | ((current: F) => F)) =>
      setForm((current) => ({
        ...current,
        fields: typeof update === 'function' ? (update as (current: F) => F)(current.fields) : update,
      })),
    [],
  );
  return { fields: form.fields, original: form.original, setFields };
}
