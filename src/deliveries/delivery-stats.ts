import type { EntityManager } from 'typeorm';
import type { Zone } from '../zones/zone.entity.js';
import { OfferStatus } from './delivery-offer.entity.js';
import { CLOSED_STATUSES, DeliveryStatus } from './delivery-request.entity.js';
import type { ZoneDeliveryStats } from './dto/delivery-stats.js';

const STATUSES = Object.values(DeliveryStatus);

interface StatsRow {
  zone_id: string;
  zone_code: string;
  zone_name: string;
  zone_created_at: Date;
  requests: number;
  median_to_assignment: number | null;
  p90_to_assignment: number | null;
  median_to_delivery: number | null;
  p90_to_delivery: number | null;
  overdue: number;
  declined: number;
  expired: number;
  [status: `status_${string}`]: number;
}

/**
 * The figures of `deliveryStats`, in one query: for each zone (`zoneIds`; null: every zone), the requests taken
 * in [from, to) — intake is the history's first row — by status now, the median and 90th percentile of the minutes
 * from intake to the first assignment and to delivery (percentile_cont over those that got there), and how many
 * are overdue at `now`; and the offers of the zone's requests declined or expired in [from, to) (by `respondedAt`,
 * whenever the request was taken). Every zone asked for has a row, zeros included.
 */
export async function deliveryStats(
  manager: EntityManager,
  zoneIds: string[] | null,
  from: Date,
  to: Date,
  now: Date,
): Promise<ZoneDeliveryStats[]> {
  const minutes = (column: string, fraction: number) =>
    `percentile_cont(${fraction}) WITHIN GROUP (ORDER BY extract(epoch FROM req.${column} - req.intake_at) / 60)`;
  const byStatus = STATUSES.map(
    (status, index) => `count(req.id) FILTER (WHERE req.status = $${index + 8})::int AS "status_${status}"`,
  ).join(',\n');
  const rows: StatsRow[] = await manager.query(
    `WITH req AS (
       SELECT r.id, r.zone_id, r.status, r.deliver_by, h.intake_at, h.assigned_at, h.delivered_at
         FROM delivery_requests r
         CROSS JOIN LATERAL (
           SELECT min(t.at) FILTER (WHERE t.from_status IS NULL) AS intake_at,
                  min(t.at) FILTER (WHERE t.to_status = 'ASSIGNED') AS assigned_at,
                  min(t.at) FILTER (WHERE t.to_status = 'DELIVERED') AS delivered_at
             FROM delivery_transitions t WHERE t.request_id = r.id
         ) h
        WHERE ($1::uuid[] IS NULL OR r.zone_id = ANY ($1::uuid[])) AND h.intake_at >= $2 AND h.intake_at < $3
     ),
     responses AS (
       SELECT r.zone_id,
              count(*) FILTER (WHERE o.status = $6)::int AS declined,
              count(*) FILTER (WHERE o.status = $7)::int AS expired
         FROM delivery_offers o
         JOIN delivery_requests r ON r.id = o.request_id
        WHERE ($1::uuid[] IS NULL OR r.zone_id = ANY ($1::uuid[]))
          AND o.status IN ($6, $7) AND o.responded_at >= $2 AND o.responded_at < $3
        GROUP BY r.zone_id
     )
     SELECT z.id AS zone_id, z.code AS zone_code, z.name AS zone_name, z.created_at AS zone_created_at,
            count(req.id)::int AS requests,
            ${byStatus},
            ${minutes('assigned_at', 0.5)} AS median_to_assignment,
            ${minutes('assigned_at', 0.9)} AS p90_to_assignment,
            ${minutes('delivered_at', 0.5)} AS median_to_delivery,
            ${minutes('delivered_at', 0.9)} AS p90_to_delivery,
            count(req.id) FILTER (WHERE req.deliver_by < $4 AND req.status <> ALL ($5::delivery_status[]))::int
              AS overdue,
            coalesce(min(responses.declined), 0)::int AS declined,
            coalesce(min(responses.expired), 0)::int AS expired
       FROM zones z
       LEFT JOIN req ON req.zone_id = z.id
       LEFT JOIN responses ON responses.zone_id = z.id
      WHERE $1::uuid[] IS NULL OR z.id = ANY ($1::uuid[])
      GROUP BY z.id
      ORDER BY z.code`,
    [zoneIds, from, to, now, CLOSED_STATUSES, OfferStatus.DECLINED, OfferStatus.EXPIRED, ...STATUSES],
  );
  return rows.map((row) => ({
    zone: {
      id: row.zone_id,
      code: row.zone_code,
      name: row.zone_name,
      createdAt: row.zone_created_at,
    } as Zone,
    requests: row.requests,
    byStatus: STATUSES.map((status) => ({ status, count: row[`status_${status}`] ?? 0 })),
    medianMinutesToAssignment: row.median_to_assignment,
    p90MinutesToAssignment: row.p90_to_assignment,
    medianMinutesToDelivery: row.median_to_delivery,
    p90MinutesToDelivery: row.p90_to_delivery,
    overdue: row.overdue,
    declined: row.declined,
    expired: row.expired,
  }));
}
