import { useMemo } from 'react';
import { useQuery } from 'urql';
import { formErrors } from '../../forms/field-errors';
import { BroadcastPreviewDocument, type SendBroadcastInput } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useDebounced } from '../../live/useDebounced';
import { useFormat } from '../../time/useFormat';

/** Recipients, segments and ETA as the API computes them for the input being composed (`broadcastPreview`). */
export function BroadcastPreviewPanel({ input }: { input: SendBroadcastInput }) {
  const { t } = useI18n();
  const format = useFormat();
  // Compared by content: the form builds a new input object on every render.
  const settledJson = useDebounced(JSON.stringify(input));
  const settled = useMemo(() => JSON.parse(settledJson) as SendBroadcastInput, [settledJson]);
  const [{ data, error, fetching }] = useQuery({
    query: BroadcastPreviewDocument,
    variables: { input: settled },
    pause: !settled.body.trim(),
  });
  const preview = data?.broadcastPreview;
  const problems = error ? formErrors(error, t('error.network')) : null;
  return (
    <section
      className="panel preview"
      aria-labelledby="preview-title"
      aria-live="polite"
      aria-busy={fetching}
    >
      <h3 id="preview-title">{t('broadcasts.preview')}</h3>
      {!settled.body.trim() && <p>{t('broadcasts.previewEmpty')}</p>}
      {problems && <p role="alert">{[...Object.values(problems.fields), ...problems.general].join(' ')}</p>}
      {preview && settled.body.trim() && (
        <>
          <dl className="preview-figures">
            <dt>{t('broadcasts.recipients')}</dt>
            <dd data-testid="preview-recipients">{preview.recipients}</dd>
            <dt>{t('broadcasts.segments')}</dt>
            <dd>{preview.segments}</dd>
            <dt>{t('broadcasts.lastText')}</dt>
            <dd>{preview.eta ? format.dateTime(preview.eta) : '—'}</dd>
          </dl>
          <ul className="preview-texts">
            {preview.texts.map((text) => (
              <li key={text.language ?? ''}>
                {text.language ?? t('broadcasts.defaultText')}:{' '}
                {t('broadcasts.textFigures', {
                  segments: text.segments,
                  encoding: text.encoding,
                  recipients: text.recipients,
                })}
              </li>
            ))}
          </ul>
          {preview.warnings.map((warning) => (
            <p key={warning} className="warning">
              <span aria-hidden="true">⚠ </span>
              {warning}
            </p>
          ))}
        </>
      )}
    </section>
  );
}
