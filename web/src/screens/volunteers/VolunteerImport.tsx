import Papa from 'papaparse';
import { useMemo, useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { formErrors } from '../../forms/field-errors';
import { ImportVolunteersDocument } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Field, GeneralErrors } from '../../shared/Field';

const PREVIEW_ROWS = 20;

export function VolunteerImport() {
  const { t } = useI18n();
  const [csv, setCsv] = useState('');
  const [{ data, error, fetching }, importCsv] = useMutation(ImportVolunteersDocument);
  // Only a preview of what the file holds; the API checks every row and reports its errors by row number.
  const preview = useMemo(
    () => (csv.trim() ? Papa.parse<string[]>(csv.trim(), { skipEmptyLines: true }).data : []),
    [csv],
  );
  const [header, ...rows] = preview;
  const result = data?.importVolunteers;

  async function readFile(file: File | undefined) {
    if (file) setCsv(await file.text());
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    await importCsv({ csv });
  }
  return (
    <section aria-labelledby="import-title">
      <h1 id="import-title">{t('volunteers.import')}</h1>
      <p>{t('volunteers.importHelp')}</p>
      <form onSubmit={submit} className="form">
        <Field label={t('volunteers.csvFile')}>
          <input
            type="file"
            accept=".csv,text/csv"
            onChange={(event) => void readFile(event.target.files?.[0])}
          />
        </Field>
        <Field label={t('volunteers.csvText')}>
          <textarea rows={6} value={csv} onChange={(event) => setCsv(event.target.value)} />
        </Field>
        {header && (
          <div className="table-wrap">
            <table>
              <caption>
                {t('volunteers.preview', { shown: Math.min(rows.length, PREVIEW_ROWS), count: rows.length })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('volunteers.row')}</th>
                  {header.map((name, index) => (
                    <th scope="col" key={index}>
                      {name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, PREVIEW_ROWS).map((row, index) => (
                  <tr key={index}>
                    <td>{index + 2}</td>
                    {header.map((_name, cell) => (
                      <td key={cell}>{row[cell]}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <GeneralErrors errors={formErrors(error, t('error.network')).general} />
        <button type="submit" disabled={fetching || !csv.trim()}>
          {t('volunteers.importSubmit')}
        </button>
      </form>
      {result && (
        <section aria-labelledby="import-result" role="status">
          <h2 id="import-result">
            {t('volunteers.importResult', {
              created: result.created,
              updated: result.updated,
              unchanged: result.unchanged,
            })}
          </h2>
          {result.errors.length > 0 && (
            <table>
              <caption>{t('volunteers.rowErrors', { count: result.errors.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('volunteers.row')}</th>
                  <th scope="col">{t('volunteers.column')}</th>
                  <th scope="col">{t('volunteers.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((problem) => (
                  <tr key={`${problem.row}-${problem.field}`}>
                    <td>{problem.row}</td>
                    <td>{problem.field}</td>
                    <td>{problem.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </section>
  );
}
