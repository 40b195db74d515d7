import { useState } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { formErrors } from '../../forms/field-errors';
import {
  AutoDispatchDocument,
  OfferDeliveryDocument,
  ResendDeliveryDetailsDocument,
  SuggestVolunteersDocument,
  type DeliveryDetailFragment,
} from '../../gql/graphql';
import { useI18n } from '../../i18n/i18n';
import { useNow } from '../../live/useNow';
import { GeneralErrors } from '../../shared/Field';
import { useFormat } from '../../time/useFormat';

/** The API's words for a failed action, above the panel. */
function useProblems() {
  const { t } = useI18n();
  const [problems, setProblems] = useState<string[]>([]);
  return {
    problems,
    report: (error: CombinedError | undefined) => setProblems(formErrors(error, t('error.network')).general),
  };
}

/** The best-placed volunteers with the reasons the API gives, each with an Offer button; and auto mode. */
export function Suggestions({ request }: { request: DeliveryDetailFragment }) {
  const { t } = useI18n();
  const { problems, report } = useProblems();
  const [{ data, error }] = useQuery({
    query: SuggestVolunteersDocument,
    variables: { requestId: request.id },
  });
  const [offerState, offer] = useMutation(OfferDeliveryDocument);
  const [autoState, autoDispatch] = useMutation(AutoDispatchDocument);
  const busy = offerState.fetching || autoState.fetching;
  return (
    <section className="panel" aria-labelledby="suggestions-title">
      <h2 id="suggestions-title">{t('offers.suggestions')}</h2>
      <GeneralErrors errors={problems} />
      {request.autoDispatch ? (
        <p role="status">
          <span aria-hidden="true">⟳ </span>
          {t('offers.autoOn')}
        </p>
      ) : (
        <button
          type="button"
          disabled={busy}
          onClick={async () => report((await autoDispatch({ requestId: request.id })).error)}
        >
          {t('offers.autoDispatch')}
        </button>
      )}
      {error && <p role="alert">{error.message}</p>}
      {data && data.suggestVolunteers.length === 0 && <p>{t('offers.noSuggestions')}</p>}
      <ol className="suggestions">
        {data?.suggestVolunteers.map((match) => (
          <li key={match.volunteer.id}>
            <strong>{match.volunteer.name}</strong> ({match.volunteer.languages.join(', ')})
            <ul className="reasons">
              {match.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
            <button
              type="button"
              disabled={busy}
              aria-label={t('offers.offerTo', { name: match.volunteer.name })}
              onClick={async () =>
                report((await offer({ requestId: request.id, volunteerId: match.volunteer.id })).error)
              }
            >
              {t('offers.offer')}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Every offer made for the request, the pending ones with the time left to answer. */
export function Offers({ request }: { request: DeliveryDetailFragment }) {
  const { t } = useI18n();
  const format = useFormat();
  const now = useNow(15_000);
  if (request.offers.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="offers-title">
      <h2 id="offers-title">{t('offers.title')}</h2>
      <ul className="offers">
        {request.offers.map((offer) => {
          const left = format.remaining(offer.expiresAt, now);
          return (
            <li key={offer.id}>
              {offer.volunteer.name} — <strong>{t(`offerStatus.${offer.status}`)}</strong>
              {offer.status === 'PENDING' ? (
                <>
                  {' '}
                  ·{' '}
                  <time dateTime={offer.expiresAt}>
                    {left.overdue ? t('offers.expiring') : t('offers.expiresIn', { duration: left.text })}
                  </time>
                </>
              ) : (
                offer.respondedAt && (
                  <>
                    {' '}
                    · <time dateTime={offer.respondedAt}>{format.dateTime(offer.respondedAt)}</time>
                  </>
                )
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Texts the address, phone and notes again to the assigned volunteer (an audited read). */
export function ResendDetails({ request }: { request: DeliveryDetailFragment }) {
  const { t } = useI18n();
  const { problems, report } = useProblems();
  const [sent, setSent] = useState(false);
  const [{ fetching }, resend] = useMutation(ResendDeliveryDetailsDocument);
  return (
    <div className="inline-form">
      <GeneralErrors errors={problems} />
      <button
        type="button"
        disabled={fetching}
        onClick={async () => {
          const result = await resend({ requestId: request.id });
          report(result.error);
          setSent(!result.error);
        }}
      >
        {t('offers.resend')}
      </button>
      {sent && <p role="status">{t('offers.resent')}</p>}
    </div>
  );
}
