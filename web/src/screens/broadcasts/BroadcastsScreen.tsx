import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { formErrors, type FormErrors } from '../../forms/field-errors';
import { languageCodes } from '../../forms/input-text';
import { BroadcastsDocument, SendBroadcastDocument, Skill, type SendBroadcastInput } from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { Field, GeneralErrors } from '../../shared/Field';
import { ZoneCheckboxes } from '../../shared/ZoneSelect';
import { useFormat } from '../../time/useFormat';
import { BroadcastPreviewPanel } from './BroadcastPreviewPanel';
import { BroadcastProgressBar } from './BroadcastProgressBar';

interface Compose {
  body: string;
  bodyEs: string;
  zoneIds: string[];
  skills: Skill[];
  languages: string;
  urgent: boolean;
}

/** The API's input for what is composed: one shape for the preview and the send. */
function toInput(compose: Compose): SendBroadcastInput {
  return {
    body: compose.body,
    bodyByLanguage: compose.bodyEs.trim() ? [{ language: 'es', body: compose.bodyEs }] : [],
    zoneIds: compose.zoneIds,
    skills: compose.skills,
    languages: languageCodes(compose.languages),
    urgent: compose.urgent,
  };
}

const EMPTY: Compose = { body: '', bodyEs: '', zoneIds: [], skills: [], languages: '', urgent: false };

function ComposeForm() {
  const { t } = useI18n();
  const [compose, setCompose] = useState<Compose>(EMPTY);
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: [] });
  const [{ fetching }, send] = useMutation(SendBroadcastDocument);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await send({ input: toInput(compose) });
    setErrors(formErrors(result.error, t('error.network')));
    if (result.data) setCompose(EMPTY);
  }
  return (
    <form className="form" onSubmit={submit} aria-labelledby="compose-title" noValidate>
      <h2 id="compose-title">{t('broadcasts.compose')}</h2>
      <GeneralErrors errors={errors.general} />
      <Field label={t('broadcasts.body')} error={errors.fields.body}>
        <textarea
          rows={3}
          value={compose.body}
          onChange={(event) => setCompose({ ...compose, body: event.target.value })}
        />
      </Field>
      <Field label={t('broadcasts.bodyEs')} error={errors.fields.bodyByLanguage}>
        <textarea
          rows={3}
          value={compose.bodyEs}
          onChange={(event) => setCompose({ ...compose, bodyEs: event.target.value })}
        />
      </Field>
      <ZoneCheckboxes value={compose.zoneIds} onChange={(zoneIds) => setCompose({ ...compose, zoneIds })} />
      {errors.fields.zoneIds && <p className="field-error">{errors.fields.zoneIds}</p>}
      <fieldset>
        <legend>{t('volunteers.skills')}</legend>
        {Object.values(Skill).map((skill) => (
          <label key={skill} className="check">
            <input
              type="checkbox"
              checked={compose.skills.includes(skill)}
              onChange={(event) =>
                setCompose({
                  ...compose,
                  skills: event.target.checked
                    ? [...compose.skills, skill]
                    : compose.skills.filter((s) => s !== skill),
                })
              }
            />
            {t(`skill.${skill}`)}
          </label>
        ))}
      </fieldset>
      <Field
        label={t('broadcasts.languages')}
        hint={t('broadcasts.languagesHint')}
        error={errors.fields.languages}
      >
        <input
          value={compose.languages}
          onChange={(event) => setCompose({ ...compose, languages: event.target.value })}
        />
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={compose.urgent}
          onChange={(event) => setCompose({ ...compose, urgent: event.target.checked })}
        />
        {t('broadcasts.urgent')}
      </label>
      <BroadcastPreviewPanel input={toInput(compose)} />
      <button type="submit" disabled={fetching}>
        {t('broadcasts.send')}
      </button>
    </form>
  );
}

export function BroadcastsScreen() {
  const { t } = useI18n();
  const format = useFormat();
  const [{ data, error }] = useQuery({ query: BroadcastsDocument });
  return (
    <section aria-labelledby="broadcasts-title">
      <h1 id="broadcasts-title">{t('nav.broadcasts')}</h1>
      <ComposeForm />
      <h2>{t('broadcasts.recent')}</h2>
      {error && <p role="alert">{error.message}</p>}
      <ul className="broadcast-list">
        {data?.broadcasts.edges.map(({ node }) => (
          <li key={node.id} className="card">
            <p className="meta">
              <time dateTime={node.createdAt}>{format.dateTime(node.createdAt)}</time>
              {node.urgent && ` · ${t('broadcasts.urgentFlag')}`}
            </p>
            <blockquote>{node.body}</blockquote>
            <BroadcastProgressBar broadcast={node} />
          </li>
        ))}
      </ul>
    </section>
  );
}
