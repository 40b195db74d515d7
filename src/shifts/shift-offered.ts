/**
 * Whether volunteers may be offered a shift (`shift`: its SQL alias): one that stands alone always, a training
 * event's shift only while the event is PUBLISHED (a draft is still being prepared; a cancelled or completed
 * event needs nobody). SHIFTS, CLAIM by code and the publish offer all read it.
 */
export function offeredShiftSql(shift: string): string {
  return `(${shift}.event_id IS NULL OR EXISTS (
    SELECT 1 FROM training_events offered_event
     WHERE offered_event.id = ${shift}.event_id AND offered_event.status = 'PUBLISHED'))`;
}
