/** The `subjectType` of texts about a training event. */
export const TRAINING_EVENT_SUBJECT = 'training_event';
