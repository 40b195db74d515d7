import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { formErrors, type FormErrors } from '../../forms/field-errors';
import {
  InboxDocument,
  InboxUpdatedDocument,
  MarkInboxHandledDocument,
  ReplyToTextDocument,
  type InboxQuery,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useLiveQuery } from '../../live/useLiveQuery';
import { Field, GeneralErrors } from '../../shared/Field';
import { useFormat } from '../../time/useFormat';

type InboxText = InboxQuery['inbox']['edges'][number]['node'];

function InboxItem({ text }: { text: InboxText }) {
  const { t } = useI18n();
  const format = useFormat();
  const [reply, setReply] = useState('');
  const [sent, setSent] = useState(false);
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: [] });
  const [replyState, sendReply] = useMutation(ReplyToTextDocument);
  const [handledState, markHandled] = useMutation(MarkInboxHandledDocument);
  const from = text.volunteer ? text.volunteer.name : (text.phone ?? t('inbox.unknown'));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.volunteer) return;
    const result = await sendReply({ volunteerId: text.volunteer.id, body: reply });
    setErrors(formErrors(result.error, t('error.network')));
    if (result.data) {
      setReply('');
      setSent(true);
    }
  }
  async function handled() {
    const result = await markHandled({ messageId: text.id });
    // A handled text leaves the list: the mutation drops the cached inbox, which is re-read.
    setErrors(formErrors(result.error, t('error.network')));
  }
  return (
    <li className="card">
      <p className="meta">
        {text.volunteer ? <Link to={`/volunteers/${text.volunteer.id}`}>{from}</Link> : from} ·{' '}
        <time dateTime={text.createdAt}>{format.dateTime(text.createdAt)}</time>
      </p>
      <blockquote>{text.body ?? t('volunteers.bodyWiped')}</blockquote>
      <GeneralErrors errors={errors.general} />
      {text.volunteer ? (
        <form className="inline-form" onSubmit={submit}>
          <Field label={t('inbox.replyTo', { name: from })} error={errors.fields.body}>
            <input value={reply} onChange={(event) => setReply(event.target.value)} />
          </Field>
          <button type="submit" disabled={replyState.fetching || !reply.trim()}>
            {t('inbox.send')}
          </button>
          {sent && <span role="status">{t('inbox.replySent')}</span>}
        </form>
      ) : (
        <p>{t('inbox.noVolunteer')}</p>
      )}
      <button type="button" disabled={handledState.fetching} onClick={() => void handled()}>
        {t('inbox.markHandled')}
      </button>
    </li>
  );
}

/** Texts nobody's command understood, oldest first: a coordinator answers and files them. */
export function InboxScreen() {
  const { t } = useI18n();
  const [{ data, error }] = useLiveQuery({ query: InboxDocument, variables: {} }, InboxUpdatedDocument);
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('nav.inbox')}</h1>
      {error && <p role="alert">{error.message}</p>}
      {data && <p role="status">{t('inbox.waiting', { count: data.inbox.totalCount })}</p>}
      <ul className="inbox">
        {data?.inbox.edges.map(({ node }) => (
          <InboxItem key={node.id} text={node} />
        ))}
      </ul>
    </section>
  );
}
