import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { MineSections, type MineSectionContext } from '../messaging/inbound/mine-sections.js';
import { renderTemplate } from '../messaging/text/templates.js';
import { formatTextTime } from '../messaging/text/text-time.js';
import { DeliveryStatus } from './delivery-request.entity.js';
import './delivery-mine-templates.js';

/** After the shifts' section (10). */
const MINE_DELIVERIES_ORDER = 20;

/**
 * Deliveries' part of the MINE/MIOS reply: the volunteer's deliveries in progress (ASSIGNED or PICKED_UP), soonest
 * deliver-by first, each with its code and deliver-by in the network's time zone. Registered with messaging's
 * MineSections, so shifts (which answers MINE) and deliveries never import each other.
 */
@Injectable()
export class DeliveryMineSection implements OnModuleInit {
  constructor(
    private readonly mineSections: MineSections,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.mineSections.register({ order: MINE_DELIVERIES_ORDER, lines: (context) => this.lines(context) });
  }

  private async lines({ manager, volunteer, now }: MineSectionContext): Promise<string[]> {
    const rows: { code: number; status: DeliveryStatus; deliver_by: Date }[] = await manager.query(
      `SELECT code, status, deliver_by FROM delivery_requests
        WHERE assigned_volunteer_id = $1 AND status IN ($2, $3)
        ORDER BY deliver_by, code`,
      [volunteer.id, DeliveryStatus.ASSIGNED, DeliveryStatus.PICKED_UP],
    );
    const language = volunteer.preferredLanguage;
    return rows
      .map((row) =>
        renderTemplate(
          row.status === DeliveryStatus.PICKED_UP ? 'mine_delivery_picked_up' : 'mine_delivery_assigned',
          language,
          {
            code: row.code,
            when: formatTextTime(row.deliver_by, this.config.networkTimezone, language, now),
          },
        ),
      )
      .map((rendered) => rendered.body);
  }
}
